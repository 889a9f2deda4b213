/**
 * `ldapUserStoreConfig`: Basic auth against an LDAP directory (seed "LDAP User Store"), through
 * `@pointe/auth`'s `LdapUserStore`. The store (config checks, TLS trust, pools, caches) is built
 * once per distinct config at `attach()`, so a bad record or an unreadable certificate fails
 * `attach()` with the service, resource and `auth[i].ldapUserStoreConfig` field named. It opens
 * no connection there: a directory that is down at start-up is an outage, not a config error.
 *
 * Per request: `store.cached()` answers synchronously when it can (an empty password, a control
 * character, a cached bind with cached groups); everything else is a bind and searches, which go
 * through the listener's bounded, per-connection fair queue (`AuthContext.schedule`), like a
 * password hash. `LdapUnavailableError` (server down, timeout) is thrown on: the chain counts it
 * as a failed element, tries the next, and answers 401 when none is left, never 500.
 */
import { LDAP_DEFAULTS, LDAP_NEEDS_SERVER, LdapUnavailableError, LdapUserStore, checkLdapUserStoreConfig, type AuthenticatedUser, type LdapUserStoreConfig } from '@pointe/auth';
import { type AuthLog, type AuthMechanism, type AuthProvider, type ConfigLocation } from '../auth-provider.js';
import { locatedConfig } from '../config-shape.js';
import { basicPrincipals, recallFrom } from './principals.js';

export const ldapUserStoreMechanism: AuthMechanism<LdapUserStoreConfig> = {
  key: 'ldapUserStoreConfig',
  scheme: 'basic',
  validate(config: unknown, at: ConfigLocation): LdapUserStoreConfig {
    // The store's own checks (every field, the filters parse, URL and TLS fit together), named in place.
    return locatedConfig(at, () => checkLdapUserStoreConfig(config, at.field));
  },
  create(config: LdapUserStoreConfig, at: ConfigLocation): AuthProvider {
    // Reads secureSocket.cert now: an unreadable trust store fails attach(), not the first request.
    return ldapUserStoreProvider(locatedConfig(at, () => new LdapUserStore(config, {}, at.field)), config);
  },
};

/**
 * How long the chain may reuse an acceptance on a connection. Only with `userRolesCacheEnabled`:
 * then the store itself answers a repeated credential from its caches (bind and groups) for the
 * shorter of their TTLs, so the memo changes nothing the store would say. Without the role cache
 * the groups are searched on every request (a group change takes effect at once), so no memo.
 */
export function ldapMemoTtlMs(config: LdapUserStoreConfig): number | undefined {
  if (config.userRolesCacheEnabled !== true) return undefined;
  return Math.min(LDAP_DEFAULTS.bindCacheTtlMs, LDAP_DEFAULTS.rolesCacheTtlMs);
}

/** A provider over a built store; closes the store's connections when the listener stops. */
function ldapUserStoreProvider(store: LdapUserStore, config: LdapUserStoreConfig): AuthProvider {
  const principalOf = basicPrincipals();
  const unavailable = (log: AuthLog) => (error: unknown): never => {
    // The store's message names the store, URL and operation, never the credential.
    if (error instanceof LdapUnavailableError) log.debug(`pointe auth: LDAP user store '${store.domainName}' unavailable: ${error.message}`);
    throw error;
  };
  const memoTtlMs = ldapMemoTtlMs(config);
  return {
    scheme: 'basic',
    ...(memoTtlMs === undefined ? {} : { memoTtlMs }),
    // With the role cache only: a token whose bind and groups are both cached, nothing decoded.
    ...(config.userRolesCacheEnabled === true ? { recall: recallFrom<AuthenticatedUser>((token) => store.recall(token), principalOf) } : {}),
    authenticate(credential, log, context) {
      if (credential.scheme !== 'basic') return undefined;
      const { username, password, token } = credential;
      const answer = store.cached(username, password, token);
      if (answer !== LDAP_NEEDS_SERVER) return principalOf(answer);
      const verify = () => store.verify(username, password, token);
      // A `Refused` from the queue passes through untouched: the chain answers 503 for it.
      return (context === undefined ? verify() : context.schedule(verify)).then(principalOf, unavailable(log));
    },
    close: () => store.close(),
  };
}


