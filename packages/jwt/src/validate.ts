/**
 * Validating a JWT (RFC 7519 §7.2) against a `JwtValidatorConfig`, with jose.
 *
 * A `JwtValidator` is built once per config: the key is read, the algorithms it allows
 * are derived from it, the JWKS client and the token cache are created. `validate()` then
 * only parses and checks. Beyond Ballerina: the signature is always verified, `exp` is
 * required, `none` never passes, and the token's own key hints (`jku`, `x5u`, `jwk`,
 * `x5c`) are never followed: jose is handed a fixed key or our JWKS resolver only.
 */
import { decodeProtectedHeader, errors as jose, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { optionalAudience, optionalString, requireString, seconds } from './check.js';
import type { JwtValidatorConfig } from './config.js';
import { JwtValidationError, configError } from './errors.js';
import { TokenCache } from './token-cache.js';
import { resolveVerificationKey, type VerificationKey } from './verification-key.js';

/** A validated token's claims set. */
export type JwtPayload = JWTPayload;

/** Refused before parsing: real access tokens are 1–4 KB, and an oversized one is only work for an attacker. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Construction options that are not configuration: hooks for tests. */
export interface JwtValidatorOptions {
  /** The clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export class JwtValidator {
  /** The claim the scopes are read from (`scopeKey`, default `'scope'`), for `extractScopes`. */
  readonly scopeKey: string;
  readonly #key: VerificationKey;
  readonly #options: JWTVerifyOptions;
  readonly #cache: TokenCache | undefined;
  readonly #now: () => number;

  /** @throws ConfigError (`POINTE_ERR_JWT_CONFIG`) naming the field when the config cannot work. */
  constructor(config: JwtValidatorConfig, options: JwtValidatorOptions = {}) {
    if (typeof config !== 'object' || config === null) throw configError('jwtValidatorConfig', 'must be an object');
    this.#now = options.now ?? Date.now;
    this.scopeKey = config.scopeKey === undefined ? 'scope' : requireString(config.scopeKey, 'scopeKey');
    const issuer = optionalString(config.issuer, 'issuer');
    const audience = optionalAudience(config.audience, 'audience');
    this.#options = {
      algorithms: undefined,
      // RFC 7519 §4.1.4 makes exp optional; a token that never expires is a credential that can't be revoked.
      requiredClaims: ['exp'],
      clockTolerance: seconds(config.clockSkew, 'clockSkew', 0),
      ...(issuer === undefined ? {} : { issuer }),
      ...(audience === undefined ? {} : { audience }),
    };
    this.#key = resolveVerificationKey(config.signatureConfig, 'signatureConfig', this.#now);
    this.#options.algorithms = [...this.#key.algorithms];
    this.#cache = config.cacheConfig === undefined ? undefined : new TokenCache(config.cacheConfig, 'cacheConfig', this.#now);
  }

  /**
   * The token's claims when it passes every check.
   * @throws JwtValidationError (`POINTE_ERR_JWT_INVALID`) whose `reason` names the failed check.
   */
  async validate(token: string): Promise<JwtPayload> {
    checkShape(token);
    const cacheKey = this.#cache === undefined ? undefined : TokenCache.keyOf(token);
    if (cacheKey !== undefined) {
      const cached = this.#cache!.get(cacheKey);
      if (cached !== undefined) return cached;
    }
    const keySource = this.#key;
    const key = keySource.kind === 'static' ? keySource.key : (header: { alg?: unknown; kid?: unknown }) => keySource.keySet.resolve(header);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, { ...this.#options, currentDate: new Date(this.#now()) }));
    } catch (error) {
      throw toValidationError(error);
    }
    deepFreeze(payload);
    if (cacheKey !== undefined) this.#cache!.set(cacheKey, payload);
    return payload;
  }

  /** Fetches the JWKS now (no-op for other sources); rejects with reason `jwks_unavailable` when it cannot. */
  async warmUp(): Promise<void> {
    if (this.#key.kind === 'jwks') await this.#key.keySet.warmUp();
  }

  /** Closes the JWKS client's connections. */
  async close(): Promise<void> {
    if (this.#key.kind === 'jwks') await this.#key.keySet.close();
  }

  /** How many times the JWKS was requested (0 for other sources): for tests and metrics. */
  get jwksFetchCount(): number {
    return this.#key.kind === 'jwks' ? this.#key.keySet.fetchCount : 0;
  }
}

const validators = new WeakMap<JwtValidatorConfig, JwtValidator>();

/**
 * Validates `token` with a validator built once per config object (kept while the config
 * object lives), for callers that hold a config rather than a `JwtValidator`.
 */
export async function validate(token: string, config: JwtValidatorConfig): Promise<JwtPayload> {
  let validator = validators.get(config);
  if (validator === undefined) {
    validator = new JwtValidator(config);
    validators.set(config, validator);
  }
  return validator.validate(token);
}

/** Cheap checks before any decoding: type, size, three base64url parts, and no `none`. */
function checkShape(token: string): void {
  if (typeof token !== 'string') throw new JwtValidationError('malformed', 'the token is not a string');
  if (token.length > MAX_TOKEN_LENGTH) throw new JwtValidationError('malformed', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  if (!COMPACT_JWS.test(token)) throw new JwtValidationError('malformed', 'the token is not a compact JWS (three base64url parts)');
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (error) {
    throw new JwtValidationError('malformed', 'the token header is not base64url-encoded JSON', { cause: error });
  }
  // jose's allow-list refuses it too; say so plainly, whatever the spelling.
  if (typeof alg === 'string' && alg.trim().toLowerCase() === 'none') {
    throw new JwtValidationError('algorithm', 'unsigned tokens (alg "none") are never accepted');
  }
}

/** jose's error as a JwtValidationError. jose's messages never quote the token, so they are kept as detail. */
export function toValidationError(error: unknown): JwtValidationError {
  if (error instanceof JwtValidationError) return error;
  if (error instanceof jose.JWTExpired) return new JwtValidationError('expired', 'the token has expired ("exp")', { cause: error });
  if (error instanceof jose.JWTClaimValidationFailed) {
    const { claim, reason } = error;
    if (claim === 'exp' && reason === 'missing') return new JwtValidationError('missing_exp', 'the token has no "exp" claim', { cause: error });
    if (claim === 'nbf' && reason === 'check_failed') return new JwtValidationError('not_yet_valid', 'the token is not valid yet ("nbf")', { cause: error });
    if (claim === 'iss') return new JwtValidationError('issuer', `"iss" is ${reason === 'missing' ? 'missing' : 'not the configured issuer'}`, { cause: error });
    if (claim === 'aud') return new JwtValidationError('audience', `"aud" is ${reason === 'missing' ? 'missing' : 'not a configured audience'}`, { cause: error });
    return new JwtValidationError('malformed', `the "${claim}" claim is invalid (${error.message})`, { cause: error });
  }
  if (error instanceof jose.JWSSignatureVerificationFailed) return new JwtValidationError('signature', 'the signature does not verify', { cause: error });
  if (error instanceof jose.JOSEAlgNotAllowed) return new JwtValidationError('algorithm', 'the token\'s "alg" is not allowed for the configured key', { cause: error });
  if (error instanceof jose.JOSENotSupported) return new JwtValidationError('malformed', `unsupported token: ${error.message}`, { cause: error });
  if (error instanceof jose.JOSEError) return new JwtValidationError('malformed', `malformed token: ${error.message}`, { cause: error });
  // jose throws TypeError when the key does not fit the algorithm (e.g. an RSA key under 2048 bits).
  if (error instanceof TypeError) return new JwtValidationError('algorithm', `the key cannot verify this token: ${error.message}`, { cause: error });
  return new JwtValidationError('malformed', 'the token could not be verified', { cause: error });
}

/** Cached payloads are shared between callers: none may change what another sees. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}
