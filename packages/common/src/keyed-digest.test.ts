import { describe, expect, it } from 'vitest';
import { KeyedDigest } from './keyed-digest.js';

/** The reference implementation's test key, 00 01 … 0f, then 10 … 1f for the second half. */
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

/**
 * SipHash-2-4 under the key 00 01 … 0f of each string's UTF-16LE bytes, as computed by Rust's
 * `std::hash::SipHasher::new_with_keys` (SipHash-2-4; it reproduces the paper's vectors, e.g.
 * a129ca6149be45e5 for the 15 bytes 00 … 0e). The empty string's value is the reference
 * implementation's first vector. The lengths cover every remainder of a word (0–3 code units),
 * one and many words, and a byte length past 255 (only its low byte enters the last word).
 */
const VECTORS: ReadonlyArray<readonly [string, string]> = [
  ['', '726fdb47dd0e0e31'],
  ['a', 'bfe40170b993de01'],
  ['ab', '0f8ecde45ba29916'],
  ['abc', '74df8e6043d31f54'],
  ['abcd', '87269251a297d87f'],
  ['abcde', '02ee3c08bcad357b'],
  ['abcdefg', 'c514547f4f6747d0'],
  ['abcdefgh', '18ff7b414ff4cfb6'],
  ['YWxpY2U6YWxpY2UtcGFzcw==', '7d007e82f6bdfe8f'],
  ['\u0001YWxleDpwYXNzd29yZDQ=', '3643a8a462ecf0ea'],
  ['alex\u0000password4', '068438d5b586f1b7'],
  ['\u00fcn\u00efc\u00f6d\u00e9 \u2713', '8d77b876ddb5dfb4'],
  ['\ud834\udd1e surrogate pair', '3286af7eb526b85d'],
  ['\uffff\u0000\uffff', '93ec3f891d75e17d'],
  ['x'.repeat(127), '0a3f1063a210553a'],
  ['y'.repeat(128), 'f0c220e9f774d8fc'],
  ['z'.repeat(600), 'f67eda02cb216020'],
  [`eyJhbGciOiJSUzI1NiJ9.${'Q'.repeat(300)}`, '59bd5c4adbe5b297'],
];

describe('KeyedDigest', () => {
  it.each(VECTORS.map(([text, hex]) => [text.length > 40 ? `${text.slice(0, 12)}… (${text.length})` : JSON.stringify(text), text, hex]))(
    'SipHash-2-4 of %s matches the reference',
    (_name, text, hex) => {
      expect(new KeyedDigest(KEY).sipHash24Hex(text)).toBe(hex);
    },
  );

  it('of() is both halves: SipHash-2-4 under the first 16 bytes of the key, then under the last 16', () => {
    const swapped = Buffer.concat([KEY.subarray(16), KEY.subarray(0, 16)]);
    for (const [text, hex] of VECTORS) {
      const digest = new KeyedDigest(KEY).of(text);
      expect(digest).toHaveLength(8);
      const words = [...digest].map((c) => c.charCodeAt(0));
      // Four 16-bit code units, least significant first, as 16 hex digits.
      const unsigned = (w: number[]) => [w[0]!, w[1]!, w[2]!, w[3]!].map((x) => x.toString(16).padStart(4, '0')).reverse().join('');
      expect(unsigned(words.slice(0, 4))).toBe(hex);
      expect(unsigned(words.slice(4, 8))).toBe(new KeyedDigest(swapped).sipHash24Hex(text));
    }
  });

  it('differs between keys and between inputs, and is stable for one key', () => {
    const a = new KeyedDigest();
    const b = new KeyedDigest();
    expect(a.of('YWxleDpwYXNzd29yZDQ=')).toBe(a.of(`YWxleDpwYXNzd29yZDQ${'='}`));
    expect(a.of('YWxleDpwYXNzd29yZDQ=')).not.toBe(b.of('YWxleDpwYXNzd29yZDQ='));
    // Inputs that differ in one bit, in length only, or in a trailing NUL give different digests.
    const digests = new Set(['alex:password4', 'alex:password5', 'alex:password4\u0000', 'alex:password', 'Alex:password4', ''].map((s) => a.of(s)));
    expect(digests.size).toBe(6);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new KeyedDigest(new Uint8Array(16))).toThrow(RangeError);
  });
});
