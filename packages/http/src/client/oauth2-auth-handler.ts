/**
 * OAuth2 client auth for outgoing requests (Ballerina `http:ClientOAuth2Handler`): the client
 * credentials, password and direct-token grants, over `@pointe/oauth2`'s token manager.
 *
 * - The record is checked at construction (a `ClientError` naming the field); nothing is sent:
 *   the first token is fetched by the first request, so a `Client` can be built while the
 *   authorization server is down.
 * - The token is reused until `expires_in` (or `defaultTokenExpTime`) minus `clockSkew`;
 *   concurrent requests that find it expired share one token request.
 * - A 401 from the resource server drops the token (`onUnauthorized`), and the `Client` sends the
 *   request once more with a fresh one, never more.
 * - A token the server will not give rejects with a `ClientAuthError` carrying the HTTP `status`
 *   and the OAuth2 `error` / `errorDescription`; never a secret.
 */
import { PointeError } from '@pointe/common';
import { OAuth2ServerError, createTokenManager, type OAuth2GrantConfig, type TokenManager } from '@pointe/oauth2';
import { ClientAuthError, ClientCodes, ClientError } from '../errors.js';
import { enrichRequest, sentBearerToken, type ClientAuthHandler, type ClientAuthRequest } from './auth-handler.js';

/** What a `ClientAuthError` from a token endpoint knows of the server's answer. */
export interface OAuth2ClientAuthErrorDetails {
  /** The token endpoint's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** The OAuth2 `error` code (RFC 6749 §5.2: `invalid_grant`, `invalid_client`...), when sent. */
  readonly error: string | undefined;
  /** The OAuth2 `error_description`, when sent. */
  readonly errorDescription: string | undefined;
  /** The `@pointe/oauth2` code (`POINTE_ERR_OAUTH2_TIMEOUT`, `…_GRANT_REFUSED`...). */
  readonly oauth2Code: string;
}

/** A `ClientAuthError` for a token that could not be obtained, with the server's answer. */
export class ClientOAuth2Error extends ClientAuthError implements OAuth2ClientAuthErrorDetails {
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  readonly oauth2Code: string;

  constructor(cause: OAuth2ServerError) {
    super(ClientCodes.POINTE_ERR_CLIENT_AUTH, `OAuth2: no access token could be obtained: ${cause.message}`, { cause });
    this.status = cause.status;
    this.error = cause.error;
    this.errorDescription = cause.errorDescription;
    this.oauth2Code = cause.code;
  }
}

/** Sends `Authorization: Bearer <access token>`, the token obtained by an OAuth2 grant. */
export class ClientOAuth2Handler implements ClientAuthHandler {
  readonly #tokens: TokenManager;
  /** The token the last `getSecurityHeaders()` handed out: what a 401 without `sent` refers to. */
  #lastToken: string | undefined;

  /**
   * @param config An `OAuth2ClientCredentialsGrantConfig`, `OAuth2PasswordGrantConfig` or
   *   `OAuth2DirectTokenConfig`.
   * @param field Where the record sits, for error messages (default `auth`).
   * @throws ClientError (`POINTE_ERR_CLIENT_AUTH_CONFIG`) for a record that cannot work (a
   *   missing field, a URL that is not `https:`, an unreadable certificate), without sending anything.
   */
  constructor(config: OAuth2GrantConfig, field = 'auth') {
    try {
      this.#tokens = createTokenManager(config, field);
    } catch (error) {
      if (error instanceof PointeError) {
        throw new ClientError(ClientCodes.POINTE_ERR_CLIENT_AUTH_CONFIG, error.message, { cause: error });
      }
      throw error;
    }
  }

  /**
   * `{ authorization: 'Bearer <token>' }`, fetching or renewing the token when it has none fresh.
   * Rejects with a `ClientOAuth2Error` (a `ClientAuthError`) when the token endpoint fails.
   */
  async getSecurityHeaders(): Promise<Record<string, string>> {
    let token: string;
    try {
      token = await this.#tokens.token();
    } catch (error) {
      if (error instanceof OAuth2ServerError) throw new ClientOAuth2Error(error);
      throw error;
    }
    this.#lastToken = token;
    return { authorization: `Bearer ${token}` };
  }

  /**
   * The resource server refused the token the request carried (`sent`; without it, the one
   * handed out last): drop it, only if it is still the current one, so a late 401 does not throw
   * away a token another request just obtained, and ask for a retry.
   */
  async onUnauthorized(sent?: Readonly<Record<string, string>>): Promise<boolean> {
    this.#tokens.invalidate(sentBearerToken(sent) ?? this.#lastToken);
    return true;
  }

  /** Sets the `authorization` header of `request` and returns it. */
  enrich<R extends ClientAuthRequest>(request: R): Promise<R> {
    return enrichRequest(this, request);
  }

  /** Closes the connections to the token endpoint; later requests reject. */
  close(): Promise<void> {
    return this.#tokens.close();
  }
}
