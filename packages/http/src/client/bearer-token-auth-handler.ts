/**
 * Bearer token auth for outgoing requests (RFC 6750 §2.1): `Authorization: Bearer <token>`,
 * the token sent exactly as configured.
 */
import { C0_OR_DEL } from '@pointe/common';
import { ClientAuthError, ClientError, ClientErrorCodes } from '../errors.js';
import { enrichRequest, type ClientAuthHandler, type ClientAuthRequest } from './auth-handler.js';
import type { BearerTokenConfig } from './config.js';

/** Sends the configured token with every request. */
export class ClientBearerTokenAuthHandler implements ClientAuthHandler {
  readonly #token: string;

  /**
   * Throws a `ClientError` when `token` is not a string or holds a control character: a CR
   * or LF in a header value would let the token smuggle in headers of its own.
   */
  constructor(config: BearerTokenConfig) {
    if (typeof config?.token !== 'string') {
      throw new ClientError(ClientErrorCodes.INVALID_AUTH_CONFIG, 'auth (BearerTokenConfig): token must be a string');
    }
    if (C0_OR_DEL.test(config.token)) {
      throw new ClientError(
        ClientErrorCodes.INVALID_AUTH_CONFIG,
        'auth (BearerTokenConfig): token contains a control character (CR, LF...); check how it was read (a trailing newline?)',
      );
    }
    this.#token = config.token;
  }

  /** `{ authorization: 'Bearer <token>' }`; rejects with a `ClientAuthError` for an empty token. */
  async getSecurityHeaders(): Promise<Record<string, string>> {
    if (this.#token === '') {
      throw new ClientAuthError(ClientErrorCodes.AUTH_FAILED, 'Bearer auth: the token is empty (auth.token)');
    }
    return { authorization: `Bearer ${this.#token}` };
  }

  /** Sets the `authorization` header of `request` and returns it. */
  enrich<R extends ClientAuthRequest>(request: R): Promise<R> {
    return enrichRequest(this, request);
  }
}
