/**
 * Checks the file user store's entries once, at load, and says exactly which entry is wrong:
 * `Config.toml:7: [[auth.users]] entry #2 has no password`. Messages name fields and usernames,
 * never a password or a hash.
 */
import { CONTROL_CHARACTER } from '@pointe/common';
import { AuthErrorCodes, ConfigError } from '../errors.js';
import { inspectStoredPassword } from '../password/scheme.js';

/** One user of the file user store, as written in `[[auth.users]]` (the seed's fields). */
export interface UserEntry {
  /**
   * The username. Compared after Unicode NFC normalisation (RFC 8265 §3.3.2: `café` typed as
   * NFC or as NFD is one user), otherwise exactly (case-sensitive).
   */
  username: string;
  /** The password in plain text, or its argon2/bcrypt/scrypt hash (`pointe hash-password` prints one). */
  password: string;
  /** The user's scopes, matched against a resource's required `scopes`. Default none. */
  scopes?: string | string[];
}

/** A checked user, ready for the store. */
export interface StoredUser {
  /** The username, NFC-normalised. */
  username: string;
  /** The stored password or hash. */
  password: string;
  /** Whether `password` is a hash (slow to verify, worth caching). */
  hashed: boolean;
  scopes: readonly string[];
}

const FIELDS = ['username', 'password', 'scopes'];
// Basic credentials split at the first colon and forbid control characters (RFC 7617 §2), so such a user could never log in.

/**
 * Checks `entries` and returns them as stored users, in order. `describe(index)` names an entry
 * in messages (file, line, `[[auth.users]] entry #n`). Throws `POINTE_ERR_USER_STORE` for the first
 * problem found.
 */
export function checkUserEntries(entries: readonly unknown[], describe: (index: number) => string): StoredUser[] {
  const firstSeen = new Map<string, number>();
  return entries.map((entry, index) => {
    const user = checkUserEntry(entry, describe(index));
    const earlier = firstSeen.get(user.username);
    if (earlier !== undefined) {
      fail(describe(index), `repeats username '${user.username}' (first defined at ${describe(earlier)}); usernames must be unique after Unicode NFC normalisation (RFC 8265)`);
    }
    firstSeen.set(user.username, index);
    return user;
  });
}

function checkUserEntry(entry: unknown, where: string): StoredUser {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(where, 'is not a table');
  const fields = entry as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) fail(where, `has unknown field '${unknown}' (expected ${FIELDS.join(', ')})`);
  const username = fields['username'];
  const password = fields['password'];
  if (username === undefined) fail(where, 'has no username');
  if (typeof username !== 'string' || username === '') fail(where, 'has a username that is not a non-empty string');
  if (username.includes(':') || CONTROL_CHARACTER.test(username)) {
    fail(where, "has a username with ':' or a control character, which Basic credentials can't carry (RFC 7617)");
  }
  if (password === undefined) fail(where, 'has no password');
  if (typeof password !== 'string' || password === '') fail(where, 'has a password that is not a non-empty string');
  const info = inspectStoredPassword(password);
  if (info.problem !== undefined) {
    fail(where, `has a password that ${info.problem}; paste the whole output of 'pointe hash-password'`);
  }
  return { username: normalizeUsername(username), password, hashed: info.scheme !== 'plain', scopes: checkScopes(fields['scopes'], where) };
}

/**
 * The form usernames are stored and looked up in: Unicode NFC (RFC 8265 §3.3.2, the
 * UsernameCaseMapped profile's normalisation step, without its case mapping: Ballerina compares
 * usernames case-sensitively). Applied at load and to every presented username.
 */
export function normalizeUsername(username: string): string {
  // NFC leaves ASCII as it is: most usernames are, and this runs on every request.
  return NON_ASCII.test(username) ? username.normalize('NFC') : username;
}

const NON_ASCII = /[^\u0000-\u007F]/;

function checkScopes(scopes: unknown, where: string): readonly string[] {
  if (scopes === undefined) return [];
  if (typeof scopes === 'string') return [scopes];
  if (Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string')) return [...scopes] as string[];
  fail(where, "has 'scopes' that is neither a string nor an array of strings");
}

function fail(where: string, problem: string): never {
  throw new ConfigError(AuthErrorCodes.USER_STORE, `${where} ${problem}`);
}
