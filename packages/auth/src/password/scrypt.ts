/**
 * scrypt password hashes (RFC 7914) with node:crypto, in the PHC-style string
 * `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, where salt and hash are standard base64
 * without padding (as PHC strings write them). Example with the defaults:
 * `$scrypt$ln=15,r=8,p=1$<22 chars: 16-byte salt>$<43 chars: 32-byte hash>`.
 *
 * `crypto.scrypt` runs on the libuv thread pool, so hashing never blocks the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** The parameters and bytes of one scrypt hash string. */
export interface ScryptHash {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** The parameters new scrypt hashes use: N = 2^15, r = 8, p = 1 (OWASP's minimum), 16-byte salt, 32-byte hash. */
export const SCRYPT_DEFAULTS = { ln: 15, r: 8, p: 1, saltLength: 16, hashLength: 32 } as const;

// Bounds on what a stored hash may ask for, so a typo can't make each login allocate gigabytes.
const MAX_MEMORY = 1024 * 1024 * 1024;
const SCRYPT_STRING = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Hashes `password` with fresh salt and the default parameters. */
export async function hashScrypt(password: string): Promise<string> {
  const { ln, r, p, saltLength, hashLength } = SCRYPT_DEFAULTS;
  const salt = randomBytes(saltLength);
  const hash = await deriveKey(password, salt, hashLength, ln, r, p);
  return formatScryptHash({ ln, r, p, salt, hash });
}

/** Whether `password` matches the scrypt hash string `stored`; a malformed string is `false`. */
export async function verifyScrypt(stored: string, password: string): Promise<boolean> {
  const parsed = parseScryptHash(stored);
  if (typeof parsed === 'string') return false;
  const candidate = await deriveKey(password, parsed.salt, parsed.hash.length, parsed.ln, parsed.r, parsed.p);
  return timingSafeEqual(candidate, parsed.hash);
}

/** Writes a scrypt hash string. */
export function formatScryptHash({ ln, r, p, salt, hash }: ScryptHash): string {
  return `$scrypt$ln=${ln},r=${r},p=${p}$${unpadded(salt)}$${unpadded(hash)}`;
}

/** Reads a scrypt hash string, or returns why it is malformed (the reason never contains the string). */
export function parseScryptHash(stored: string): ScryptHash | string {
  const match = SCRYPT_STRING.exec(stored);
  if (match === null) return 'is not of the form $scrypt$ln=<n>,r=<n>,p=<n>$<base64 salt>$<base64 hash>';
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (ln < 1 || ln > 24 || r < 1 || p < 1 || p > 16 || 128 * 2 ** ln * r > MAX_MEMORY) {
    return 'has scrypt parameters out of range (1 ≤ ln ≤ 24, r ≥ 1, 1 ≤ p ≤ 16, 128·2^ln·r ≤ 1 GiB)';
  }
  const salt = decodeUnpadded(match[4] ?? '');
  const hash = decodeUnpadded(match[5] ?? '');
  if (salt === undefined || hash === undefined) return 'has salt or hash that is not canonical unpadded base64';
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return 'needs a salt of at least 8 bytes and a hash of 16 to 64 bytes';
  return { ln, r, p, salt, hash };
}

function deriveKey(password: string, salt: Buffer, length: number, ln: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** ln;
  return new Promise((resolve, reject) => {
    // Node refuses to use more than `maxmem` (32 MiB by default, exactly what N=2^15, r=8 needs).
    scrypt(password, salt, length, { N, r, p, maxmem: 2 * 128 * N * r * p + 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function decodeUnpadded(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return unpadded(bytes) === text ? bytes : undefined;
}
