/**
 * RFC 7662 token introspection: one request to the introspection endpoint and the
 * reading of its answer. Uncached; `OAuth2IntrospectionValidator` adds the cache and the
 * single flight, and a listener may run this step through its queue of slow checks.
 *
 * The request (§2.1): a form-encoded POST of `token`, `token_type_hint`, the
 * `optionalParams`, then `customPayload`; the resource server authenticates with
 * `clientConfig.auth` or `customHeaders`.
 *
 * The answer (§2.2), read so that nothing but a clear "active" lets a token in:
 * - `active: false` → `OAuth2TokenRejectedError` (`TOKEN_INACTIVE`);
 * - `exp` at or before now → rejected (`TOKEN_EXPIRED`) — beyond Ballerina, which ignores
 *   it; `nbf` after now → rejected (`TOKEN_INACTIVE`);
 * - a non-2xx, a body that is not a JSON object, `active` not a boolean, `exp` not a
 *   number → `OAuth2ServerError`: the server failed, the token was not judged.
 */
import { isPlainObject } from '@pointe/common';
import type { IntrospectionSettings } from './check-config.js';
import type { EndpointClient } from './endpoint-client.js';
import { OAuth2ErrorCode, OAuth2ServerError, OAuth2TokenRejectedError } from './errors.js';
import { shown } from './transport.js';

/** The longest token sent for introspection; a longer one is refused without a request. */
export const MAX_TOKEN_LENGTH = 8192;

/** An active token's introspection, as the listener's principal carries it. */
export interface IntrospectionResult {
  /** Always `true`: an inactive token is an `OAuth2TokenRejectedError`, never a result. */
  readonly active: true;
  /** `username`, else `sub`, else undefined. */
  readonly username: string | undefined;
  /** The `scopeKey` claim: a space-separated string or an array of strings. */
  readonly scopes: readonly string[];
  /** `exp`, seconds since the epoch, when the server sent it. */
  readonly exp: number | undefined;
  /** The whole introspection response (RFC 7662 §2.2). */
  readonly response: Readonly<Record<string, unknown>>;
}

/** Introspects `token` once, uncached. */
export async function introspect(
  client: EndpointClient,
  settings: IntrospectionSettings,
  token: string,
  now: () => number = Date.now,
): Promise<IntrospectionResult> {
  checkTokenShape(token);
  const form = () => {
    const body = new URLSearchParams([['token', token]]);
    if (settings.tokenTypeHint !== undefined) body.set('token_type_hint', settings.tokenTypeHint);
    for (const [name, value] of settings.optionalParams) body.append(name, value);
    return body;
  };
  const response = await client.post(settings.url, form);
  return readIntrospectionResponse(settings, response.status, response.text, now());
}

/** Refuses what cannot be a token before anything is sent. */
export function checkTokenShape(token: string): void {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new OAuth2TokenRejectedError(OAuth2ErrorCode.TOKEN_MALFORMED, `the token is empty or longer than ${MAX_TOKEN_LENGTH} characters`);
  }
}

/** RFC 7662 §2.2 and §2.3, at `nowMs`. */
export function readIntrospectionResponse(settings: IntrospectionSettings, status: number, text: string, nowMs: number): IntrospectionResult {
  const where = shown(settings.url);
  if (status < 200 || status > 299) {
    throw new OAuth2ServerError(OAuth2ErrorCode.HTTP_STATUS, `${where}: introspection failed with HTTP ${status}`, { status });
  }
  const bad = (why: string) => new OAuth2ServerError(OAuth2ErrorCode.BAD_RESPONSE, `${where}: ${why}`, { status });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new OAuth2ServerError(OAuth2ErrorCode.BAD_RESPONSE, `${where}: the introspection response is not JSON`, { status, cause: error });
  }
  if (!isPlainObject(body)) throw bad('the introspection response is not a JSON object');
  if (typeof body.active !== 'boolean') throw bad('the introspection response has no boolean "active" (RFC 7662 §2.2)');
  if (!body.active) throw new OAuth2TokenRejectedError(OAuth2ErrorCode.TOKEN_INACTIVE, `${where}: the token is not active`);
  const exp = numericDate(body.exp, 'exp', bad);
  const nbf = numericDate(body.nbf, 'nbf', bad);
  const nowS = nowMs / 1000;
  if (exp !== undefined && exp <= nowS) {
    throw new OAuth2TokenRejectedError(OAuth2ErrorCode.TOKEN_EXPIRED, `${where}: the token is active but its exp is past`);
  }
  if (nbf !== undefined && nbf > nowS) throw new OAuth2TokenRejectedError(OAuth2ErrorCode.TOKEN_INACTIVE, `${where}: the token is not valid yet (nbf)`);
  // Frozen: a cached result is shared by every request with this token, so no handler may change it for the others.
  return Object.freeze({
    active: true,
    username: username(body),
    scopes: Object.freeze(scopes(body[settings.scopeKey])),
    exp,
    response: Object.freeze(body),
  });
}

function numericDate(value: unknown, claim: string, bad: (why: string) => OAuth2ServerError): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`"${claim}" is not a number of seconds (RFC 7662 §2.2)`);
  return value;
}

function username(body: Record<string, unknown>): string | undefined {
  if (typeof body.username === 'string' && body.username !== '') return body.username;
  if (typeof body.sub === 'string' && body.sub !== '') return body.sub;
  return undefined;
}

/** A space-separated string (RFC 7662's `scope`) or an array of strings (`scp`, Okta, Entra); anything else: none. */
function scopes(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === 'string' && scope !== '');
  return [];
}
