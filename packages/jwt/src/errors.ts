/**
 * Every error `@pointe/jwt` throws on purpose, each code declared once (like Fastify's
 * lib/errors.js), one class per family (like jose's `JWTExpired` vs `JWKSTimeout`):
 *
 * - configuration mistakes are `ConfigError`s (`POINTE_ERR_JWT_CONFIG`) thrown when a
 *   `JwtValidator` or `JwtIssuer` is built, never per request;
 * - a token that does not pass is a `JwtValidationError` (`POINTE_ERR_JWT_INVALID`) whose
 *   `reason` says which check failed: the token is always at fault;
 * - a JWKS endpoint that cannot be read is a `JwksUnavailableError` (`POINTE_ERR_JWKS_UNAVAILABLE`):
 *   the key source failed, and the token was not judged;
 * - a token the issuer cannot sign is a `JwtIssueError` (`POINTE_ERR_JWT_ISSUE`).
 *
 * No message ever contains the token, a secret or a password.
 */
import { ConfigError, PointeError, declareCodes } from '@pointe/common';

/** The codes of `@pointe/jwt`; each key is its code. */
export const JwtCodes = declareCodes({
  /** A `JwtValidatorConfig` or `JwtIssuerConfig` that cannot work (the message names the field). */
  POINTE_ERR_JWT_CONFIG: 'POINTE_ERR_JWT_CONFIG',
  /** A token that failed a check ({@link JwtValidationError}). */
  POINTE_ERR_JWT_INVALID: 'POINTE_ERR_JWT_INVALID',
  /** The JWKS endpoint could not be read: down, timeout, non-2xx, not a JWKS ({@link JwksUnavailableError}). */
  POINTE_ERR_JWKS_UNAVAILABLE: 'POINTE_ERR_JWKS_UNAVAILABLE',
  /** A JWT could not be signed ({@link JwtIssueError}). */
  POINTE_ERR_JWT_ISSUE: 'POINTE_ERR_JWT_ISSUE',
});

/** @deprecated Use `JwtCodes.POINTE_ERR_JWT_CONFIG`. */
export const JWT_CONFIG = JwtCodes.POINTE_ERR_JWT_CONFIG;
/** @deprecated Use `JwtCodes.POINTE_ERR_JWT_INVALID`. */
export const JWT_INVALID = JwtCodes.POINTE_ERR_JWT_INVALID;
/** @deprecated Use `JwtCodes.POINTE_ERR_JWT_ISSUE`. */
export const JWT_ISSUE = JwtCodes.POINTE_ERR_JWT_ISSUE;

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
  | 'key_not_found';

/**
 * A token that did not pass validation: the token is at fault. The message says why without
 * quoting the token.
 */
export class JwtValidationError extends PointeError {
  declare readonly code: typeof JwtCodes.POINTE_ERR_JWT_INVALID;
  readonly reason: JwtValidationFailure;
  constructor(reason: JwtValidationFailure, message: string, options?: { cause?: unknown }) {
    super(JwtCodes.POINTE_ERR_JWT_INVALID, message, options);
    this.reason = reason;
  }
}

/**
 * The JWKS endpoint could not be read (down, timeout, non-2xx, not a JWK Set): the token was
 * not judged. A listener treats it as a backend failure, never as a bad token.
 */
export class JwksUnavailableError extends PointeError {
  declare readonly code: typeof JwtCodes.POINTE_ERR_JWKS_UNAVAILABLE;
  /** Always `jwks_unavailable`, for logs that group failures by reason. */
  readonly reason = 'jwks_unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(JwtCodes.POINTE_ERR_JWKS_UNAVAILABLE, message, options);
  }
}

/** A JWT the issuer could not sign; the message names the algorithm, never the key. */
export class JwtIssueError extends PointeError {
  declare readonly code: typeof JwtCodes.POINTE_ERR_JWT_ISSUE;
  constructor(message: string, options?: { cause?: unknown }) {
    super(JwtCodes.POINTE_ERR_JWT_ISSUE, message, options);
  }
}

/** A `ConfigError` with the package's config code; `field` is the config path at fault. */
export function configError(field: string, problem: string, cause?: unknown): ConfigError {
  return new ConfigError(JwtCodes.POINTE_ERR_JWT_CONFIG, `${field}: ${problem}`, cause === undefined ? undefined : { cause });
}
