/**
 * Every error `@pointe/jwt` throws on purpose, declared once with its stable code.
 *
 * Configuration mistakes are `ConfigError`s (code `POINTE_ERR_JWT_CONFIG`) thrown when a
 * `JwtValidator` or `JwtIssuer` is built, never per request. A token that does not pass is a
 * `JwtValidationError` (code `POINTE_ERR_JWT_INVALID`) whose `reason` says which check failed.
 * No message ever contains the token, a secret or a password.
 */
import { ConfigError, PointeError } from '@pointe/common';

export const JWT_CONFIG = 'POINTE_ERR_JWT_CONFIG';
export const JWT_INVALID = 'POINTE_ERR_JWT_INVALID';
export const JWT_ISSUE = 'POINTE_ERR_JWT_ISSUE';

/** Which check a token failed; stable values, meant for logs and metrics, never for the client. */
export type JwtValidationFailure =
  /** `exp` is at or before now − clockSkew. */
  | 'expired'
  /** `nbf` is after now + clockSkew. */
  | 'not_yet_valid'
  /** The token has no `exp` claim (Pointe requires one). */
  | 'missing_exp'
  /** `iss` is not the configured issuer. */
  | 'issuer'
  /** None of the configured audiences is in `aud`. */
  | 'audience'
  /** The signature does not verify with the configured key. */
  | 'signature'
  /** The header's `alg` is `none`, or not one the configured key allows. */
  | 'algorithm'
  /** Not a compact JWS with a JSON header and claims set, too large, or with an unsupported critical header. */
  | 'malformed'
  /** The JWKS has no key for the token's `kid` (or several candidates and the token names none). */
  | 'key_not_found'
  /** The JWKS endpoint could not be read (down, timeout, non-2xx, not a JWKS). */
  | 'jwks_unavailable';

/** A token that did not pass validation. The message says why without quoting the token. */
export class JwtValidationError extends PointeError {
  readonly reason: JwtValidationFailure;
  constructor(reason: JwtValidationFailure, message: string, options?: { cause?: unknown }) {
    super(JWT_INVALID, message, options);
    this.reason = reason;
  }
}

/** A `ConfigError` with the package's config code; `field` is the config path at fault. */
export function configError(field: string, problem: string, cause?: unknown): ConfigError {
  return new ConfigError(JWT_CONFIG, `${field}: ${problem}`, cause === undefined ? undefined : { cause });
}
