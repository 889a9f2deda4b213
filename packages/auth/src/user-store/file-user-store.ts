/**
 * The file user store: Basic users from `[[auth.users]]` in `Config.toml` (Ballerina's
 * `http:FileUserStoreConfig`), with plain-text or hashed passwords.
 *
 * Everything is decided at load: entries are checked (a bad one fails start-up with file and
 * line), the dummy hash for unknown usernames is built, and the cache is allocated. Per request,
 * `authenticate` only looks up, verifies off the event loop, and caches.
 */
import { resolve } from 'node:path';
import { type ScheduleVerification, SingleFlight } from '@pointe/common';
import { CONFIG_FILES_ENV, type ConfigFileOptions, DEFAULT_CONFIG_FILE, type EntrySource, loadConfigFiles } from '@pointe/config';
import { AuthErrorCodes, ConfigError } from '../errors.js';
import { dummyPasswordFor } from '../password/dummy.js';
import { type PasswordVerifier, plainDigest, plainDigestEquals, verifyPassword } from '../password/verify.js';
import { AcceptedTokens, CredentialCache } from './credential-cache.js';
import { inspectStoredPassword } from '../password/scheme.js';
import { type StoredUser, type UserEntry, checkUserEntries, normalizeUsername } from './user-entries.js';

/** A user whose credentials were verified. */
export interface AuthenticatedUser {
  /** The username, exactly as in the store. */
  username: string;
  /** The user's scopes (empty when the entry has none). */
  scopes: string[];
}

/** How a `FileUserStore` verifies and caches. */
export interface FileUserStoreOptions {
  /** The most verified credentials cached. Default 10 000. */
  cacheCapacity?: number;
  /** How long a verified credential stays cached, in milliseconds. Default 5 minutes. */
  cacheTtlMs?: number;
  /** The password check. Default `verifyPassword`; tests inject a counting one. */
  verify?: PasswordVerifier;
  /** The cache's clock. Default `Date.now`. */
  now?: () => number;
}

/** Where `FileUserStore.load` reads users from, plus the store's options. */
export interface FileUserStoreLoadOptions extends FileUserStoreOptions {
  /** One TOML file to read instead of the default resolution (`POINTE_CONFIG_FILES`, else `<cwd>/Config.toml`). */
  path?: string;
  /** The directory relative paths and the default `Config.toml` are resolved against. Default `process.cwd()`. */
  cwd?: string;
  /** The environment `POINTE_CONFIG_FILES` is read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Whether a store with no users is acceptable. Default `false`: no file found, or files with
   * no `[[auth.users]]`, fail with `POINTE_ERR_USER_STORE_EMPTY` naming where the store looked
   * (a store that can only answer 401 is a deployment mistake, not a configuration).
   */
  allowEmpty?: boolean;
}

/** The default number of cached verified credentials. */
export const DEFAULT_CACHE_CAPACITY = 10_000;
/** The default lifetime of a cached verified credential: 5 minutes. */
export const DEFAULT_CACHE_TTL_MS = 5 * 60_000;

const USERS_KEY = 'auth.users';

/**
 * Basic users and their passwords, checked at load.
 *
 * Timing: an unknown username is verified against a dummy hash built like the slowest-to-verify
 * hash in the store (same scheme and cost parameters, see `dummyPasswordFor`), so it costs what
 * a wrong password for that user costs. Concurrent checks of one (username, password) share
 * one verification whether the user exists or not, so a burst costs the same for both. A store
 * that mixes schemes or cost parameters is only as uniform as its users (a fast answer means "a
 * cheaper-hash user by that name exists"): loading one emits a `POINTE_WARN_MIXED_HASHES`
 * process warning. A store with only plain-text users compares against a random plain-text dummy.
 *
 * Usernames are NFC-normalised at load and on lookup (RFC 8265).
 *
 * Caching: a successful verification of a hashed password is cached under an HMAC of the
 * credential (`CredentialCache`); failures are never cached, plain-text users are not cached
 * (their check is already cheap). Given the Basic token a credential came in, an accepted one
 * (hashed or plain text) is also remembered under a keyed digest of that token
 * (`AcceptedTokens`), which `recall(token)` answers without decoding anything.
 *
 * The store is read once, at load: a file changed on disk later is not re-read (restart the
 * listener to pick it up).
 */
export class FileUserStore {
  readonly #users: ReadonlyMap<string, StoredUser>;
  readonly #dummy: string;
  readonly #verify: PasswordVerifier;
  readonly #cache: CredentialCache<StoredUser>;
  /** Basic tokens of credentials this store accepted (`recall`). */
  readonly #tokens: AcceptedTokens<AuthenticatedUser>;
  readonly #inFlight = new SingleFlight<string, boolean>();
  /** One frozen view per user, built at load: the request path allocates nothing for it. */
  readonly #views: ReadonlyMap<StoredUser, AuthenticatedUser>;
  /** Digests of plain-text passwords, computed at load (only with the default verifier). */
  readonly #plainDigests: ReadonlyMap<StoredUser, string>;
  readonly #dummyDigest: string | undefined;

  private constructor(users: readonly StoredUser[], options: FileUserStoreOptions) {
    this.#users = new Map(users.map((user) => [user.username, user]));
    this.#dummy = dummyPasswordFor(users.map((user) => user.password));
    this.#verify = options.verify ?? verifyPassword;
    this.#views = new Map(users.map((user) => [user, view(user)]));
    const direct = options.verify === undefined;
    this.#plainDigests = new Map(direct ? users.filter((u) => !u.hashed).map((u) => [u, plainDigest(u.password)]) : []);
    this.#dummyDigest = direct && !users.some((u) => u.hashed) ? plainDigest(this.#dummy) : undefined;
    const bounds = {
      capacity: options.cacheCapacity ?? DEFAULT_CACHE_CAPACITY,
      ttlMs: options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
      now: options.now,
    };
    this.#cache = new CredentialCache(bounds);
    this.#tokens = new AcceptedTokens(bounds);
  }

  /**
   * Reads `[[auth.users]]` from the configuration (`loadConfigFiles`; `path` reads that one file).
   * Throws `ConfigError`: `POINTE_ERR_USER_STORE_EMPTY` when no file was found or no
   * `[[auth.users]]` is in them (unless `allowEmpty`), naming the files looked for and
   * `POINTE_CONFIG_FILES`; `POINTE_ERR_USER_STORE` naming file, line, entry and field; the
   * `POINTE_ERR_CONFIG_*` codes for unreadable files or invalid TOML.
   */
  static load(options: FileUserStoreLoadOptions = {}): FileUserStore {
    const { path, cwd, env, allowEmpty = false, ...storeOptions } = options;
    const where: ConfigFileOptions = path === undefined ? { cwd, env } : { files: [path], cwd };
    const loaded = loadConfigFiles(where);
    const entries = usersArray(loaded.data, loaded.files);
    if (entries.length === 0 && !allowEmpty) throw emptyStore(loaded.files, path, cwd, env);
    const sources = loaded.sources.get(USERS_KEY) ?? [];
    const users = checkUserEntries(entries, (index) => describeEntry(sources[index], index));
    warnIfMixedHashes(users, loaded.files);
    return new FileUserStore(users, storeOptions);
  }

  /** A store of the given users (built in code or tests), checked like a file's entries. */
  static fromUsers(users: readonly UserEntry[], options: FileUserStoreOptions = {}): FileUserStore {
    return new FileUserStore(checkUserEntries(users, (index) => `user entry #${index + 1}`), options);
  }

  /** How many users the store holds. */
  get size(): number {
    return this.#users.size;
  }

  /**
   * The user, when `username` exists (compared after NFC normalisation) and `password` matches; otherwise
   * `undefined`, after the same verification work either way. Never rejects for a bad password.
   */
  async authenticate(username: string, password: string): Promise<AuthenticatedUser | undefined> {
    return this.check(username, password);
  }

  /**
   * `authenticate` without a promise when none is needed: a plain-text user (or an unknown
   * user of a plain-text store) is compared at once, and a hashed user whose credential
   * verified recently comes from the cache; only a slow hash returns a promise. The listener's
   * request path uses this. The returned user is shared and frozen.
   *
   * `schedule` runs each slow verification (the listener passes its bounded, per-connection
   * fair queue, `VerificationQueue`); it may reject (a refusal), and the promise returned here
   * then rejects with that reason. Cache hits and plain-text checks never go through it.
   *
   * `token` is the Basic token68 the credential came in (the listener passes it): a token
   * accepted before answers from `recall`'s cache, and an accepted credential is remembered
   * under its token (when the token decodes to exactly `username` and `password`).
   */
  check(
    username: string,
    password: string,
    schedule: ScheduleVerification = runNow,
    token?: string,
  ): AuthenticatedUser | undefined | Promise<AuthenticatedUser | undefined> {
    if (token === undefined) return this.#check(username, password, schedule);
    const recalled = this.#tokens.get(token);
    if (recalled !== undefined) return recalled;
    const answer = this.#check(username, password, schedule);
    if (answer === undefined) return undefined;
    if (!(answer instanceof Promise)) return this.#remember(token, username, password, answer);
    return answer.then((user) => (user === undefined ? undefined : this.#remember(token, username, password, user)));
  }

  /**
   * The user for a Basic token68 this store accepted before (`check` with its `token`), from
   * that cache alone: no decoding, no verification, and `undefined` when it is not there. The
   * store never changes while loaded, so an accepted credential stays accepted; entries still
   * expire after `cacheTtlMs` and the cache holds at most `cacheCapacity` tokens.
   */
  recall(token: string): AuthenticatedUser | undefined {
    return this.#tokens.get(token);
  }

  #remember(token: string, username: string, password: string, user: AuthenticatedUser): AuthenticatedUser {
    this.#tokens.remember(token, username, password, user);
    return user;
  }

  #check(username: string, password: string, schedule: ScheduleVerification): AuthenticatedUser | undefined | Promise<AuthenticatedUser | undefined> {
    const name = normalizeUsername(username);
    const user = this.#users.get(name);
    if (user === undefined) {
      if (this.#dummyDigest !== undefined) {
        plainDigestEquals(this.#dummyDigest, password);
        return undefined;
      }
      // Shared like a known user's check (below), so a concurrent burst costs the same for both.
      const key = this.#cache.keyOf(name, password);
      return this.#inFlight.run(key, () => schedule(() => this.#verify(this.#dummy, password))).then(() => undefined);
    }
    const view = this.#views.get(user)!;
    if (!user.hashed) {
      const digest = this.#plainDigests.get(user);
      if (digest !== undefined) return plainDigestEquals(digest, password) ? view : undefined;
      return this.#verify(user.password, password).then((ok) => (ok ? view : undefined));
    }
    const key = this.#cache.keyOf(name, password);
    // Identity check: the value must be this very user, so no other (username, password) pair
    // whose digest input happened to coincide could borrow the entry.
    if (this.#cache.get(key) === user) return view;
    return this.#inFlight.run(key, () => schedule(() => this.#verify(user.password, password))).then((matches) => {
      if (!matches) return undefined;
      this.#cache.set(key, user);
      return view;
    });
  }
}

const runNow: ScheduleVerification = (task) => task();

/** The store would hold no user: say where it looked and how to point it elsewhere. */
function emptyStore(
  files: readonly string[],
  path: string | undefined,
  cwd: string | undefined,
  env: Record<string, string | undefined> | undefined,
): ConfigError {
  const listed = (env ?? process.env)[CONFIG_FILES_ENV];
  const envNote = path !== undefined
    ? `(fileUserStoreConfig.path is set, so ${CONFIG_FILES_ENV} is not read)`
    : listed === undefined || listed.trim() === '' ? `(${CONFIG_FILES_ENV} is not set)` : `(from ${CONFIG_FILES_ENV}=${listed})`;
  const problem = files.length === 0
    ? `no configuration file found: looked for ${resolve(cwd ?? process.cwd(), DEFAULT_CONFIG_FILE)} ${envNote}`
    : `${files.join(', ')} ${envNote} hold no [[auth.users]] entries`;
  return new ConfigError(
    AuthErrorCodes.USER_STORE_EMPTY,
    `file user store has no users: ${problem}; add [[auth.users]] entries (username, password, scopes), ` +
      `or point ${CONFIG_FILES_ENV} or fileUserStoreConfig.path at the file that holds them`,
  );
}

/**
 * A store whose users' hashes cost different amounts answers faster for the cheaper ones, which
 * tells an attacker that such a user exists: warn once at load (issue 12; re-hash everyone with
 * one scheme and cost, `pointe hash-password`).
 */
function warnIfMixedHashes(users: readonly StoredUser[], files: readonly string[]): void {
  const kinds = new Set(users.map((user) => {
    const info = inspectStoredPassword(user.password);
    return `${info.scheme}:${info.cost}`;
  }));
  if (kinds.size <= 1) return;
  process.emitWarning(
    `the file user store in ${files.join(', ')} mixes password schemes or cost parameters ` +
      `(${[...new Set([...kinds].map((kind) => kind.split(':')[0]))].join(', ')}): users with cheaper hashes answer faster, ` +
      `so timing can tell which usernames exist; re-hash every password with one scheme and cost (pointe hash-password)`,
    { code: 'POINTE_WARN_MIXED_HASHES' },
  );
}

/** `data.auth.users` as an array (empty when absent), or a `POINTE_ERR_USER_STORE` naming the files. */
function usersArray(data: Record<string, unknown>, files: readonly string[]): readonly unknown[] {
  const auth = data['auth'];
  if (auth === undefined) return [];
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth) || auth instanceof Date) {
    throw new ConfigError(AuthErrorCodes.USER_STORE, `${files.join(', ')}: 'auth' must be a table`);
  }
  const users = (auth as Record<string, unknown>)['users'];
  if (users === undefined) return [];
  if (!Array.isArray(users)) {
    throw new ConfigError(
      AuthErrorCodes.USER_STORE,
      `${files.join(', ')}: '${USERS_KEY}' must be an array of tables; write one [[auth.users]] per user`,
    );
  }
  return users;
}

function describeEntry(source: EntrySource | undefined, index: number): string {
  const entry = `[[auth.users]] entry #${index + 1}`;
  if (source === undefined) return entry;
  return source.line === undefined ? `${source.file}: ${entry}` : `${source.file}:${source.line}: ${entry}`;
}

function view(user: StoredUser): AuthenticatedUser {
  return Object.freeze({ username: user.username, scopes: Object.freeze([...user.scopes]) as string[] });
}
