/**
 * The client side's token cache: one access token per grant config, obtained lazily,
 * reused until it expires, renewed by one request however many callers wait.
 *
 * - Constructing never touches the network (beyond ballerina-library#3494): the first
 *   token is fetched by the first `token()` call, so a Client can be built while the
 *   authorization server is down.
 * - The token is fresh until `expires_in` (or `defaultTokenExpTime` when the server sent
 *   none) minus `clockSkew`; a fresh token is answered synchronously, without a promise.
 * - Concurrent callers that find it stale share one token request (single flight).
 * - `invalidate(token)` drops it (a resource server answered 401), so the next call
 *   fetches a new one; a token other than the current one is ignored, so a late 401 for
 *   an old token does not throw away the fresh one another caller just obtained.
 * - With a refresh token (returned by the server, or the direct token's), renewal uses the
 *   refresh-token grant and keeps the rotated refresh token; a grant that can obtain a
 *   token afresh (password) falls back to that when the refresh is refused.
 */
import type { OAuth2GrantConfig } from './config.js';
import { checkGrant, type GrantSettings } from './check-config.js';
import { OAuth2ErrorCode, OAuth2ServerError } from './errors.js';
import { clientCredentialsFlow } from './grants/client-credentials.js';
import { directTokenFlow } from './grants/direct-token.js';
import { passwordFlow } from './grants/password.js';
import type { TokenResponse } from './grants/token-request.js';

/** How a grant obtains tokens; built by the files in `grants/`. */
export interface GrantFlow {
  /** A token without a refresh token (client credentials, password); absent when the grant cannot (direct token). */
  obtain?(): Promise<TokenResponse>;
  /** A token for a refresh token (RFC 6749 §6); absent when the grant never refreshes. */
  refresh?(refreshToken: string): Promise<TokenResponse>;
  /** The refresh token to start from (direct token). */
  initialRefreshToken?: string;
  /** Releases the flow's connections. */
  close(): Promise<void>;
}

/** When tokens expire, seconds. */
export interface TokenTiming {
  /** Lifetime of a token whose response has no `expires_in`. */
  defaultTokenExpTime: number;
  /** Renew this long before the token expires. */
  clockSkew: number;
}

export class TokenManager {
  readonly #flow: GrantFlow;
  readonly #timing: TokenTiming;
  readonly #now: () => number;
  #token: string | undefined;
  #freshUntil = 0;
  #refreshToken: string | undefined;
  #pending: Promise<string> | undefined;
  #closed = false;

  constructor(flow: GrantFlow, timing: TokenTiming, now: () => number = Date.now) {
    this.#flow = flow;
    this.#timing = timing;
    this.#now = now;
    this.#refreshToken = flow.initialRefreshToken;
  }

  /**
   * The access token: the cached one while fresh (synchronously), otherwise a promise of a
   * new one shared by every concurrent caller. Rejects with an `OAuth2ServerError`.
   */
  token(): string | Promise<string> {
    if (this.#token !== undefined && this.#now() < this.#freshUntil) return this.#token;
    if (this.#pending === undefined) {
      const pending = this.#renew().finally(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
      this.#pending = pending;
    }
    return this.#pending;
  }

  /** Drops `token` if it is the current one (the resource server refused it). */
  invalidate(token?: string): void {
    if (token === undefined || token === this.#token) {
      this.#token = undefined;
      this.#freshUntil = 0;
    }
  }

  /** Closes the connections; later calls reject with `POINTE_ERR_OAUTH2_CLOSED`. */
  async close(): Promise<void> {
    this.#closed = true;
    this.invalidate();
    await this.#flow.close();
  }

  async #renew(): Promise<string> {
    if (this.#closed) throw new OAuth2ServerError(OAuth2ErrorCode.CLOSED, 'the OAuth2 token manager was closed');
    const response = await this.#request();
    if (this.#closed) throw new OAuth2ServerError(OAuth2ErrorCode.CLOSED, 'the OAuth2 token manager was closed');
    this.#token = response.accessToken;
    if (response.refreshToken !== undefined) this.#refreshToken = response.refreshToken;
    const lifetime = response.expiresIn ?? this.#timing.defaultTokenExpTime;
    this.#freshUntil = this.#now() + (lifetime - this.#timing.clockSkew) * 1000;
    return response.accessToken;
  }

  async #request(): Promise<TokenResponse> {
    const { obtain, refresh } = this.#flow;
    const refreshToken = this.#refreshToken;
    if (refreshToken !== undefined && refresh !== undefined) {
      try {
        return await refresh(refreshToken);
      } catch (error) {
        if (obtain === undefined || !refused(error)) throw error;
        // The refresh token is spent (expired, revoked, rotated elsewhere): start over.
        this.#refreshToken = undefined;
      }
    }
    if (obtain === undefined) throw new OAuth2ServerError(OAuth2ErrorCode.GRANT_REFUSED, 'no refresh token left to obtain an access token with');
    return obtain();
  }
}

/**
 * A token manager for a grant record (`OAuth2ClientCredentialsGrantConfig`,
 * `OAuth2PasswordGrantConfig`, `OAuth2DirectTokenConfig`), checked now: a config mistake
 * throws an `OAuth2ConfigError` naming `field`. Nothing is sent until `token()`.
 *
 * @example
 * const tokens = createTokenManager({ tokenUrl: 'https://localhost:9445/oauth2/token', clientId: 's6BhdRkqt3', clientSecret: '…', scopes: ['hello'] });
 * const headers = { authorization: `Bearer ${await tokens.token()}` };
 */
export function createTokenManager(config: OAuth2GrantConfig, field = 'auth'): TokenManager {
  return createTokenManagerFrom(checkGrant(config, field));
}

/** A token manager for checked settings. */
export function createTokenManagerFrom(settings: GrantSettings): TokenManager {
  const timing = { defaultTokenExpTime: settings.defaultTokenExpTimeS, clockSkew: settings.clockSkewS };
  switch (settings.kind) {
    case 'client_credentials':
      return new TokenManager(clientCredentialsFlow(settings), timing);
    case 'password':
      return new TokenManager(passwordFlow(settings), timing);
    case 'direct_token':
      return new TokenManager(directTokenFlow(settings), timing);
  }
}

/** The server refused the grant (as opposed to being unreachable): worth starting over. */
function refused(error: unknown): boolean {
  return error instanceof OAuth2ServerError && (error.code === OAuth2ErrorCode.GRANT_REFUSED || error.status === 400 || error.status === 401);
}
