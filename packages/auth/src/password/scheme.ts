/**
 * Recognises how a stored password is kept (argon2, bcrypt, scrypt or plain text), checks that a
 * hash is well formed, and estimates how long verifying it takes.
 *
 * The prefixes decide: `$argon2` → argon2 (`$argon2id$`, `$argon2i$`, `$argon2d$`), `$2` →
 * bcrypt (`$2a$`, `$2b$`, `$2y$`), `$scrypt$` → scrypt, anything else → plain text. A value
 * with a hash prefix that does not parse is malformed, not plain text: that is almost always
 * a hash pasted wrong, and treating it as a password would silently accept the hash string itself.
 */
import { parseOptions as parseArgon2 } from '@node-rs/argon2';
import { parseOptions as parseBcrypt } from '@node-rs/bcrypt';
import { parseScryptHash } from './scrypt.js';

/** How a stored password is kept. */
export type PasswordScheme = 'argon2' | 'bcrypt' | 'scrypt' | 'plain';

/** What `inspectStoredPassword` learns about a stored password. */
export interface StoredPasswordInfo {
  scheme: PasswordScheme;
  /**
   * Estimated verification work, in units of about 0.27 µs (measured with @node-rs and
   * node:crypto on x86-64): argon2 m·t (KiB·passes), scrypt N·r·p, bcrypt 170·2^cost,
   * plain text 0. Only used to rank hashes; 0 for a malformed hash.
   */
  cost: number;
  /** Why the hash is malformed, as a phrase (`is not a valid argon2 hash`); absent when it is fine. Never contains the hash. */
  problem?: string;
}

const ARGON2 = /^\$argon2(?:id|i|d)\$/;
const BCRYPT = /^\$2[aby]\$/;

/** The scheme a stored password's prefix announces. */
export function passwordSchemeOf(stored: string): PasswordScheme {
  if (stored.startsWith('$argon2')) return 'argon2';
  if (stored.startsWith('$2')) return 'bcrypt';
  if (stored.startsWith('$scrypt$')) return 'scrypt';
  return 'plain';
}

/** Scheme, estimated cost and, for a malformed hash, the problem. Never throws. */
export function inspectStoredPassword(stored: string): StoredPasswordInfo {
  const scheme = passwordSchemeOf(stored);
  switch (scheme) {
    case 'argon2': {
      if (!ARGON2.test(stored)) return { scheme, cost: 0, problem: 'starts like an argon2 hash but is not $argon2id$, $argon2i$ or $argon2d$' };
      try {
        const options = parseArgon2(stored);
        return { scheme, cost: options.memoryCost * options.timeCost };
      } catch (error) {
        return { scheme, cost: 0, problem: `is not a valid argon2 hash (${(error as Error).message})` };
      }
    }
    case 'bcrypt': {
      if (!BCRYPT.test(stored)) return { scheme, cost: 0, problem: 'starts like a bcrypt hash but is not $2a$, $2b$ or $2y$' };
      try {
        return { scheme, cost: 170 * 2 ** parseBcrypt(stored).cost };
      } catch {
        return { scheme, cost: 0, problem: 'is not a valid bcrypt hash ($2b$<cost>$ and 53 characters of salt and hash)' };
      }
    }
    case 'scrypt': {
      const parsed = parseScryptHash(stored);
      if (typeof parsed === 'string') return { scheme, cost: 0, problem: `is not a valid scrypt hash: it ${parsed}` };
      return { scheme, cost: 2 ** parsed.ln * parsed.r * parsed.p };
    }
    case 'plain':
      return { scheme, cost: 0 };
  }
}
