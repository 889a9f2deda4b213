/**
 * `oauth2IntrospectionConfig`: Bearer tokens checked by RFC 7662 introspection (seed "OAuth2"),
 * through `@pointe/oauth2`'s `OAuth2IntrospectionValidator`. The validator (the record's checks,
 * TLS trust, the HTTP agent, the response cache) is built once per distinct config at `attach()`,
 * so a bad record or an unreadable certificate fails `attach()` with the service, resource and
 * `auth[i].oauth2IntrospectionConfig` field named. It sends nothing there: an authorization server
 * that is down at start-up is an outage, not a config error.
 *
 * Per request: a cached response answers synchronously; an uncached token is introspected through
 * the listener's bounded, per-connection fair queue (`AuthContext.schedule`), one request for all
 * concurrent checks of one token. `OAuth2TokenRejectedError` (inactive, `exp` past, malformed) is
 * "not accepted" (401 `invalid_token`); `OAuth2ServerError` (unreachable, timeout, non-2xx, a body
 * that is not the protocol's) is a backend failure: the chain tries the next element, then 401,
 * never 500 and never a pass.
 *
 * `clientConfig.auth` may be any client auth record: Basic, Bearer and the three OAuth2 grants are
 * handled by `@pointe/oauth2`; a self-signed JWT record gets `@pointe/http`'s own handler.
 */
import { isPlainObject } from '@pointe/common';
import {
  OAuth2IntrospectionValidator, OAuth2ServerError, OAuth2TokenRejectedError, type IntrospectionResult, type OAuth2ClientAuthHandler,
  type OAuth2IntrospectionConfig as OAuth2IntrospectionConfigBase,
} from '@pointe/oauth2';
import type { OAuth2IntrospectionConfig } from '../types.js';
import type { AuthLog, AuthMechanism, AuthProvider, ConfigLocation } from '../auth-provider.js';
import { invalidAuthConfig, locatedConfig } from '../config-shape.js';
import { classifyClientAuth, resolveClientAuth } from '../../client/classify-auth.js';
import type { ClientAuthConfig } from '../../client/config.js';
import { principalsOf, recallFrom } from './principals.js';

export const oauth2IntrospectionMechanism: AuthMechanism<OAuth2IntrospectionConfig> = {
  key: 'oauth2IntrospectionConfig',
  scheme: 'bearer',
  validate(config: unknown, at: ConfigLocation): OAuth2IntrospectionConfig {
    // The validator checks every field when it is built (create(), also at attach()); here only
    // what create() needs to read first.
    if (!isPlainObject(config)) throw invalidAuthConfig(at, `${at.field} must be an object with at least { url }`);
    return config as unknown as OAuth2IntrospectionConfig;
  },
  create(config: OAuth2IntrospectionConfig, at: ConfigLocation): AuthProvider {
    const clientAuth = externalClientAuth(config, at);
    // The same record: only `clientConfig.auth` is wider here (a self-signed JWT), and that case
    // is handed over as `clientAuth`, which the validator then leaves unchecked.
    const record = config as unknown as OAuth2IntrospectionConfigBase;
    const validator = locatedConfig(at, () => new OAuth2IntrospectionValidator(record, at.field, clientAuth === undefined ? {} : { clientAuth }));
    return introspectionProvider(validator, memoTtlFor(config));
  },
};

/**
 * `@pointe/http`'s handler for a `clientConfig.auth` that `@pointe/oauth2` does not handle itself
 * (a self-signed JWT record), else `undefined`. The record's key is read now, at `attach()`.
 */
function externalClientAuth(config: OAuth2IntrospectionConfig, at: ConfigLocation): OAuth2ClientAuthHandler | undefined {
  const auth: unknown = isPlainObject(config.clientConfig) ? config.clientConfig.auth : undefined;
  if (auth === undefined || !isPlainObject(auth)) return undefined;
  let kind: ReturnType<typeof classifyClientAuth>;
  try {
    kind = classifyClientAuth(auth);
  } catch {
    return undefined; // @pointe/oauth2's own check names what is wrong with the record
  }
  if (kind !== 'jwt') return undefined;
  return locatedConfig({ ...at, field: `${at.field}.clientConfig.auth` }, () => resolveClientAuth(auth as unknown as ClientAuthConfig));
}

/**
 * With `cacheConfig` the user accepts that an introspected token is not asked about again until
 * its `exp` (or `defaultTokenExpTime`, at most `defaultMaxAge`): the per-connection memo gives the
 * same answer for the same time (the chain caps it by the response's `exp`). Without a cache every
 * request is introspected, so a revocation takes effect at once: no memo either.
 */
export function memoTtlFor(config: OAuth2IntrospectionConfig): number | undefined {
  const cache = config.cacheConfig;
  if (cache === undefined) return undefined;
  const seconds = Math.min(config.defaultTokenExpTime ?? 3600, cache.defaultMaxAge ?? Number.POSITIVE_INFINITY);
  return seconds * 1000;
}

/** A provider over a built validator; closes its connections when the listener stops. */
function introspectionProvider(validator: OAuth2IntrospectionValidator, memoTtlMs: number | undefined): AuthProvider {
  // A cached result is the same object on every hit: its principal is built once.
  const principalOf = principalsOf<IntrospectionResult>((result) =>
    Object.freeze({
      scheme: 'oauth2',
      ...(result.username === undefined ? {} : { username: result.username }),
      scopes: Object.freeze([...result.scopes]) as string[],
      introspection: result.response,
    }),
  );
  /** `undefined` (not accepted) for a token the server judged bad; a throw (backend error) otherwise. */
  const refused = (error: unknown, log: AuthLog): undefined => {
    if (error instanceof OAuth2TokenRejectedError) {
      // The code and message, never the token (@pointe/oauth2's messages don't quote it).
      log.debug(`pointe auth: OAuth2 token not accepted (${error.code}): ${error.message}`);
      return undefined;
    }
    if (error instanceof OAuth2ServerError) log.debug(`pointe auth: OAuth2 introspection failed (${error.code}): ${error.message}`);
    throw error;
  };
  return {
    scheme: 'bearer',
    ...(memoTtlMs === undefined ? {} : { memoTtlMs }),
    authenticate(credential, log, context) {
      if (credential.scheme !== 'bearer') return undefined;
      let outcome: IntrospectionResult | Promise<IntrospectionResult>;
      try {
        outcome = validator.validate(credential.token, context?.schedule);
      } catch (error) {
        return refused(error, log);
      }
      if (outcome instanceof Promise) return outcome.then(principalOf, (error: unknown) => refused(error, log));
      return principalOf(outcome);
    },
    // A cached introspection is the same result object `authenticate` would get (no cache: no recall).
    ...(validator.cachesResults ? { recall: recallFrom((token) => validator.cached(token), principalOf) } : {}),
    close: () => validator.close(),
  };
}
