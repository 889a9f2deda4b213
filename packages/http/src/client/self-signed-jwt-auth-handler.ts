/**
 * Self-signed JWT auth for outgoing requests: `Authorization: Bearer <jwt>`, the JWT issued
 * and signed here with the configured key.
 *
 * Ballerina signs a new JWT for every request. Pointe reuses one until shortly before it
 * expires (SEMANTICS.md, "Client auth"): signing is the costly part of a call, and a server
 * that caches validated tokens then validates each token once.
 */
import { SingleFlight, describeError } from '@pointe/common';
import { JwtIssuer, type JwtIssuerConfig } from '@pointe/jwt';
import { ClientAuthError, ClientError, ClientErrorCodes } from '../errors.js';
import { enrichRequest, sentBearerToken, type ClientAuthHandler, type ClientAuthRequest } from './auth-handler.js';

/** A token is replaced this many seconds before it expires at most... */
const MAX_RENEWAL_MARGIN_SECONDS = 30;
/** ...and at most this share of its lifetime, so short-lived tokens are still reused. */
const RENEWAL_MARGIN_SHARE = 0.1;

interface IssuedToken {
  token: string;
  /** Epoch milliseconds after which the token is no longer handed out. */
  renewAt: number;
}

/** Issues a JWT, reuses it while it is fresh, and issues the next one (with a new `jti`) in time. */
export class ClientSelfSignedJwtAuthHandler implements ClientAuthHandler {
  readonly #issuer: JwtIssuer;
  readonly #issuing = new SingleFlight<'token', IssuedToken>();
  #current: IssuedToken | undefined;

  /**
   * Loads the signing key now. Throws a `ClientError` (the `@pointe/jwt` error as its
   * `cause`) when the key cannot be read or the config cannot work.
   */
  constructor(config: JwtIssuerConfig) {
    try {
      this.#issuer = new JwtIssuer(config);
    } catch (err) {
      throw new ClientError(
        ClientErrorCodes.INVALID_AUTH_CONFIG,
        `auth (JwtIssuerConfig): ${describeError(err)}`,
        { cause: err },
      );
    }
  }

  /** `{ authorization: 'Bearer <jwt>' }`; rejects with a `ClientAuthError` when signing fails. */
  async getSecurityHeaders(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.#token()}` };
  }

  /**
   * The server refused the token: forget it, so the retry carries a newly issued one (a
   * server that allows each `jti` once refuses a reused token). With `sent`, only if the
   * refused token is still the current one: a late 401 keeps a token issued since.
   */
  async onUnauthorized(sent?: Readonly<Record<string, string>>): Promise<boolean> {
    const refused = sentBearerToken(sent);
    if (refused === undefined || refused === this.#current?.token) this.#current = undefined;
    return true;
  }

  /** Sets the `authorization` header of `request` and returns it. */
  enrich<R extends ClientAuthRequest>(request: R): Promise<R> {
    return enrichRequest(this, request);
  }

  async #token(): Promise<string> {
    const current = this.#current;
    if (current !== undefined && Date.now() < current.renewAt) return current.token;
    // Concurrent requests that find no fresh token wait for one signing, not one each.
    const issued = await this.#issuing.run('token', () => this.#issue());
    return issued.token;
  }

  async #issue(): Promise<IssuedToken> {
    const issuedAt = Date.now();
    let result: { token: string; expiresAt: number };
    try {
      result = await this.#issuer.issue();
    } catch (err) {
      throw new ClientAuthError(
        ClientErrorCodes.AUTH_FAILED,
        `self-signed JWT auth: the token could not be issued: ${describeError(err)}`,
        { cause: err },
      );
    }
    const expiresAt = result.expiresAt * 1000;
    const margin = Math.min(MAX_RENEWAL_MARGIN_SECONDS * 1000, (expiresAt - issuedAt) * RENEWAL_MARGIN_SHARE);
    const fresh = { token: result.token, renewAt: expiresAt - margin };
    this.#current = fresh;
    return fresh;
  }
}
