/**
 * Basic auth for outgoing requests (RFC 7617): `Authorization: Basic base64(username:password)`.
 */
import { describeError } from '@pointe/common';
import { encodeBasicCredentials } from '@pointe/auth';
import { ClientAuthError, ClientError, ClientErrorCodes } from '../errors.js';
import { enrichRequest, type ClientAuthHandler, type ClientAuthRequest } from './auth-handler.js';
import type { CredentialsConfig } from './config.js';

/** Sends the configured username and password with every request. */
export class ClientBasicAuthHandler implements ClientAuthHandler {
  /** The header value, or why none can be sent. Decided once: credentials do not change. */
  readonly #credential: { header: string } | { refusal: string; cause?: unknown };

  /** Throws a `ClientError` when `username` or `password` is not a string. */
  constructor(config: CredentialsConfig) {
    if (typeof config?.username !== 'string' || typeof config.password !== 'string') {
      throw new ClientError(ClientErrorCodes.INVALID_AUTH_CONFIG, 'auth (CredentialsConfig): username and password must be strings');
    }
    this.#credential = basicCredential(config.username, config.password);
  }

  /**
   * `{ authorization: 'Basic …' }`. Rejects with a `ClientAuthError` for an empty username or
   * password (Ballerina's behaviour: an empty credential is refused before anything is sent,
   * not sent for the server to refuse).
   */
  async getSecurityHeaders(): Promise<Record<string, string>> {
    const credential = this.#credential;
    if ('refusal' in credential) {
      throw new ClientAuthError(ClientErrorCodes.AUTH_FAILED, credential.refusal, { cause: credential.cause });
    }
    return { authorization: credential.header };
  }

  /** Sets the `authorization` header of `request` and returns it. */
  enrich<R extends ClientAuthRequest>(request: R): Promise<R> {
    return enrichRequest(this, request);
  }
}

function basicCredential(username: string, password: string): { header: string } | { refusal: string; cause?: unknown } {
  if (username === '' || password === '') {
    return { refusal: 'Basic auth: the username and the password must not be empty (auth.username, auth.password)' };
  }
  // encodeBasicCredentials refuses what no server could read back (RFC 7617 §2): a ':' in
  // the username, control characters.
  try {
    return { header: `Basic ${encodeBasicCredentials(username, password)}` };
  } catch (err) {
    return { refusal: `Basic auth: the credentials cannot be encoded: ${describeError(err)}`, cause: err };
  }
}
