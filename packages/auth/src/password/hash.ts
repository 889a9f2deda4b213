/**
 * Hashes a password for the file user store (what `pointe hash-password` prints).
 *
 * Parameters follow OWASP's Password Storage Cheat Sheet minimums:
 * - argon2id (default): m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte hash → `$argon2id$v=19$m=19456,t=2,p=1$...`
 * - bcrypt: cost 10 → `$2b$10$...`; passwords over 72 UTF-8 bytes are refused, since bcrypt
 *   would silently ignore the rest
 * - scrypt: N=2^15, r=8, p=1 → `$scrypt$ln=15,r=8,p=1$<base64 salt>$<base64 hash>` (see `scrypt.ts`)
 *
 * All three run on the libuv thread pool, off the event loop.
 */
import { hash as argon2Hash } from '@node-rs/argon2';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { AuthErrorCodes, ConfigError } from '../errors.js';
import { hashScrypt } from './scrypt.js';
import { BCRYPT_MAX_PASSWORD_BYTES } from './verify.js';

/** The algorithms `hashPassword` can use. */
export type PasswordHashAlgorithm = 'argon2id' | 'bcrypt' | 'scrypt';

/** Options of `hashPassword`. */
export interface HashPasswordOptions {
  /** The algorithm. Default `'argon2id'`. */
  algorithm?: PasswordHashAlgorithm;
}

/** Every algorithm `hashPassword` accepts, default first (for a CLI's usage text and checks). */
export const PASSWORD_HASH_ALGORITHMS: readonly PasswordHashAlgorithm[] = ['argon2id', 'bcrypt', 'scrypt'];

/** The bcrypt cost new hashes use. */
export const BCRYPT_COST = 10;

/** The argon2id parameters new hashes use. */
export const ARGON2ID_PARAMETERS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// @node-rs/argon2's `Algorithm.Argon2id`; its `const enum` can't be imported under isolatedModules.
const ARGON2ID = 2;

/**
 * A hash of `password` with a fresh random salt, as a string `verifyPassword` and the file user
 * store accept. Rejects with `POINTE_ERR_PASSWORD_HASH` for an empty password, an unknown
 * algorithm, or a password bcrypt would truncate.
 */
export async function hashPassword(password: string, options: HashPasswordOptions = {}): Promise<string> {
  const algorithm = options.algorithm ?? 'argon2id';
  if (password === '') throw new ConfigError(AuthErrorCodes.PASSWORD_HASH, 'the password is empty');
  switch (algorithm) {
    case 'argon2id':
      return argon2Hash(password, { algorithm: ARGON2ID, ...ARGON2ID_PARAMETERS });
    case 'bcrypt':
      if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_PASSWORD_BYTES) {
        throw new ConfigError(
          AuthErrorCodes.PASSWORD_HASH,
          `bcrypt uses only the first ${BCRYPT_MAX_PASSWORD_BYTES} bytes of a password; use a shorter password or argon2id`,
        );
      }
      return bcryptHash(password, { cost: BCRYPT_COST });
    case 'scrypt':
      return hashScrypt(password);
    default:
      throw new ConfigError(
        AuthErrorCodes.PASSWORD_HASH,
        `unknown algorithm '${String(algorithm)}'; use one of ${PASSWORD_HASH_ALGORITHMS.join(', ')}`,
      );
  }
}
