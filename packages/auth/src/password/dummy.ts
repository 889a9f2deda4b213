/**
 * Dummy hashes for unknown usernames: a store verifies the presented password against one, so
 * an unknown user costs what a wrong password costs and timing does not reveal which usernames
 * exist.
 *
 * A dummy copies the scheme and every cost parameter of a real stored hash but carries a random
 * salt and a random hash, which no password matches. Building one takes no hashing, so a store
 * can decide it at load, synchronously.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { parseOptions as parseArgon2 } from '@node-rs/argon2';
import { genSaltSync, parseOptions as parseBcrypt } from '@node-rs/bcrypt';
import { inspectStoredPassword } from './scheme.js';
import { formatScryptHash, parseScryptHash } from './scrypt.js';

/**
 * The dummy for a set of stored passwords: modelled on the one that is slowest to verify
 * (highest estimated cost, see `inspectStoredPassword`), so an unknown username never answers
 * faster than the slowest real user. With no hashes at all, a random plain-text password.
 * Malformed hashes are ignored (the store rejects them at load anyway).
 */
export function dummyPasswordFor(stored: Iterable<string>): string {
  let slowest: string | undefined;
  let slowestCost = 0;
  for (const candidate of stored) {
    const info = inspectStoredPassword(candidate);
    if (info.problem === undefined && info.cost > slowestCost) {
      slowest = candidate;
      slowestCost = info.cost;
    }
  }
  return slowest === undefined ? randomBytes(24).toString('base64') : dummyHashLike(slowest);
}

/** A hash of the same scheme and parameters as `stored` (a well-formed hash) that no password matches. */
export function dummyHashLike(stored: string): string {
  const info = inspectStoredPassword(stored);
  switch (info.scheme) {
    case 'argon2': {
      const options = parseArgon2(stored);
      const variant = stored.slice(1, stored.indexOf('$', 1));
      // Version enum: 0 is 0x10 (16), 1 is 0x13 (19).
      const version = options.version === 0 ? 16 : 19;
      const params = `m=${options.memoryCost},t=${options.timeCost},p=${options.parallelism}`;
      return `$${variant}$v=${version}$${params}$${b64(randomBytes(options.saltLen))}$${b64(randomBytes(options.outputLen))}`;
    }
    case 'bcrypt': {
      const { cost, version } = parseBcrypt(stored);
      const salt = genSaltSync({ cost, version: version === '2x' ? '2b' : version });
      return salt + randomBcryptDigest();
    }
    case 'scrypt': {
      const parsed = parseScryptHash(stored);
      if (typeof parsed === 'string') throw new TypeError(`dummyHashLike: the scrypt hash ${parsed}`);
      return formatScryptHash({ ...parsed, salt: randomBytes(parsed.salt.length), hash: randomBytes(parsed.hash.length) });
    }
    case 'plain':
      return randomBytes(24).toString('base64');
  }
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * 31 characters of bcrypt's base64 (23 bytes). The last character carries only 4 bits, so its
 * low 2 bits must be zero for the string to be canonical.
 */
function randomBcryptDigest(): string {
  let digest = '';
  for (let i = 0; i < 30; i += 1) digest += BCRYPT_ALPHABET[randomInt(64)];
  return digest + BCRYPT_ALPHABET[randomInt(16) * 4];
}
