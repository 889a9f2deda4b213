/**
 * The LDAP user store: Basic credentials checked against a directory (Ballerina's
 * `http:LdapUserStoreConfig`), on ldapts.
 *
 * Per credential: search the user with `userNameSearchFilter` (the username RFC 4515-escaped)
 * under `userSearchBase` on the service account's connection; exactly one entry must match;
 * bind as that entry's DN with the password on a separate connection (a bind changes a
 * connection's identity, so the service account's connections never carry users' binds); then
 * the groups: `(&<groupNameListFilter>(<membershipAttribute>=<escaped DN or name>))` under each
 * `groupSearchBase`, whose `groupNameAttribute` values are the scopes.
 *
 * Built once per config (at `attach()`): the config is checked and the TLS material read here,
 * so a mistake fails construction. Per request only lookups, round trips and caches.
 */
import { randomBytes } from 'node:crypto';
import { InvalidCredentialsError, NoSuchObjectError, type Client, type Entry } from 'ldapts';
import { LruCache, SingleFlight, describeError } from '@pointe/common';
import { clientTlsOptions } from '@pointe/crypto';
import { LdapUnavailableError } from './errors.js';
import { type LdapUserStoreConfig, checkLdapUserStoreConfig } from './ldap-config.js';
import { type LdapEndpoint, LdapPool, openConnection } from './ldap-connections.js';
import { groupFilter, userFilter } from './ldap-filter.js';
import { AcceptedTokens, CredentialCache } from './user-store/credential-cache.js';
import type { AuthenticatedUser } from './user-store/file-user-store.js';

/** `LdapUserStore.cached` could not answer without the server: call `verify`. */
export const LDAP_NEEDS_SERVER: unique symbol = Symbol('pointe.ldap.needsServer');

/** Cache bounds and clock of an `LdapUserStore` (beyond the seed's fields). */
export interface LdapUserStoreOptions {
  /** The most successful binds remembered. Default 10 000. */
  bindCacheCapacity?: number;
  /** How long a successful bind is remembered, in milliseconds. Default 60 s: a password changed or an account disabled in the directory takes effect within that. */
  bindCacheTtlMs?: number;
  /** The most users whose groups are remembered (`userRolesCacheEnabled`). Default 10 000. */
  rolesCacheCapacity?: number;
  /** How long a user's groups are remembered, in milliseconds (`userRolesCacheEnabled`). Default 5 minutes. */
  rolesCacheTtlMs?: number;
  /** The most connections open at once per pool (service account, user binds). Default 8. */
  maxConnections?: number;
  /** The caches' clock. Default `Date.now`. */
  now?: () => number;
}

/** Defaults of `LdapUserStoreOptions`. */
export const LDAP_DEFAULTS = {
  bindCacheCapacity: 10_000,
  bindCacheTtlMs: 60_000,
  rolesCacheCapacity: 10_000,
  rolesCacheTtlMs: 5 * 60_000,
  maxConnections: 8,
  connectionTimeoutSeconds: 5,
  readTimeoutSeconds: 60,
} as const;

/** A user found and bound: what the bind cache remembers. */
interface BoundUser {
  dn: string;
  /** The principal's username: the entry's `userNameAttribute` value. */
  username: string;
  /** The value groups name this user by: the DN, or the name for `memberUid`. */
  memberValue: string;
  /** When the bind cache forgets this bind (epoch milliseconds). */
  until: number;
}

/** A user's groups, as the roles cache remembers them. */
interface CachedRoles {
  user: AuthenticatedUser;
  /** When the roles cache forgets them (epoch milliseconds). */
  until: number;
}

// C0 controls, DEL and C1 controls: never a username (RFC 7617 §2), refused before any search.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Basic users of an LDAP directory.
 *
 * Timing: an unknown username (and a filter that matches two entries) still costs a bind, of a
 * DN that does not exist, on the same connections, so a wrong password and an unknown user take
 * one search and one bind each and timing does not reveal which usernames exist.
 *
 * Caching: a successful bind is remembered under a per-process keyed digest of the credential
 * (`CredentialCache`, bounded, `bindCacheTtlMs`); failures never are. With
 * `userRolesCacheEnabled`, each user's groups are remembered too (bounded, `rolesCacheTtlMs`), and
 * a repeated credential is answered synchronously, with no promise and no round trip; given the
 * Basic token it came in, the store also remembers that token (`AcceptedTokens`, until the
 * first of the two entries expires), and `recall(token)` answers it without decoding.
 *
 * @example
 * const store = new LdapUserStore(config);
 * const user = await store.authenticate('alice', 'alice-pass'); // { username, scopes } | undefined
 * await store.close();
 */
export class LdapUserStore {
  /** `domainName` of the config. */
  readonly domainName: string;
  readonly #config: LdapUserStoreConfig;
  readonly #service: LdapPool;
  readonly #binds: LdapPool;
  readonly #bindCache: CredentialCache<BoundUser>;
  readonly #rolesCache: LruCache<string, CachedRoles> | undefined;
  /** Basic tokens of credentials whose bind and groups are both cached (`recall`); with the roles cache only. */
  readonly #tokens: AcceptedTokens<AuthenticatedUser> | undefined;
  readonly #bindTtlMs: number;
  readonly #rolesTtlMs: number;
  readonly #now: () => number;
  readonly #inFlight = new SingleFlight<string, { user: AuthenticatedUser; until: number } | undefined>();
  readonly #memberUid: boolean;
  /** A DN under the user search base that no entry has: the bind an unknown user costs. */
  readonly #dummyDn: string;

  /** Checks `config` (`ConfigError` `POINTE_ERR_LDAP_CONFIG`, or the TLS loader's code) and reads its certificate. Opens no connection. */
  constructor(config: LdapUserStoreConfig, options: LdapUserStoreOptions = {}, field = 'ldapUserStoreConfig') {
    this.#config = checkLdapUserStoreConfig(config, field);
    this.domainName = config.domainName;
    this.#memberUid = config.membershipAttribute.toLowerCase() === 'memberuid';
    this.#dummyDn = `${config.userNameAttribute}=pointe-no-such-user-${randomBytes(12).toString('hex')},${config.userSearchBase}`;
    const endpoint: LdapEndpoint = {
      url: config.connectionUrl,
      tls: clientTlsOptions(config.secureSocket, `${field}.secureSocket`),
      startTls: config.startTls === true,
      connectTimeoutMs: (config.connectionTimeout ?? LDAP_DEFAULTS.connectionTimeoutSeconds) * 1000,
      readTimeoutMs: (config.readTimeout ?? LDAP_DEFAULTS.readTimeoutSeconds) * 1000,
    };
    const pool = (bindAs?: { dn: string; password: string }) =>
      new LdapPool({
        open: () => openConnection(endpoint, bindAs),
        reuse: config.connectionPoolingEnabled ?? true,
        maxOpen: options.maxConnections ?? LDAP_DEFAULTS.maxConnections,
        waitTimeoutMs: endpoint.connectTimeoutMs,
      });
    this.#service = pool({ dn: config.connectionName, password: config.connectionPassword });
    this.#binds = pool();
    this.#now = options.now ?? Date.now;
    this.#bindTtlMs = options.bindCacheTtlMs ?? LDAP_DEFAULTS.bindCacheTtlMs;
    this.#rolesTtlMs = options.rolesCacheTtlMs ?? LDAP_DEFAULTS.rolesCacheTtlMs;
    const binds = { capacity: options.bindCacheCapacity ?? LDAP_DEFAULTS.bindCacheCapacity, ttlMs: this.#bindTtlMs, now: this.#now };
    this.#bindCache = new CredentialCache(binds);
    if (config.userRolesCacheEnabled === true) {
      this.#rolesCache = new LruCache({
        capacity: options.rolesCacheCapacity ?? LDAP_DEFAULTS.rolesCacheCapacity,
        defaultTtlMs: this.#rolesTtlMs,
        now: this.#now,
      });
      this.#tokens = new AcceptedTokens(binds);
    }
  }

  /**
   * The user when the credential is right, `undefined` when it is not. Rejects with
   * `LdapUnavailableError` when the server can't answer (never for a wrong credential).
   */
  async authenticate(username: string, password: string): Promise<AuthenticatedUser | undefined> {
    return this.check(username, password);
  }

  /**
   * `authenticate` without a promise when none is needed: `cached`, else `verify`. The returned
   * user is shared and frozen.
   */
  check(username: string, password: string): AuthenticatedUser | undefined | Promise<AuthenticatedUser | undefined> {
    const answer = this.cached(username, password);
    return answer === LDAP_NEEDS_SERVER ? this.verify(username, password) : answer;
  }

  /**
   * The answer that needs no server, synchronously: `undefined` for an empty password (an
   * anonymous bind on many servers, RFC 4513 §5.1.2) or a username with control characters;
   * the user when its bind and groups are cached; otherwise `LDAP_NEEDS_SERVER`, and the caller
   * runs `verify` (the listener routes it through its queue of slow verifications).
   */
  cached(username: string, password: string, token?: string): AuthenticatedUser | undefined | typeof LDAP_NEEDS_SERVER {
    if (!acceptable(username, password)) return undefined;
    const tokens = this.#tokens;
    if (tokens === undefined) return LDAP_NEEDS_SERVER;
    if (token !== undefined) {
      const recalled = tokens.get(token);
      if (recalled !== undefined) return recalled;
    }
    const bound = this.#bindCache.get(this.#bindCache.keyOf(username, password));
    const roles = bound === undefined ? undefined : this.#rolesCache!.get(bound.dn);
    if (roles === undefined) return LDAP_NEEDS_SERVER;
    if (token !== undefined) tokens.remember(token, username, password, roles.user, Math.min(bound!.until, roles.until));
    return roles.user;
  }

  /**
   * The user for a Basic token68 whose credential this store accepted (`cached` or `verify`
   * with its `token`) while its bind and its groups are both still cached, from that cache
   * alone: no decoding, no round trip; `undefined` otherwise. An entry expires when the first
   * of the two would. Only with `userRolesCacheEnabled` (without it the groups are searched on
   * every request, so nothing is recalled).
   */
  recall(token: string): AuthenticatedUser | undefined {
    return this.#tokens?.get(token);
  }

  /**
   * The uncached path: round trips to the server (the bind only when not cached, the groups
   * only when not cached), filling the caches. Concurrent calls for one credential share one.
   */
  verify(username: string, password: string, token?: string): Promise<AuthenticatedUser | undefined> {
    if (!acceptable(username, password)) return Promise.resolve(undefined);
    const key = this.#bindCache.keyOf(username, password);
    const answer = this.#inFlight.run(key, async () => {
      let bound = this.#bindCache.get(key);
      if (bound === undefined) {
        const started = this.#now();
        const found = await this.#findAndBind(username, password);
        if (found === undefined) return undefined;
        // Measured from before the bind: the entry never outlives the TTL since the server said yes.
        bound = { ...found, until: started + this.#bindTtlMs };
        this.#bindCache.set(key, bound, bound.until);
      }
      const rolesCache = this.#rolesCache;
      let roles = rolesCache?.get(bound.dn);
      if (roles === undefined) {
        const started = this.#now();
        const user = Object.freeze({ username: bound.username, scopes: Object.freeze(await this.#groups(bound)) as string[] });
        roles = { user, until: started + this.#rolesTtlMs };
        rolesCache?.set(bound.dn, roles, roles.until);
      }
      // Per caller, not inside the shared flight: each remembers the token it came with.
      return { user: roles.user, until: Math.min(bound.until, roles.until) };
    });
    return answer.then((found) => {
      if (found === undefined) return undefined;
      if (token !== undefined && this.#tokens !== undefined) this.#tokens.remember(token, username, password, found.user, found.until);
      return found.user;
    });
  }

  /** Closes every connection of both pools. The store answers no more after this. */
  async close(): Promise<void> {
    await Promise.all([this.#service.close(), this.#binds.close()]);
  }

  async #findAndBind(username: string, password: string): Promise<Omit<BoundUser, 'until'> | undefined> {
    const config = this.#config;
    const entries = await this.#serviceSearch('the user search', (client) =>
      client.search(config.userSearchBase, {
        scope: 'sub',
        filter: userFilter(config.userNameSearchFilter, username),
        attributes: [config.userNameAttribute],
        sizeLimit: 2,
      }),
    );
    // Zero or several entries: bind a DN that does not exist, so the answer costs what a wrong password costs.
    const entry = entries.length === 1 ? entries[0]! : undefined;
    const ok = await this.#bind(entry?.dn ?? this.#dummyDn, password);
    if (!ok || entry === undefined) return undefined;
    const name = firstValue(entry, config.userNameAttribute) ?? rdnValue(entry.dn) ?? username;
    return { dn: entry.dn, username: name, memberValue: this.#memberUid ? name : entry.dn };
  }

  /** Whether `password` binds `dn`, on a user-bind connection. */
  async #bind(dn: string, password: string): Promise<boolean> {
    try {
      await this.#binds.use((client) => client.bind(dn, password));
      return true;
    } catch (err) {
      // 49 invalidCredentials; 32 noSuchObject from servers that admit the DN does not exist.
      if (err instanceof InvalidCredentialsError || err instanceof NoSuchObjectError) return false;
      throw this.#unavailable('a user bind', err);
    }
  }

  async #groups(bound: BoundUser): Promise<string[]> {
    const config = this.#config;
    const filter = groupFilter(config.groupNameListFilter, config.membershipAttribute, bound.memberValue);
    const names = new Set<string>();
    for (const base of config.groupSearchBase) {
      const entries = await this.#serviceSearch('the group search', (client) =>
        client.search(base, { scope: 'sub', filter, attributes: [config.groupNameAttribute] }),
      );
      for (const entry of entries) for (const value of values(entry, config.groupNameAttribute)) names.add(value);
    }
    return [...names];
  }

  async #serviceSearch(what: string, search: (client: Client) => Promise<{ searchEntries: Entry[] }>): Promise<Entry[]> {
    try {
      return (await this.#service.use(search)).searchEntries;
    } catch (err) {
      // A search base that does not exist is an empty result, not an outage.
      if (err instanceof NoSuchObjectError) return [];
      throw this.#unavailable(what, err);
    }
  }

  #unavailable(what: string, err: unknown): LdapUnavailableError {
    return new LdapUnavailableError(
      `LDAP user store '${this.domainName}' (${this.#config.connectionUrl}): ${what} failed: ${describeError(err)}; ` +
        'check that the server is up and reachable, and connectionName/connectionPassword',
      { cause: err },
    );
  }
}

function acceptable(username: string, password: string): boolean {
  return username !== '' && password !== '' && !CONTROL.test(username);
}

function values(entry: Entry, attribute: string): string[] {
  // ldapts keys attributes as the server spells them; attribute names are case-insensitive (RFC 4512 §2.5).
  const wanted = attribute.toLowerCase();
  for (const [key, value] of Object.entries(entry)) {
    if (key.toLowerCase() !== wanted || key === 'dn') continue;
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => (typeof item === 'string' ? item : item.toString('utf8')));
  }
  return [];
}

function firstValue(entry: Entry, attribute: string): string | undefined {
  const list = values(entry, attribute);
  return list.length === 1 ? list[0] : undefined;
}

/** The value of a DN's first RDN (`uid=alice,ou=Users` → `alice`), when it is a simple one. */
function rdnValue(dn: string): string | undefined {
  const match = /^[^=,+]+=((?:[^,+\\]|\\.)*)(?:,|$)/.exec(dn);
  return match?.[1]?.replace(/\\(.)/g, '$1');
}
