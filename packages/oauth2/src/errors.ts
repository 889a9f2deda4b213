/**
 * Every error `@pointe/oauth2` throws on purpose, declared once with its stable code.
 *
 * Three kinds, as jose separates `JWTExpired` from `JWKSTimeout`:
 * - `OAuth2ConfigError`: a config that cannot work, thrown at construction;
 * - `OAuth2TokenRejectedError`: the authorization server answered, and the token is not
 *   good (`active: false`, `exp` past) — the listener answers 401;
 * - `OAuth2ServerError`: the authorization server could not be used (unreachable, timeout,
 *   non-2xx, a body that is not the protocol's) or refused a token request. Never read as
 *   an active token. Carries the HTTP `status` and the OAuth2 `error`/`error_description`
 *   when the server sent them.
 * No message ever contains a token, a secret or a password.
 */
import { ConfigError, PointeError } from '@pointe/common';

export const OAuth2ErrorCode = {
  /** A config record of the wrong shape or value. */
  CONFIG: 'POINTE_ERR_OAUTH2_CONFIG',
  /** Introspection said `active: false` (unknown, revoked or expired token). */
  TOKEN_INACTIVE: 'POINTE_ERR_OAUTH2_TOKEN_INACTIVE',
  /** Introspection said `active: true` with an `exp` in the past. */
  TOKEN_EXPIRED: 'POINTE_ERR_OAUTH2_TOKEN_EXPIRED',
  /** The token cannot be one: empty, or longer than any real token; refused without a request. */
  TOKEN_MALFORMED: 'POINTE_ERR_OAUTH2_TOKEN_MALFORMED',
  /** The server could not be reached or dropped the connection (refused, DNS, TLS, reset). */
  UNREACHABLE: 'POINTE_ERR_OAUTH2_UNREACHABLE',
  /** No complete answer within `clientConfig.timeout`. */
  TIMEOUT: 'POINTE_ERR_OAUTH2_TIMEOUT',
  /** A non-2xx answer from the introspection endpoint, or a token endpoint error without an OAuth2 `error`. */
  HTTP_STATUS: 'POINTE_ERR_OAUTH2_HTTP_STATUS',
  /** The token endpoint refused the request with an OAuth2 error (`invalid_grant`, `invalid_client`...). */
  GRANT_REFUSED: 'POINTE_ERR_OAUTH2_GRANT_REFUSED',
  /** A 2xx answer that is not the protocol's: not JSON, too large, `active` not a boolean, no `access_token`. */
  BAD_RESPONSE: 'POINTE_ERR_OAUTH2_BAD_RESPONSE',
  /** The client was closed while the request was in flight. */
  CLOSED: 'POINTE_ERR_OAUTH2_CLOSED',
} as const;

export type OAuth2ErrorCode = (typeof OAuth2ErrorCode)[keyof typeof OAuth2ErrorCode];

/** A config that cannot work; `detail` names the field and the fix. */
export class OAuth2ConfigError extends ConfigError {}

/** The token is not good: the listener answers 401 (`invalid_token`). */
export class OAuth2TokenRejectedError extends PointeError {}

/** What an `OAuth2ServerError` knows of the server's answer. */
export interface OAuth2ServerErrorOptions {
  cause?: unknown;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The OAuth2 `error` code (RFC 6749 §5.2), when the server sent one. */
  error?: string;
  /** The OAuth2 `error_description`, when the server sent one. */
  errorDescription?: string;
}

/** The authorization server could not be used, or refused a token request. */
export class OAuth2ServerError extends PointeError {
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;

  constructor(code: string, message: string, options: OAuth2ServerErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.error = options.error;
    this.errorDescription = options.errorDescription;
  }
}

/** An `OAuth2ConfigError` naming `field`. */
export function configError(field: string, problem: string, cause?: unknown): OAuth2ConfigError {
  return new OAuth2ConfigError(OAuth2ErrorCode.CONFIG, `${field}: ${problem}`, cause === undefined ? undefined : { cause });
}
