/**
 * Issuing a self-signed JWT (Ballerina's `jwt:issue`), for the client's self-signed JWT auth.
 *
 * A `JwtIssuer` is built once per config and loads its key then. Each `issue()` signs a
 * new token: header `alg`, `typ: "JWT"` and `kid` (= keyId); claims `sub` (= username),
 * `iss`, `aud`, `jti`, `iat`, `nbf` (= iat), `exp` (= iat + expTime) and `customClaims`.
 *
 * `jti` is `jwtId` when configured, else a fresh random UUID per token, so each token is
 * distinguishable for replay detection (Ballerina reuses whatever `jwtId` says).
 * `customClaims` may not name a registered claim: Ballerina merges them last, so a custom
 * `exp` silently replaced the computed one; Pointe refuses that at construction instead.
 */
import { randomUUID } from 'node:crypto';
import { isPlainObject, describeError } from '@pointe/common';
import { SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { optionalAudience, optionalString, seconds } from './config-values.js';
import type { JwtIssuerConfig } from './config.js';
import { JwtIssueError, configError } from './errors.js';
import { resolveSigningKey, type SigningKey } from './signing-key.js';

/** Claims the issuer sets itself; `customClaims` may not override them. */
export const REGISTERED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'] as const;

const DEFAULT_EXP_TIME_S = 300;

/** An issued token and when it expires. */
export interface IssuedJwt {
  /** The compact JWS. */
  token: string;
  /** Its `exp`, in epoch seconds. */
  expiresAt: number;
}

/** Construction options that are not configuration: hooks for tests. */
export interface JwtIssuerOptions {
  /** The clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export class JwtIssuer {
  readonly #signingKey: SigningKey;
  readonly #header: JWTHeaderParameters;
  readonly #claims: JWTPayload;
  readonly #jwtId: string | undefined;
  readonly #expTime: number;
  readonly #now: () => number;

  /** @throws ConfigError (`POINTE_ERR_JWT_CONFIG`) for an unreadable key, a wrong password, a key that does not fit the algorithm or a short secret. */
  constructor(config: JwtIssuerConfig, options: JwtIssuerOptions = {}) {
    if (!isPlainObject(config)) throw configError('jwtIssuerConfig', 'must be an object');
    this.#now = options.now ?? Date.now;
    this.#expTime = seconds(config.expTime, 'expTime', DEFAULT_EXP_TIME_S, true);
    this.#jwtId = optionalString(config.jwtId, 'jwtId');
    const username = optionalString(config.username, 'username');
    const issuer = optionalString(config.issuer, 'issuer');
    const audience = optionalAudience(config.audience, 'audience');
    const keyId = optionalString(config.keyId, 'keyId');
    const custom = customClaims(config.customClaims);
    this.#signingKey = resolveSigningKey(config.signatureConfig, 'signatureConfig');
    this.#header = { alg: this.#signingKey.algorithm, typ: 'JWT', ...(keyId === undefined ? {} : { kid: keyId }) };
    this.#claims = {
      ...custom,
      ...(username === undefined ? {} : { sub: username }),
      ...(issuer === undefined ? {} : { iss: issuer }),
      // A single audience stays a string, as configured (RFC 7519 §4.1.3 allows both).
      ...(audience === undefined ? {} : { aud: typeof config.audience === 'string' ? audience[0]! : audience }),
    };
  }

  /** The signing algorithm in use. */
  get algorithm(): string {
    return this.#signingKey.algorithm;
  }

  /** Signs a new token. */
  async issue(): Promise<IssuedJwt> {
    const iat = Math.floor(this.#now() / 1000);
    const exp = iat + Math.max(1, Math.floor(this.#expTime));
    const payload: JWTPayload = { ...this.#claims, jti: this.#jwtId ?? randomUUID(), iat, nbf: iat, exp };
    try {
      const token = await new SignJWT(payload).setProtectedHeader(this.#header).sign(this.#signingKey.key);
      return { token, expiresAt: exp };
    } catch (error) {
      throw new JwtIssueError(`cannot sign the JWT with ${this.#signingKey.algorithm} (${describeError(error)})`, { cause: error });
    }
  }
}

const issuers = new WeakMap<JwtIssuerConfig, JwtIssuer>();

/** Issues a token with an issuer built once per config object (kept while the config object lives). */
export async function issue(config: JwtIssuerConfig): Promise<string> {
  let issuer = issuers.get(config);
  if (issuer === undefined) {
    issuer = new JwtIssuer(config);
    issuers.set(config, issuer);
  }
  return (await issuer.issue()).token;
}

function customClaims(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw configError('customClaims', 'must be an object of claim names to JSON values');
  const registered = REGISTERED_CLAIMS.filter((claim) => Object.hasOwn(value, claim));
  if (registered.length > 0) {
    throw configError(
      'customClaims',
      `may not set the registered claim(s) ${registered.join(', ')}: use username (sub), issuer, audience, jwtId and expTime`,
    );
  }
  let copy: Record<string, unknown>;
  try {
    // A deep copy taken now: later changes to the caller's object do not leak into tokens, and non-JSON values fail here.
    copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch (error) {
    throw configError('customClaims', `must hold JSON values only (${describeError(error)})`, error);
  }
  return copy;
}
