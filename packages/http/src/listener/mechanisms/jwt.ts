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
import { JWT_VALIDATOR_FIELDS, JwksUnavailableError, JwtValidationError, JwtValidator, extractScopes, type JwtPayload, type JwtValidatorConfig } from '@pointe/jwt';
import type { AuthLog, AuthMechanism, AuthProvider, ConfigLocation } from '../auth-provider.js';
import { checkShape, locatedConfig } from '../config-shape.js';
import { principalsOf, recallFrom } from './principals.js';

export const jwtMechanism: AuthMechanism<JwtValidatorConfig> = {
  key: 'jwtValidatorConfig',
  scheme: 'bearer',
  validate(config: unknown, at: ConfigLocation): JwtValidatorConfig {
    // The validator checks the same list; here the error names the service, resource and element.
    checkShape(config, JWT_VALIDATOR_FIELDS, at);
    return config as JwtValidatorConfig;
  },
  create(config: JwtValidatorConfig, at: ConfigLocation): AuthProvider {
    // Its ConfigErrors (POINTE_ERR_JWT_CONFIG: no signature source, an unreadable certificate...)
    // name the field inside the record; the location says whose record it is, keeping the code.
    return jwtProvider(locatedConfig(at, () => new JwtValidator(config), `${at.field}.`), memoTtlFor(config));
  },
};

/**
 * With `cacheConfig` the user accepts that a validated token is not validated again until its
 * `exp` (or `defaultMaxAge`); the per-connection memo gives the same promise, capped by `exp`.
 * Without it every request is validated, so no memo either.
 */
function memoTtlFor(config: JwtValidatorConfig): number | undefined {
  const cache = config.cacheConfig;
  return cache === undefined ? undefined : (cache.defaultMaxAge ?? 300) * 1000;
}

/** A provider over a built validator. */
export function jwtProvider(validator: JwtValidator, memoTtlMs?: number): AuthProvider {
  const scopeKey = validator.scopeKey;
  // With `cacheConfig` the validator hands back the same frozen payload for the same token, so
  // the principal is built once per cached token; without it every payload is new.
  const principalOf = principalsOf<JwtPayload>(
    (payload) =>
      Object.freeze({
        scheme: 'jwt',
        ...(typeof payload.sub === 'string' ? { username: payload.sub } : {}),
        scopes: Object.freeze(extractScopes(payload, scopeKey)) as string[],
        claims: payload,
      }),
    validator.cachesTokens,
  );
  /** A failed validation: `undefined` (not accepted) for a bad token; a throw (backend error) for anything else. */
  const refused = (error: unknown, log: AuthLog): undefined => {
    // A JwtValidationError always means the token was at fault; anything else (the JWKS being
    // unreadable, a JwksUnavailableError) says nothing about the token: a backend error.
    if (!(error instanceof JwtValidationError)) {
      if (error instanceof JwksUnavailableError) log.debug(`pointe auth: JWT not checked, the JWKS is unavailable: ${error.message}`);
      throw error;
    }
    // The reason and the message, never the token (JwtValidationError messages don't quote it).
    log.debug(`pointe auth: JWT not accepted (${error.reason}): ${error.message}`);
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
    // Only with `cacheConfig`: then a hit is the frozen payload `authenticate` would also get.
    ...(validator.cachesTokens ? { recall: recallFrom((token) => validator.cached(token), principalOf) } : {}),
    close: () => validator.close(),
  };
}
