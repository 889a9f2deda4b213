/**
 * `jwtValidatorConfig`: Bearer tokens checked by `@pointe/jwt`'s `JwtValidator` (seed "JWT
 * Auth"). The validator (key, allowed algorithms, JWKS client, token cache) is built once per
 * distinct config at `attach()`, so a missing signature source or an unreadable certificate
 * fails `attach()`, never the first request.
 *
 * A token that fails a check is "not accepted" (the chain answers 401 `invalid_token`); a JWKS
 * endpoint that cannot be read is a backend error (the chain tries the next element, then 401),
 * so an outage at the identity provider is never a 500 and never a pass.
 */
import { ConfigError, PointeError } from '@pointe/common';
import { JwtValidationError, JwtValidator, extractScopes, type JwtPayload, type JwtValidatorConfig } from '@pointe/jwt';
import { ListenerErrorCodes } from '../../errors.js';
import { registerAuthMechanism, type AuthLog, type AuthMechanism, type AuthProvider, type ConfigLocation } from '../auth-provider.js';
import { describe } from '../resolve-auth.js';
import type { Principal } from '../types.js';

/** A field whose value `JwtValidator` checks itself. */
const VALUE = null;
/** The fields of a record, each a value or a nested record. */
interface Shape {
  readonly [field: string]: Shape | typeof VALUE;
}

const CACHE: Shape = { capacity: VALUE, defaultMaxAge: VALUE };

/**
 * Every field `JwtValidatorConfig` has, nested. The validator ignores fields it does not know,
 * so a typo (`certfile`, `audiences`) would silently drop a check or a key; here it fails
 * `attach()` instead.
 */
const VALIDATOR_SHAPE: Shape = {
  issuer: VALUE,
  audience: VALUE,
  clockSkew: VALUE,
  scopeKey: VALUE,
  signatureConfig: {
    jwksConfig: {
      url: VALUE,
      cacheConfig: CACHE,
      // `secureSocket.cert` is a file path or a trust store { path, password }: the fetcher checks it.
      clientConfig: { secureSocket: { cert: VALUE, disable: VALUE }, timeout: VALUE },
      minRefetchInterval: VALUE,
    },
    certFile: VALUE,
    trustStoreConfig: { trustStore: { path: VALUE, password: VALUE }, certAlias: VALUE },
    secret: VALUE,
  },
  cacheConfig: CACHE,
};

export const jwtMechanism: AuthMechanism<JwtValidatorConfig> = {
  key: 'jwtValidatorConfig',
  scheme: 'bearer',
  validate(config: unknown, at: ConfigLocation): JwtValidatorConfig {
    return checkJwtValidatorConfig(config, describe(at), at.field);
  },
  create(config: JwtValidatorConfig, at: ConfigLocation): AuthProvider {
    return jwtProvider(buildJwtValidator(config, describe(at), at.field), memoTtlFor(config));
  },
};

/**
 * `config` when every field in it is one `JwtValidatorConfig` has; otherwise a `ConfigError`
 * (`POINTE_ERR_INVALID_AUTH_CONFIG`) naming `where` and the field.
 */
export function checkJwtValidatorConfig(config: unknown, where: string, field: string): JwtValidatorConfig {
  const problem = shapeProblem(config, VALIDATOR_SHAPE, field);
  if (problem !== undefined) throw new ConfigError(ListenerErrorCodes.INVALID_AUTH_CONFIG, `${where}: ${problem}`);
  return config as JwtValidatorConfig;
}

/**
 * The validator of `config`. Its `ConfigError`s (`POINTE_ERR_JWT_CONFIG`: no signature source,
 * unreadable certificate...) name the field inside the config; this says which service,
 * resource and auth element it belongs to, keeping the code.
 */
export function buildJwtValidator(config: JwtValidatorConfig, where: string, field: string): JwtValidator {
  try {
    return new JwtValidator(config);
  } catch (error) {
    if (error instanceof PointeError) throw new ConfigError(error.code, `${where}: ${field}.${error.detail}`, { cause: error });
    throw error;
  }
}

/**
 * With `cacheConfig` the user accepts that a validated token is not validated again until its
 * `exp` (or `defaultMaxAge`); the per-connection memo gives the same promise, capped by `exp`.
 * Without it every request is validated, so no memo either.
 */
function memoTtlFor(config: JwtValidatorConfig): number | undefined {
  const cache = config.cacheConfig;
  return cache === undefined ? undefined : (cache.defaultMaxAge ?? 300) * 1000;
}

/** A provider over a built validator (also used by `ListenerJwtAuthHandler`). */
export function jwtProvider(validator: JwtValidator, memoTtlMs?: number): AuthProvider {
  const scopeKey = validator.scopeKey;
  // With `cacheConfig` the validator hands back the same frozen payload for the same token, so
  // the principal is built once per cached token. Without it every payload is new: a WeakMap
  // entry per request would only be garbage-collector work.
  const principals = validator.cachesTokens ? new WeakMap<JwtPayload, Principal>() : undefined;
  const principalOf = (payload: JwtPayload): Principal => {
    let principal = principals?.get(payload);
    if (principal === undefined) {
      principal = Object.freeze({
        scheme: 'jwt',
        ...(typeof payload.sub === 'string' ? { username: payload.sub } : {}),
        scopes: Object.freeze(extractScopes(payload, scopeKey)) as string[],
        claims: payload,
      });
      principals?.set(payload, principal);
    }
    return principal;
  };
  /** A failed validation: `undefined` (not accepted) for a bad token; a throw (backend error) for anything else. */
  const refused = (error: unknown, log: AuthLog): undefined => {
    if (!(error instanceof JwtValidationError)) throw error;
    // The reason and the validator's detail, never the token (JwtValidationError messages don't quote it).
    if (error.reason === 'jwks_unavailable') {
      // The identity provider's JWKS being unreadable says nothing about the token: a backend error.
      log.debug(`pointe auth: JWT not checked, the JWKS is unavailable: ${error.detail}`);
      throw error;
    }
    log.debug(`pointe auth: JWT not accepted (${error.reason}): ${error.detail}`);
    return undefined;
  };
  return {
    scheme: 'bearer',
    ...(memoTtlMs === undefined ? {} : { memoTtlMs }),
    authenticate(credential, log) {
      if (credential.scheme !== 'bearer') return undefined;
      // Synchronous unless the JWKS must be fetched: a fixed key, a cache hit or a known `kid`
      // settle the request without a promise (the chain treats a throw here as a rejection).
      let outcome: JwtPayload | Promise<JwtPayload>;
      try {
        outcome = validator.validateMaybeSync(credential.token);
      } catch (error) {
        return refused(error, log);
      }
      if (outcome instanceof Promise) return outcome.then(principalOf, (error: unknown) => refused(error, log));
      return principalOf(outcome);
    },
    close: () => validator.close(),
  };
}

/** The first unknown field or non-object record under `value`, as a sentence; `undefined` when the shape fits. */
function shapeProblem(value: unknown, shape: Shape, field: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${field} must be an object`;
  }
  for (const [key, member] of Object.entries(value)) {
    if (!Object.hasOwn(shape, key)) {
      return `${field} has unknown field '${key}'; allowed: ${Object.keys(shape).join(', ')}`;
    }
    const nested = shape[key];
    if (nested !== VALUE && nested !== undefined && member !== undefined) {
      const problem = shapeProblem(member, nested, `${field}.${key}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

registerAuthMechanism(jwtMechanism);
