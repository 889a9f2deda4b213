/**
 * `LdapUserStoreConfig` (Ballerina's `http:LdapUserStoreConfig`, same field names) and its
 * checks. A record that can't work fails here, at construction (so at `attach()`), with the
 * field named, never at the first request.
 */
import { FilterParser } from 'ldapts';
import { isPlainObject } from '@pointe/common';
import type { KeyStoreConfig } from '@pointe/crypto';
import { AuthErrorCodes, ConfigError } from './errors.js';

/**
 * An LDAP user store for Basic authentication. The seed's fields, each honoured or, where this
 * design gives it no effect, saying why.
 *
 * @example
 * const config: LdapUserStoreConfig = {
 *   domainName: 'ballerina.io',
 *   connectionUrl: 'ldap://localhost:20000',
 *   connectionName: 'uid=admin,ou=system',
 *   connectionPassword: 'secret',
 *   userSearchBase: 'ou=Users,dc=ballerina,dc=io',
 *   userEntryObjectClass: 'identityPerson',
 *   userNameAttribute: 'uid',
 *   userNameSearchFilter: '(&(objectClass=person)(uid=?))',
 *   userNameListFilter: '(objectClass=person)',
 *   groupSearchBase: ['ou=Groups,dc=ballerina,dc=io'],
 *   groupEntryObjectClass: 'groupOfNames',
 *   groupNameAttribute: 'cn',
 *   groupNameSearchFilter: '(&(objectClass=groupOfNames)(cn=?))',
 *   groupNameListFilter: '(objectClass=groupOfNames)',
 *   membershipAttribute: 'member',
 *   userRolesCacheEnabled: true,
 *   connectionPoolingEnabled: false,
 *   connectionTimeout: 5,
 *   readTimeout: 60,
 * };
 */
export interface LdapUserStoreConfig {
  /** Unique name to identify the user store. Named in error and log messages. */
  domainName: string;
  /** Connection URL to the LDAP server: `ldap://host[:port]` or `ldaps://host[:port]`. */
  connectionUrl: string;
  /** The username to connect to the LDAP server: the DN the store binds as to search users and groups. */
  connectionName: string;
  /** Password for the ConnectionName user. */
  connectionPassword: string;
  /** DN of the context or object under which the user entries are stored in the LDAP server (searched with subtree scope). */
  userSearchBase: string;
  /**
   * Object class used to construct user entries. Checked to be a name, otherwise no effect:
   * Pointe never creates entries, and the search uses `userNameSearchFilter`, which names the
   * object class itself (as Ballerina's does).
   */
  userEntryObjectClass: string;
  /**
   * The attribute used for uniquely identifying a user entry. Its value is the principal's
   * username, and the member value searched for when `membershipAttribute` is `memberUid`.
   */
  userNameAttribute: string;
  /**
   * Filtering criteria used to search for a particular user entry: every `?` is replaced by the
   * RFC 4515-escaped username, e.g. `(&(objectClass=person)(uid=?))`. Exactly one entry must match.
   */
  userNameSearchFilter: string;
  /** Filtering criteria for searching user entries in the LDAP server. Checked to parse, otherwise no effect: it lists users, and authentication never does. */
  userNameListFilter: string;
  /** DNs of the contexts or objects under which the group entries are stored in the LDAP server (each searched with subtree scope). */
  groupSearchBase: string[];
  /** Object class used to construct group entries. Checked to be a name, otherwise no effect: `groupNameListFilter` names the object class in the search. */
  groupEntryObjectClass: string;
  /** The attribute used for uniquely identifying a group entry: its values are the user's scopes. */
  groupNameAttribute: string;
  /** Filtering criteria used to search for a particular group entry. Checked to parse, otherwise no effect: it looks up one group by name, and authentication never does. */
  groupNameSearchFilter: string;
  /**
   * Filtering criteria for searching group entries in the LDAP server. A user's groups are
   * `(&<groupNameListFilter>(<membershipAttribute>=<user>))` under each `groupSearchBase`.
   */
  groupNameListFilter: string;
  /**
   * Define the attribute that contains the distinguished names (DN) of user objects that are in a
   * group (`member`, `uniqueMember`). `memberUid` (RFC 2307 `posixGroup`, case-insensitive) holds
   * user names instead: the value searched for is then the user's `userNameAttribute` value
   * (its RDN value when the entry has none).
   */
  membershipAttribute: string;
  /** To indicate whether to cache the role list of a user (bounded, with a TTL; default 5 minutes). Default `false`. */
  userRolesCacheEnabled?: boolean;
  /**
   * Define whether LDAP connection pooling is enabled. Default `true` (Ballerina's). When on,
   * bound connections are kept and reused, one pool for the service account and one for user
   * binds; when off, every authentication opens and closes its own connections.
   */
  connectionPoolingEnabled?: boolean;
  /** Connection timeout (in seconds) when making the initial LDAP connection (TCP, TLS and StartTLS included). Default 5. */
  connectionTimeout?: number;
  /** Reading timeout (in seconds) for LDAP operations: each bind or search. Default 60. */
  readTimeout?: number;
  /**
   * The SSL configurations for the LDAP client socket. This needs to be configured in order to
   * communicate through LDAPs (or with `startTls`). Without it, TLS verifies against the system CAs.
   */
  secureSocket?: {
    /** Configurations associated with the `crypto:TrustStore` or single certificate file that the client trusts: a PEM file or a PKCS#12 trust store. */
    cert: string | KeyStoreConfig;
  };
  /**
   * Upgrade a plain `ldap://` connection with StartTLS (RFC 4511 §4.14) before any bind, trusting
   * `secureSocket.cert`. Not with `ldaps://`, which is TLS already. Default `false` **(beyond: not in Ballerina)**.
   */
  startTls?: boolean;
}

const STRING_FIELDS = [
  'domainName', 'connectionUrl', 'connectionName', 'connectionPassword', 'userSearchBase', 'userEntryObjectClass',
  'userNameAttribute', 'userNameSearchFilter', 'userNameListFilter', 'groupEntryObjectClass', 'groupNameAttribute',
  'groupNameSearchFilter', 'groupNameListFilter', 'membershipAttribute',
] as const;
const BOOLEAN_FIELDS = ['userRolesCacheEnabled', 'connectionPoolingEnabled', 'startTls'] as const;
const SECONDS_FIELDS = ['connectionTimeout', 'readTimeout'] as const;
const MAX_TIMER_MS = 2 ** 31 - 1;
const KNOWN = new Set<string>([...STRING_FIELDS, ...BOOLEAN_FIELDS, ...SECONDS_FIELDS, 'groupSearchBase', 'secureSocket']);
const FILTERS = ['userNameSearchFilter', 'userNameListFilter', 'groupNameSearchFilter', 'groupNameListFilter'] as const;
const NAMES = ['userEntryObjectClass', 'userNameAttribute', 'groupEntryObjectClass', 'groupNameAttribute', 'membershipAttribute'] as const;
// An attribute description or object class name (RFC 4512 §2.5: descr or numericoid).
const DESCR = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;

/**
 * `config` checked as an `LdapUserStoreConfig` (the same object, typed), or a `ConfigError`
 * (`POINTE_ERR_LDAP_CONFIG`) naming the field under `field` (default `ldapUserStoreConfig`)
 * and the fix. Checks shape only; TLS files are read by the store.
 */
export function checkLdapUserStoreConfig(config: unknown, field = 'ldapUserStoreConfig'): LdapUserStoreConfig {
  if (!isPlainObject(config)) throw fail(`${field} must be an object`);
  const unknown = Object.keys(config).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) {
    throw fail(`${field} has unknown field(s) ${unknown.map((f) => `'${f}'`).join(', ')}; it takes ${[...KNOWN].join(', ')}`);
  }
  for (const name of STRING_FIELDS) {
    if (typeof config[name] !== 'string' || config[name] === '') throw fail(`${field}.${name} is required: a non-empty string`);
  }
  for (const name of BOOLEAN_FIELDS) {
    if (config[name] !== undefined && typeof config[name] !== 'boolean') throw fail(`${field}.${name} must be true or false`);
  }
  for (const name of SECONDS_FIELDS) {
    const value = config[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      throw fail(`${field}.${name} must be a positive number of seconds`);
    }
    // Node's timers hold at most 2^31-1 ms; a longer one would fire at once.
    if (typeof value === 'number' && value * 1000 > MAX_TIMER_MS) {
      throw fail(`${field}.${name} must be at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds, got ${value} (it is in seconds, not milliseconds)`);
    }
  }
  const bases = config['groupSearchBase'];
  if (!Array.isArray(bases) || bases.length === 0 || bases.some((base) => typeof base !== 'string' || base === '')) {
    throw fail(`${field}.groupSearchBase is required: an array of one or more DNs`);
  }
  for (const name of NAMES) {
    if (!DESCR.test(config[name] as string)) throw fail(`${field}.${name} must be an attribute or object class name, got '${String(config[name])}'`);
  }
  for (const name of FILTERS) checkFilter(config[name] as string, `${field}.${name}`);
  if (!(config['userNameSearchFilter'] as string).includes('?')) {
    throw fail(`${field}.userNameSearchFilter must contain '?' where the username goes, e.g. (&(objectClass=person)(uid=?))`);
  }

  const url = parseUrl(config['connectionUrl'] as string, `${field}.connectionUrl`);
  const secure = config['secureSocket'];
  if (secure !== undefined) {
    if (!isPlainObject(secure) || secure['cert'] === undefined) throw fail(`${field}.secureSocket must be { cert }: a PEM file or a trust store { path, password }`);
    const extra = Object.keys(secure).filter((key) => key !== 'cert');
    if (extra.length > 0) throw fail(`${field}.secureSocket has unknown field(s) ${extra.map((f) => `'${f}'`).join(', ')}; it takes cert`);
  }
  if (config['startTls'] === true && url.protocol === 'ldaps:') {
    throw fail(`${field}.startTls is for ldap:// URLs; ${url.protocol}// is TLS already: drop startTls or use ldap://`);
  }
  if (secure !== undefined && url.protocol === 'ldap:' && config['startTls'] !== true) {
    // A trusted certificate on a plain connection would be silently unused, and passwords sent in clear.
    throw fail(`${field}.secureSocket is set but ${field}.connectionUrl is ldap:// without startTls: use ldaps:// or set startTls: true`);
  }
  return config as unknown as LdapUserStoreConfig;
}

function parseUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`${field} must be a URL ldap://host[:port] or ldaps://host[:port], got '${value}'`);
  }
  if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') {
    throw fail(`${field} must use ldap:// or ldaps://, got '${url.protocol}//'`);
  }
  if (url.hostname === '' || (url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.username !== '') {
    throw fail(`${field} must be only scheme, host and port (ldap://host[:port]), got '${value}'; the search bases are separate fields`);
  }
  return url;
}

function checkFilter(filter: string, field: string): void {
  if (!filter.startsWith('(') || !filter.endsWith(')')) throw fail(`${field} must be a parenthesized LDAP filter (RFC 4515), got '${filter}'`);
  if (!balanced(filter)) throw fail(`${field} has unbalanced parentheses (a literal one is written \\28 or \\29): '${filter}'`);
  try {
    FilterParser.parseString(filter.split('?').join('x'));
  } catch (err) {
    throw fail(`${field} is not a valid LDAP filter (RFC 4515): '${filter}' (${(err as Error).message})`);
  }
}

/** Whether the parentheses pair up into one outermost filter (ldapts' parser lets an unclosed one pass). */
function balanced(filter: string): boolean {
  let depth = 0;
  for (let i = 0; i < filter.length; i += 1) {
    const char = filter[i];
    if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth < 0 || (depth === 0 && i !== filter.length - 1)) return false;
    }
  }
  return depth === 0;
}

function fail(message: string): ConfigError {
  return new ConfigError(AuthErrorCodes.LDAP_CONFIG, message);
}
