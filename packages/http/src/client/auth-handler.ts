/**
 * The contract between the `Client` and the auth handlers: Basic, Bearer and self-signed
 * JWT here, the OAuth2 grants next to them, or a user's own object of the same shape.
 */
import { describeError } from '@pointe/common';
import { ClientAuthError, ClientErrorCodes } from '../errors.js';
import { credentialsOf } from '../listener/authorization-header.js';

/** Produces the credentials of outgoing requests. */
export interface ClientAuthHandler {
  /**
   * The headers to add to one outgoing request (may issue, fetch or refresh credentials).
   * Header names should be lower case. Rejects with a `ClientAuthError` when no credential
   * can be produced; the request is then not sent.
   */
  getSecurityHeaders(): Promise<Record<string, string>>;
  /**
   * Called when the resource server answered 401. Drop whatever credential is cached and
   * return `true` to have the request sent once more with fresh credentials (never more
   * than once per request); `false` hands the 401 response to the caller.
   *
   * `sent` is what `getSecurityHeaders()` gave the refused request; the `Client` always passes
   * it (with lower-case names). A handler whose credential was renewed while that request was in
   * flight drops the credential only if it is still the one refused, so a late 401 does not
   * throw away the fresh one (and cost another token request).
   */
  onUnauthorized?(sent?: Readonly<Record<string, string>>): Promise<boolean>;
}

/** What `enrich()` works on: any request object with a header map. */
export interface ClientAuthRequest {
  /** The request headers, by name. */
  headers: Record<string, string>;
}

/**
 * Sets the handler's headers on `request` (replacing any header of the same name in any
 * letter case) and returns the same request.
 */
export async function enrichRequest<R extends ClientAuthRequest>(handler: ClientAuthHandler, request: R): Promise<R> {
  const security = await securityHeaders(handler);
  for (const name of Object.keys(security)) {
    for (const existing of Object.keys(request.headers)) {
      if (existing.toLowerCase() === name) delete request.headers[existing];
    }
  }
  Object.assign(request.headers, security);
  return request;
}

/**
 * The handler's headers with lower-case names. Any failure becomes a `ClientAuthError`, so
 * a caller of the `Client` has one error type to catch for "no credentials".
 */
export async function securityHeaders(handler: ClientAuthHandler): Promise<Record<string, string>> {
  let headers: Record<string, string>;
  try {
    headers = await handler.getSecurityHeaders();
  } catch (err) {
    if (err instanceof ClientAuthError) throw err;
    throw new ClientAuthError(ClientErrorCodes.AUTH_FAILED, `the auth handler could not produce credentials: ${describeError(err)}`, {
      cause: err,
    });
  }
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return lower;
}

/**
 * Asks the handler whether to retry after a 401 of a request that carried `sent`; any failure
 * becomes a `ClientAuthError`. A handler without `onUnauthorized` never retries.
 */
export async function retryAfterUnauthorized(handler: ClientAuthHandler, sent: Readonly<Record<string, string>>): Promise<boolean> {
  if (handler.onUnauthorized === undefined) return false;
  try {
    return (await handler.onUnauthorized(sent)) === true;
  } catch (err) {
    if (err instanceof ClientAuthError) throw err;
    throw new ClientAuthError(ClientErrorCodes.AUTH_FAILED, `the auth handler could not renew credentials after a 401: ${describeError(err)}`, {
      cause: err,
    });
  }
}

/** The token of the `Bearer` `Authorization` header (a name in any letter case) among `sent` headers, if there is one. */
export function sentBearerToken(sent: Readonly<Record<string, string>> | undefined): string | undefined {
  for (const [name, value] of Object.entries(sent ?? {})) {
    if (name.toLowerCase() === 'authorization') return credentialsOf(value, 'bearer');
  }
  return undefined;
}

/** Whether `value` is an auth handler object rather than an auth config record. */
export function isClientAuthHandler(value: unknown): value is ClientAuthHandler {
  return typeof value === 'object' && value !== null && typeof (value as ClientAuthHandler).getSecurityHeaders === 'function';
}
