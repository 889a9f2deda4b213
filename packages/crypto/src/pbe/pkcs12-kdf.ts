/**
 * The PKCS#12 key derivation function (RFC 7292 Appendix B.2), which derives MAC keys and the
 * keys and IVs of the `pbeWithSHAAnd…` ciphers. Implemented on node:crypto hashes so it works
 * for every digest a MacData may name (forge knows a fixed few).
 */
import { createHash } from 'node:crypto';

/** What the derived bytes are for (RFC 7292 B.3). */
export const KdfPurpose = { key: 1, iv: 2, mac: 3 } as const;

/** Input block size `v` in bytes of each digest the KDF may use. */
const BLOCK_SIZE: Readonly<Record<string, number>> = {
  md5: 64, sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128, 'sha512-224': 128, 'sha512-256': 128,
};

/** `length` bytes derived from `bmpPassword` (already BMP-encoded) and `salt`. */
export function pkcs12Kdf(
  digest: string, bmpPassword: Buffer, salt: Buffer, iterations: number, purpose: number, length: number,
): Buffer {
  const v = BLOCK_SIZE[digest];
  if (v === undefined) throw new Error(`no PKCS#12 KDF block size for digest ${digest}`);
  const D = Buffer.alloc(v, purpose);
  const I = Buffer.concat([repeatToBlocks(salt, v), repeatToBlocks(bmpPassword, v)]);
  const out: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let A = createHash(digest).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(digest).update(A).digest();
    out.push(A);
    produced += A.length;
    if (produced >= length) break;
    // I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I, B being A repeated to v bytes.
    const B = repeatTo(A, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

/** `data` repeated to the next multiple of `v` bytes (empty stays empty). */
function repeatToBlocks(data: Buffer, v: number): Buffer {
  return data.length === 0 ? Buffer.alloc(0) : repeatTo(data, v * Math.ceil(data.length / v));
}

function repeatTo(data: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = data[i % data.length]!;
  return out;
}
