/**
 * A keyed 128-bit digest of a string, for cache keys derived from credentials.
 *
 * SipHash-2-4 (Aumasson and Bernstein, 2012), a pseudorandom function built for exactly this:
 * hash-table keys computed from attacker-chosen input under a secret key. Run twice, with two
 * independent 128-bit keys drawn at random per instance, for 128 bits of output. Without the key
 * nobody can find two inputs with the same digest (an online attacker's chance per request is
 * about entries / 2^128), so a cache keyed by it never answers for a credential it did not
 * store; and the cache holds digests, never the credentials themselves.
 *
 * Why not SHA-256: `crypto.hash('sha256', …)` costs 0.7 µs per call in a loop and 2.5–2.9 µs in a
 * loaded server (the profile in docs/benchmarks.md, "Stop 20"), the largest single cost of a
 * Basic request answered from the cache without the per-connection memo. This runs in plain
 * JavaScript on 32-bit halves, with no native call and no allocation but the result string.
 *
 * The input is the string's UTF-16 code units, little-endian (its UTF-16LE bytes), so every
 * string, not only Latin-1, has exactly one encoding. Checked against Rust's
 * `std::hash::SipHasher` (SipHash-2-4, which reproduces the reference vectors) in
 * keyed-digest.test.ts.
 */
import { randomBytes } from 'node:crypto';

/** A SipHash key as four 32-bit words: k0 low, k0 high, k1 low, k1 high. */
type Key = readonly [number, number, number, number];

const keyOf = (bytes: Buffer, at: number): Key =>
  [bytes.readUInt32LE(at), bytes.readUInt32LE(at + 4), bytes.readUInt32LE(at + 8), bytes.readUInt32LE(at + 12)];

export class KeyedDigest {
  readonly #first: Key;
  readonly #second: Key;

  /** `key`: 32 bytes (two SipHash keys); default 32 random bytes. Tests pass a fixed one. */
  constructor(key: Uint8Array = randomBytes(32)) {
    if (key.length !== 32) throw new RangeError(`KeyedDigest key must be 32 bytes, got ${key.length}`);
    const bytes = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
    this.#first = keyOf(bytes, 0);
    this.#second = keyOf(bytes, 16);
  }

  /** The 128-bit digest of `text` as a string of 8 UTF-16 code units (a compact Map key). */
  of(text: string): string {
    sipHash24(this.#first, text);
    const a = lo;
    const b = hi;
    sipHash24(this.#second, text);
    return String.fromCharCode(a & 0xffff, a >>> 16, b & 0xffff, b >>> 16, lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16);
  }

  /** SipHash-2-4 of `text`'s UTF-16LE bytes under the first key, as 16 hex digits (tests). */
  sipHash24Hex(text: string): string {
    sipHash24(this.#first, text);
    return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  }
}

// The last result of sipHash24: returning two words through module state avoids an allocation.
let lo = 0;
let hi = 0;

/** SipHash-2-4 of `text`'s UTF-16LE bytes under `k`; the 64-bit result in `lo`, `hi`. */
function sipHash24(k: Key, text: string): void {
  // The state, four 64-bit words as (low, high) pairs of 32-bit words.
  let v0l = (k[0] ^ 0x70736575) >>> 0;
  let v0h = (k[1] ^ 0x736f6d65) >>> 0;
  let v1l = (k[2] ^ 0x6e646f6d) >>> 0;
  let v1h = (k[3] ^ 0x646f7261) >>> 0;
  let v2l = (k[0] ^ 0x6e657261) >>> 0;
  let v2h = (k[1] ^ 0x6c796765) >>> 0;
  let v3l = (k[2] ^ 0x79746573) >>> 0;
  let v3h = (k[3] ^ 0x74656462) >>> 0;
  const units = text.length;
  const whole = units - (units & 3); // code units in whole 8-byte words
  let ml = 0;
  let mh = 0;
  let t: number;
  // Each message word: v3 ^= m, 2 rounds, v0 ^= m. After the final word: v2 ^= 0xff, 4 rounds.
  for (let i = 0, finishing = false; ; i += 4) {
    let rounds = 2;
    if (finishing) {
      v2l = (v2l ^ 0xff) >>> 0;
      rounds = 4;
    } else {
      if (i < whole) {
        ml = (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)) >>> 0;
        mh = (text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16)) >>> 0;
      } else {
        // The final word: the 0–3 remaining code units, and the byte length mod 256 in its top byte.
        const rest = units & 3;
        ml = rest > 0 ? text.charCodeAt(i) : 0;
        if (rest > 1) ml |= text.charCodeAt(i + 1) << 16;
        ml >>>= 0;
        mh = ((rest > 2 ? text.charCodeAt(i + 2) : 0) | (((units * 2) & 0xff) << 24)) >>> 0;
        finishing = true;
      }
      v3l = (v3l ^ ml) >>> 0;
      v3h = (v3h ^ mh) >>> 0;
    }
    for (let round = 0; round < rounds; round++) {
      // SipRound. v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
      t = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (t < v0l ? 1 : 0)) >>> 0; v0l = t;
      t = v1l; v1l = ((v1l << 13) | (v1h >>> 19)) >>> 0; v1h = ((v1h << 13) | (t >>> 19)) >>> 0;
      v1l = (v1l ^ v0l) >>> 0; v1h = (v1h ^ v0h) >>> 0;
      t = v0l; v0l = v0h; v0h = t;
      // v2 += v3; v3 <<<= 16; v3 ^= v2
      t = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (t < v2l ? 1 : 0)) >>> 0; v2l = t;
      t = v3l; v3l = ((v3l << 16) | (v3h >>> 16)) >>> 0; v3h = ((v3h << 16) | (t >>> 16)) >>> 0;
      v3l = (v3l ^ v2l) >>> 0; v3h = (v3h ^ v2h) >>> 0;
      // v0 += v3; v3 <<<= 21; v3 ^= v0
      t = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (t < v0l ? 1 : 0)) >>> 0; v0l = t;
      t = v3l; v3l = ((v3l << 21) | (v3h >>> 11)) >>> 0; v3h = ((v3h << 21) | (t >>> 11)) >>> 0;
      v3l = (v3l ^ v0l) >>> 0; v3h = (v3h ^ v0h) >>> 0;
      // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
      t = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (t < v2l ? 1 : 0)) >>> 0; v2l = t;
      t = v1l; v1l = ((v1l << 17) | (v1h >>> 15)) >>> 0; v1h = ((v1h << 17) | (t >>> 15)) >>> 0;
      v1l = (v1l ^ v2l) >>> 0; v1h = (v1h ^ v2h) >>> 0;
      t = v2l; v2l = v2h; v2h = t;
    }
    if (rounds === 4) break;
    v0l = (v0l ^ ml) >>> 0;
    v0h = (v0h ^ mh) >>> 0;
  }
  lo = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  hi = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
}
