/**
 * A `clientConfig` made usable: the transport plus the client's own authentication to the
 * server (`clientConfig.auth`). Basic and Bearer records become a fixed `Authorization`
 * header; an OAuth2 grant record becomes a token manager, so a resource server can hold a
 * token of its own for the introspection endpoint. When that token is refused with a 401,
 * it is dropped and the request is sent once more with a fresh one, never more.
 */
import type { AuthSettings, ClientSettings } from './check-config.js';
import { createTransport, type FormResponse } from './transport.js';
import { TokenManager, createTokenManagerFrom } from './token-manager.js';

/**
 * A client auth handler of the caller's (structurally `@pointe/http`'s `ClientAuthHandler`):
 * how `@pointe/http` lets any of its client auth records (a self-signed JWT included)
 * authenticate the resource server to the introspection endpoint.
 */
export interface OAuth2ClientAuthHandler {
  /** The headers to add, e.g. `{ authorization: 'Bearer …' }`. */
  getSecurityHeaders(): Record<string, string> | Promise<Record<string, string>>;
  /** Called on a 401 with the headers the refused request carried; `true`: the credentials were renewed, retry once. */
  onUnauthorized?(sent?: Readonly<Record<string, string>>): boolean | Promise<boolean>;
}

export interface EndpointClient {
  post(url: URL, form: () => URLSearchParams, headers?: Record<string, string>): Promise<FormResponse>;
  close(): Promise<void>;
}

export function createEndpointClient(settings: ClientSettings, handler?: OAuth2ClientAuthHandler): EndpointClient {
  const transport = createTransport(settings);
  const auth = settings.auth === undefined ? undefined : authHeader(settings.auth);
  return {
    async post(url, form, headers = {}) {
      if (handler !== undefined) {
        const sent = await handler.getSecurityHeaders();
        const response = await transport.post(url, form(), { ...headers, ...sent });
        if (response.status !== 401 || handler.onUnauthorized === undefined || !(await handler.onUnauthorized(sent))) return response;
        return transport.post(url, form(), { ...headers, ...(await handler.getSecurityHeaders()) });
      }
      if (auth === undefined) return transport.post(url, form(), headers);
      if (auth instanceof TokenManager) {
        const token = await auth.token();
        const response = await transport.post(url, form(), { ...headers, authorization: `Bearer ${token}` });
        if (response.status !== 401) return response;
        auth.invalidate(token);
        return transport.post(url, form(), { ...headers, authorization: `Bearer ${await auth.token()}` });
      }
      return transport.post(url, form(), { ...headers, authorization: auth });
    },
    async close() {
      await Promise.all([transport.close(), auth instanceof TokenManager ? auth.close() : undefined]);
    },
  };
}

function authHeader(auth: AuthSettings): string | TokenManager {
  switch (auth.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${auth.config.username}:${auth.config.password}`, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${auth.config.token}`;
    case 'grant':
      return createTokenManagerFrom(auth.grant);
  }
}
