/**
 * Checks a password against a stored one, whatever the scheme (see `scheme.ts` for how the
 * scheme is recognised).
 *
 * Hashes are verified on the libuv thread pool (the @node-rs async APIs, `crypto.scrypt`), so a
 * burst of logins never stalls the event loop. Plain text is compared in constant time over
 * keyed SHA-256 digests, so neither the content nor the length of the stored password leaks
 * through timing.
 */
import { hash, randomBytes } from 'node:crypto';
import { verify as argon2Verify } from '@node-rs/argon2';
import { verify as bcryptVerify } from '@node-rs/bcrypt';
import { passwordSchemeOf } from './scheme.js';
import { verifyScrypt } from './scrypt.js';

/** bcrypt's input limit: it ignores every byte past the 72nd. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/** Checks a password against a stored password or hash. The file user store takes one for tests. */
export type PasswordVerifier = (stored: string, password: string) => Promise<boolean>;

/**
 * Whether `password` matches `stored` (an argon2, bcrypt or scrypt hash, or plain text).
 * A malformed hash never matches; this never rejects.
 */
export const verifyPassword: PasswordVerifier = async (stored, password) => {
  try {
    switch (passwordSchemeOf(stored)) {
      case 'argon2':
        return await argon2Verify(stored, password);
      case 'bcrypt': {
        // Only the variants `scheme.ts` accepts; `$2x$` (the old buggy variant) and others fail.
        // bcrypt reads only the first 72 bytes, so 72 × 'A' + 'EXTRA' would match 72 × 'A': a
        // longer password never matches. The hash is still verified, so the refusal costs what
        // any wrong password costs and does not tell that this user's hash is a bcrypt one.
        const matches = /^\$2[aby]\$/.test(stored) && (await bcryptVerify(password, stored));
        return matches && Buffer.byteLength(password, 'utf8') <= BCRYPT_MAX_PASSWORD_BYTES;
      }
      case 'scrypt':
        return await verifyScrypt(stored, password);
      case 'plain':
        return plainTextEquals(stored, password);
    }
  } catch {
    // A malformed hash: the store reports it at load, here it is just a failed verification.
    return false;
  }
};

function plainTextEquals(stored: string, password: string): boolean {
  return plainDigestEquals(plainDigest(stored), password);
}

// A per-process random prefix: a digest is useless outside this process, so even a comparison
// that leaked how many leading characters of two digests agree would tell an attacker nothing
// they could use offline.
const PLAIN_DIGEST_KEY = randomBytes(32).toString('base64');

/**
 * The keyed digest a plain-text password is compared through (44 base64 characters); a store
 * computes it once, at load. A string, not a Buffer: `crypto.hash` with `'buffer'` output costs
 * 2–2.5 µs per call on Node 20–26, with `'base64'` 0.4–0.8 µs (docs/benchmarks.md "Hot path"),
 * and this runs on every request of a plain-text user.
 */
export function plainDigest(text: string): string {
  return hash('sha256', `${PLAIN_DIGEST_KEY}\0${text}`, 'base64');
}

/** Constant-time check of `password` against a stored password's `plainDigest`. */
export function plainDigestEquals(storedDigest: string, password: string): boolean {
  return equalDigests(storedDigest, plainDigest(password));
}

/**
 * Whether two digests are equal, reading every character whatever they hold: no early exit,
 * no branch on the data. Both are 44-character `plainDigest`s, so the loop's length is fixed too.
 */
function equalDigests(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
