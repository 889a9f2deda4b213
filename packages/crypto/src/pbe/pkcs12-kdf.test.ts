import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { passphrase } from './passphrase.js';
import { KdfPurpose, pkcs12Kdf } from './pkcs12-kdf.js';

/** node-forge's PKCS#12 KDF, an independent implementation of RFC 7292 App. B.2 for the digests it knows. */
const forgeKdf = forge.pkcs12 as unknown as {
  generateKey(password: string, salt: forge.util.ByteStringBuffer, id: number, iterations: number, n: number, md: forge.md.MessageDigest): forge.util.ByteStringBuffer;
};

describe('pkcs12Kdf', () => {
  const salt = Buffer.from('0a58cf64530d823f0a58cf64530d823f1122', 'hex');
  it.each([
    ['sha1', 24, 1, KdfPurpose.key, forge.md.sha1],
    ['sha1', 8, 2048, KdfPurpose.iv, forge.md.sha1],
    ['sha256', 32, 2048, KdfPurpose.mac, forge.md.sha256],
    ['sha256', 80, 3, KdfPurpose.key, forge.md.sha256],
    ['sha512', 64, 10, KdfPurpose.mac, forge.md.sha512],
    ['sha512', 150, 2, KdfPurpose.key, forge.md.sha512],
  ] as const)('%s, %i bytes, %i iterations, purpose %i: matches node-forge', (digest, length, iterations, purpose, md) => {
    const password = 'changeit';
    const expected = forgeKdf.generateKey(password, forge.util.createBuffer(salt.toString('binary')), purpose, iterations, length, md.create());
    const actual = pkcs12Kdf(digest, passphrase(password).bmp, salt, iterations, purpose, length);
    expect(actual.toString('hex')).toBe(forge.util.bytesToHex(expected.getBytes()));
  });

  it('encodes the password as a NUL-terminated BMPString, non-ASCII and astral characters included', () => {
    expect(passphrase('aé🔑').bmp.toString('hex')).toBe('006100e9d83ddd110000');
    expect(passphrase('aé🔑').utf8.toString('hex')).toBe('61c3a9f09f9491');
  });
});
