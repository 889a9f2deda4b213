/**
 * One token request (RFC 6749 §4.3.2, §4.4.2, §6) and its answer (§5.1, §5.2), shared by
 * the three grants. The form carries `grant_type`, the grant's own parameters, `scope`
 * (joined by spaces) and `optionalParams`; the client authenticates by `credentialBearer`:
 * - `AUTH_HEADER_BEARER`: `Authorization: Basic base64(urlencode(id):urlencode(secret))`,
 *   each part form-encoded first as RFC 6749 §2.3.1 requires (a secret with `:` or `%`
 *   otherwise fails at a strict server);
 * - `POST_BODY_BEARER`: `client_id` and `client_secret` in the body.
 * A client id without a secret (a public client) is sent as `client_id` in the body.
 * When `clientConfig.auth` authenticates the connection itself, the header is its, and the
 * client credentials go in the body.
 */
import { isPlainObject } from '@pointe/common';
import { AUTH_HEADER_BEARER } from '../config.js';
import type { ClientCredentials } from '../check-config.js';
import type { EndpointClient } from '../endpoint-client.js';
import { OAuth2ErrorCode, OAuth2ServerError } from '../errors.js';
import { shown } from '../transport.js';

/** A successful token response, read strictly. */
export interface TokenResponse {
  accessToken: string;
  /** `expires_in`, seconds; undefined when the server sent none. */
  expiresIn: number | undefined;
  /** A refresh token, when the server issued one (possibly rotated). */
  refreshToken: string | undefined;
}

export interface TokenRequest {
  grantType: string;
  /** The grant's own parameters (`username`/`password`, `refresh_token`). */
  params: Array<[string, string]>;
  scopes: string | undefined;
  optionalParams: Array<[string, string]>;
  credentials: ClientCredentials;
  /** Whether `clientConfig.auth` already authenticates the connection. */
  connectionAuth: boolean;
}

export async function requestToken(client: EndpointClient, url: URL, request: TokenRequest): Promise<TokenResponse> {
  const { clientId, clientSecret, credentialBearer } = request.credentials;
  const headerAuth = credentialBearer === AUTH_HEADER_BEARER && !request.connectionAuth && clientId !== undefined && clientSecret !== undefined;
  const form = () => {
    const body = new URLSearchParams([['grant_type', request.grantType], ...request.params]);
    if (request.scopes !== undefined) body.set('scope', request.scopes);
    for (const [name, value] of request.optionalParams) body.append(name, value);
    if (!headerAuth && clientId !== undefined) {
      body.set('client_id', clientId);
      if (clientSecret !== undefined) body.set('client_secret', clientSecret);
    }
    return body;
  };
  const headers: Record<string, string> = headerAuth
    ? { authorization: `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64')}` }
    : {};
  const response = await client.post(url, form, headers);
  return readTokenResponse(url, response.status, response.text);
}

/** RFC 6749 §5.1 on success, §5.2 on failure. Exported for tests of the parser. */
export function readTokenResponse(url: URL, status: number, text: string): TokenResponse {
  const where = shown(url);
  const body = parseJson(text);
  if (status < 200 || status > 299) {
    const error = isPlainObject(body) && typeof body.error === 'string' ? printable(body.error) : undefined;
    const errorDescription = isPlainObject(body) && typeof body.error_description === 'string' ? printable(body.error_description) : undefined;
    if (error === undefined) {
      throw new OAuth2ServerError(OAuth2ErrorCode.HTTP_STATUS, `${where}: token request failed with HTTP ${status}`, { status });
    }
    const description = errorDescription === undefined ? '' : ` (${errorDescription})`;
    throw new OAuth2ServerError(OAuth2ErrorCode.GRANT_REFUSED, `${where}: token request refused with HTTP ${status}: ${error}${description}`, {
      status,
      error,
      ...(errorDescription === undefined ? {} : { errorDescription }),
    });
  }
  const bad = (why: string) => new OAuth2ServerError(OAuth2ErrorCode.BAD_RESPONSE, `${where}: ${why}`, { status });
  if (!isPlainObject(body)) throw bad('the token response is not a JSON object');
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn, refresh_token: refreshToken } = body;
  if (typeof accessToken !== 'string' || accessToken === '' || /[\s\0]/.test(accessToken)) throw bad('the token response has no usable access_token');
  // RFC 6750: the token is sent as `Bearer`; another type (`mac`, `DPoP`) would be misused.
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) {
    throw bad(`token_type ${JSON.stringify(tokenType)} is not Bearer`);
  }
  // Some servers send expires_in as a numeric string; anything else is ignored, not trusted.
  const lifetime = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : undefined;
  if (lifetime !== undefined && (!Number.isFinite(lifetime) || lifetime < 0)) throw bad('expires_in is not a non-negative number');
  if (refreshToken !== undefined && (typeof refreshToken !== 'string' || refreshToken === '')) throw bad('refresh_token is not a non-empty string');
  return { accessToken, expiresIn: lifetime, refreshToken };
}

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A server-chosen string as it may appear in a message: printable, bounded. */
function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\x00-\x1f\x7f]/g, ' ');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
