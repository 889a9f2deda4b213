/**
 * Validating a JWT (RFC 7519 §7.2) against a `JwtValidatorConfig`.
 *
 * A `JwtValidator` is built once per config: the key is read, the algorithms it allows
 * are derived from it, the JWKS client and the token cache are created. Validating then
 * only parses and checks, in jose's order: the compact JWS's shape and header
 * (`compact-jws.ts`), `alg` against the key's allow-list, the key (fixed, or from the JWKS by
 * `kid`), the signature (`jws-signature.ts`, node:crypto), the claims (`claims-set.ts`).
 *
 * All of it is synchronous unless the JWKS must be fetched: with a fixed key, a cache hit or
 * a JWKS that already holds the token's key, `validateMaybeSync()` answers (or throws) on the
 * spot, so the listener settles the request without a promise or a thread-pool hop.
 *
 * Beyond Ballerina: the signature is always verified, `exp` is required, `none` never
 * passes, and the token's own key hints (`jku`, `x5u`, `jwk`, `x5c`) are never followed.
 */
import type { KeyObject } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { SigningAlgorithm } from './algorithms.js';
import { optionalAudience, optionalString, requireString, seconds } from './config-values.js';
import { checkClaimsSet, decodeClaimsSet, type ClaimsPolicy } from './claims-set.js';
import { HeaderMemo, MAX_TOKEN_LENGTH, decodeCompactJws, deepFreeze, type DecodedJws } from './compact-jws.js';
import { JWT_VALIDATOR_FIELDS, type JwtValidatorConfig } from './config.js';
import { ConfigError, fieldShapeProblem } from '@pointe/common';
import { JwksUnavailableError, JwtCodes, JwtValidationError } from './errors.js';
import { verifyJwsSignature } from './jws-signature.js';
import { TokenCache } from './token-cache.js';
import { resolveVerificationKey, type VerificationKey } from './verification-key.js';

export { MAX_TOKEN_LENGTH } from './compact-jws.js';

/** A validated token's claims set. */
export type JwtPayload = JWTPayload;

/** Construction options that are not configuration: hooks for tests. */
export interface JwtValidatorOptions {
  /** The clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export class JwtValidator {
  /** The claim the scopes are read from (`scopeKey`, default `'scope'`), for `extractScopes`. */
  readonly scopeKey: string;
  readonly #key: VerificationKey;
  /** The key's algorithms, as a set for the per-token lookup. */
  readonly #algorithms: ReadonlySet<string>;
  readonly #policy: ClaimsPolicy;
  readonly #cache: TokenCache | undefined;
  readonly #now: () => number;
  readonly #headers = new HeaderMemo();

  /** @throws ConfigError (`POINTE_ERR_JWT_CONFIG`) naming the field when the config cannot work. */
  constructor(config: JwtValidatorConfig, options: JwtValidatorOptions = {}) {
    // The field names first: a typo must fail here, not silently drop a check (see JWT_VALIDATOR_FIELDS).
    const problem = fieldShapeProblem(config, JWT_VALIDATOR_FIELDS, 'config');
    if (problem !== undefined) throw new ConfigError(JwtCodes.POINTE_ERR_JWT_CONFIG, problem);
    this.#now = options.now ?? Date.now;
    this.scopeKey = config.scopeKey === undefined ? 'scope' : requireString(config.scopeKey, 'scopeKey');
    this.#policy = {
      issuer: optionalString(config.issuer, 'issuer'),
      audience: optionalAudience(config.audience, 'audience'),
      clockSkew: seconds(config.clockSkew, 'clockSkew', 0),
    };
    this.#key = resolveVerificationKey(config.signatureConfig, 'signatureConfig', this.#now);
    this.#algorithms = new Set(this.#key.algorithms);
    this.#cache = config.cacheConfig === undefined ? undefined : new TokenCache(config.cacheConfig, 'cacheConfig', this.#now);
  }

  /**
   * The token's claims when it passes every check.
   * @throws JwtValidationError (`POINTE_ERR_JWT_INVALID`) whose `reason` names the failed check.
   * @throws JwksUnavailableError (`POINTE_ERR_JWKS_UNAVAILABLE`) when the JWKS cannot be read.
   */
  async validate(token: string): Promise<JwtPayload> {
    return this.validateMaybeSync(token);
  }

  /**
   * `validate()` without a promise when none is needed: returns the claims, or throws the
   * `JwtValidationError`, synchronously, unless the JWKS has to be fetched to find the key;
   * only then is the answer a promise (rejecting with the `JwtValidationError`).
   */
  validateMaybeSync(token: string): JwtPayload | Promise<JwtPayload> {
    try {
      // A hit is a token that passed every check before: the same bytes pass the same parse.
      let cacheKey: string | undefined;
      if (this.#cache !== undefined && typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH) {
        const cached = this.#cache.get(token);
        if (cached !== undefined) return cached;
        cacheKey = token;
      }
      const jws = decodeCompactJws(token, this.#headers);
      // The key decides the algorithm, never the token: this is what stops HS256-with-the-RSA-key.
      if (!this.#algorithms.has(jws.alg)) {
        throw new JwtValidationError('algorithm', 'the token\'s "alg" is not allowed for the configured key');
      }
      const source = this.#key;
      const key = source.kind === 'static' ? source.key : source.keySet.resolve(jws.header);
      if (key instanceof Promise) {
        return key.then(
          (resolved) => this.#verified(jws, resolved, cacheKey),
          (error: unknown) => {
            throw asValidationError(error);
          },
        );
      }
      return this.#verified(jws, key, cacheKey);
    } catch (error) {
      throw asValidationError(error);
    }
  }

  /**
   * The claims of `token` when it was validated before and its cache entry is still good
   * (`cacheConfig`); otherwise `undefined`, having done nothing else: no parsing, no key, no
   * promise, no throw. A hit is exactly what `validateMaybeSync(token)` would return. The
   * listener asks this before it checks the header's token syntax (a token equal to one that
   * passed is well-formed).
   */
  cached(token: string): JwtPayload | undefined {
    return this.#cache !== undefined && token.length <= MAX_TOKEN_LENGTH ? this.#cache.get(token) : undefined;
  }

  /** Fetches the JWKS now (no-op for other sources); rejects with a `JwksUnavailableError` when it cannot. */
  async warmUp(): Promise<void> {
    if (this.#key.kind === 'jwks') await this.#key.keySet.warmUp();
  }

  /** Closes the JWKS client's connections. */
  async close(): Promise<void> {
    if (this.#key.kind === 'jwks') await this.#key.keySet.close();
  }

  /**
   * Whether validated tokens are cached (`cacheConfig`): then the same token yields the same
   * frozen claims object, and a caller may key its own per-token work on it.
   */
  get cachesTokens(): boolean {
    return this.#cache !== undefined;
  }

  /** How many times the JWKS was requested (0 for other sources): for tests and metrics. */
  get jwksFetchCount(): number {
    return this.#key.kind === 'jwks' ? this.#key.keySet.fetchCount : 0;
  }

  /** The claims of `jws` once its signature verifies under `key` and they pass the policy; cached when configured. */
  #verified(jws: DecodedJws, key: KeyObject, cacheKey: string | undefined): JwtPayload {
    // `alg` is in the key's allow-list (checked above, and per JWKS key by `resolve`).
    if (!verifyJwsSignature(jws.alg as SigningAlgorithm, key, jws.signingInput, jws.signature)) {
      throw new JwtValidationError('signature', 'the signature does not verify');
    }
    const payload = decodeClaimsSet(jws.encodedPayload);
    checkClaimsSet(payload, this.#policy, Math.floor(this.#now() / 1000));
    // Cached payloads are shared between callers: none may change what another sees.
    deepFreeze(payload);
    if (cacheKey !== undefined) this.#cache!.set(cacheKey, payload);
    return payload;
  }
}

/**
 * Validates one `token` with a validator built for this call and closed after it (Ballerina's
 * `jwt:validate`). Nothing outlives the call: no JWKS connection, no cache. A caller that
 * validates many tokens holds a `JwtValidator` instead, which keeps its keys and caches.
 *
 * @example
 * const claims = await validate(token, { issuer: 'wso2', signatureConfig: { certFile: './public.crt' } });
 */
export async function validate(token: string, config: JwtValidatorConfig): Promise<JwtPayload> {
  const validator = new JwtValidator(config);
  try {
    return await validator.validate(token);
  } finally {
    await validator.close();
  }
}

/**
 * Every failure as a JwtValidationError, or the key source's own JwksUnavailableError: ours
 * pass through; anything else (a bug, an OpenSSL surprise) fails the token as `malformed`,
 * never lets it through, and keeps the cause.
 */
function asValidationError(error: unknown): JwtValidationError | JwksUnavailableError {
  if (error instanceof JwtValidationError || error instanceof JwksUnavailableError) return error;
  return new JwtValidationError('malformed', 'the token could not be verified', { cause: error });
}
