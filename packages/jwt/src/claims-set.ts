/**
 * Checking a JWT claims set (RFC 7519 §4.1, §7.2 step 10) once its signature has verified,
 * with the checks and in the order jose's `jwtVerify` made them, so a token fails with the
 * same `reason` it always did:
 *
 * 1. presence: `iss` (when an issuer is configured), `aud` (when an audience is), `exp` (always:
 *    beyond RFC 7519 §4.1.4, a token that never expires is a credential that can't be revoked);
 * 2. `iss` exactly the configured issuer; `aud` (a string or an array) holding any configured audience;
 * 3. `iat`, `nbf`, `exp` numbers when present; `nbf` ≤ now + clockSkew; `exp` > now − clockSkew
 *    (RFC 7519 §4.1.4: the token must not be accepted "on or after" its expiry).
 *
 * Stricter than jose: a time claim must be finite (JSON's `1e999` parses to `Infinity`, an
 * expiry that never comes). The header's `typ` is not checked, as jose did not: RFC 7519 §5.1
 * makes it optional and issuers send `JWT`, `at+jwt` or nothing; tokens of other kinds are
 * kept out by the key and `iss`/`aud`, not by `typ`.
 */
import type { JWTPayload } from 'jose';
import { decodeJsonObject } from './compact-jws.js';
import { JwtValidationError } from './errors.js';

/** What the configuration asks of the claims. */
export interface ClaimsPolicy {
  /** The exact `iss`, when configured. */
  readonly issuer: string | undefined;
  /** The `aud` values of which the token must name at least one, when configured. */
  readonly audience: readonly string[] | undefined;
  /** Seconds of tolerance on `exp` and `nbf` (≥ 0). */
  readonly clockSkew: number;
}

/**
 * The claims set of a verified token's payload part.
 * @throws JwtValidationError `malformed` when the payload is not a UTF-8 JSON object.
 */
export function decodeClaimsSet(encodedPayload: string): JWTPayload {
  const claims = decodeJsonObject(encodedPayload);
  if (claims === undefined) throw new JwtValidationError('malformed', 'the token claims set is not a base64url-encoded JSON object');
  return claims as JWTPayload;
}

/**
 * Checks `claims` against `policy` at `nowS` (epoch seconds, whole: jose's `currentDate`).
 * @throws JwtValidationError whose `reason` names the first check that failed.
 */
export function checkClaimsSet(claims: JWTPayload, policy: ClaimsPolicy, nowS: number): void {
  const { issuer, audience, clockSkew } = policy;
  if (issuer !== undefined && !Object.hasOwn(claims, 'iss')) throw new JwtValidationError('issuer', '"iss" is missing');
  if (audience !== undefined && !Object.hasOwn(claims, 'aud')) throw new JwtValidationError('audience', '"aud" is missing');
  if (!Object.hasOwn(claims, 'exp')) throw new JwtValidationError('missing_exp', 'the token has no "exp" claim');

  if (issuer !== undefined && claims.iss !== issuer) throw new JwtValidationError('issuer', '"iss" is not the configured issuer');
  if (audience !== undefined && !namesAudience(claims.aud, audience)) {
    throw new JwtValidationError('audience', '"aud" is not a configured audience');
  }

  numericDate(claims, 'iat');
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > nowS + clockSkew) throw new JwtValidationError('not_yet_valid', 'the token is not valid yet ("nbf")');
  const exp = numericDate(claims, 'exp');
  if (exp !== undefined && exp <= nowS - clockSkew) throw new JwtValidationError('expired', 'the token has expired ("exp")');
}

/** RFC 7519 §4.1.3: `aud` is one string or an array of them; any configured audience in it is enough. */
function namesAudience(aud: unknown, audience: readonly string[]): boolean {
  if (typeof aud === 'string') return audience.includes(aud);
  if (Array.isArray(aud)) return audience.some((expected) => aud.includes(expected));
  return false;
}

/** A NumericDate claim (RFC 7519 §2): absent, or a finite number of seconds. */
function numericDate(claims: JWTPayload, claim: 'iat' | 'nbf' | 'exp'): number | undefined {
  const value: unknown = claims[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new JwtValidationError('malformed', `the "${claim}" claim is invalid (it must be a finite number of seconds)`);
  }
  return value;
}
