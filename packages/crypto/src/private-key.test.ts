import { type KeyObject, X509Certificate, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { thrown } from '../test/expect-crypto-error.js';
import { type CryptoFixtures, generateFixtures } from '../test/fixtures.js';
import { loadPrivateKey } from './private-key.js';

const certs = testCerts();
const fx = generateFixtures(certs);
afterAll(() => fx.cleanup());

/** Signs with `key` and verifies with the certificate's public key: the key loaded is the right one. */
function expectSignsFor(key: KeyObject, certPath: string): void {
  const publicKey = new X509Certificate(readFileSync(certPath)).publicKey;
  const data = Buffer.from('pointe round trip');
  const digest = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  expect(verify(digest, data, publicKey, sign(digest, data, key))).toBe(true);
}

describe('loadPrivateKey', () => {
  const cases: [string, (f: CryptoFixtures) => [string, string, string?]][] = [
    ['PKCS#8 PEM (RSA)', () => [certs.serverKey, certs.serverCert]],
    ['PKCS#1 PEM (openssl rsa -traditional)', (f) => [f.rsaPkcs1Key, certs.serverCert]],
    ['encrypted PKCS#8 PEM (AES-256)', () => [certs.serverKeyEncrypted, certs.serverCert, 'keypass']],
    ['legacy encrypted PEM (-traditional -aes256)', (f) => [f.rsaLegacyEncryptedKey, certs.serverCert, 'legacypass']],
    ['encrypted PKCS#8 PEM with RC2-40, which node:crypto alone cannot open', (f) => [f.rsaRc2EncryptedKey, certs.serverCert, 'rc2pass']],
    ['PKCS#8 DER', (f) => [f.serverKeyDer, certs.serverCert]],
    ['encrypted PKCS#8 DER', (f) => [f.serverKeyEncryptedDer, certs.serverCert, 'keypass']],
    ['EC P-256 PKCS#8 PEM', (f) => [f.ecKey, f.ecCert]],
    ['EC P-256 SEC1 PEM', (f) => [f.ecSec1Key, f.ecCert]],
    ['Ed25519 PKCS#8 PEM', (f) => [f.ed25519Key, f.ed25519Cert]],
  ];
  it.each(cases)('loads %s and signs a round trip', (_, pick) => {
    const [keyPath, certPath, password] = pick(fx);
    const key = loadPrivateKey(keyPath, password);
    expect(key.type).toBe('private');
    expectSignsFor(key, certPath);
  });

  it('takes the key block of a PEM file that also holds the certificate', () => {
    const combined = join(fx.dir, 'combined.pem');
    writeFileSync(combined, Buffer.concat([readFileSync(certs.serverCert), readFileSync(certs.serverKey)]));
    expectSignsFor(loadPrivateKey(combined), certs.serverCert);
  });

  it('ignores a password given for a plain key', () => {
    expectSignsFor(loadPrivateKey(certs.serverKey, 'unused'), certs.serverCert);
  });

  it.each([
    ['encrypted PKCS#8', () => certs.serverKeyEncrypted],
    ['legacy encrypted PEM', () => fx.rsaLegacyEncryptedKey],
    ['RC2 PKCS#8', () => fx.rsaRc2EncryptedKey],
  ])('refuses a wrong password for %s without printing it', (_, path) => {
    const err = thrown(() => loadPrivateKey(path(), 'not-the-Secret-42'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
    expect(err.message).toContain(path());
    expect(err.message).not.toContain('not-the-Secret-42');
  });

  it('asks for the password of an encrypted key given none', () => {
    const err = thrown(() => loadPrivateKey(certs.serverKeyEncrypted));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
    expect(err.message).toMatch(/is encrypted; give its password/);
  });

  it('names the path and the OS reason for a missing file', () => {
    const missing = join(fx.dir, 'nope.key');
    const err = thrown(() => loadPrivateKey(missing));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FILE');
    expect(err.message).toContain(missing);
    expect(err.message).toContain('ENOENT');
  });

  it('shows where a relative path resolved to', () => {
    const err = thrown(() => loadPrivateKey('no/such/relative.key'));
    expect(err.message).toContain(`'no/such/relative.key' (${process.cwd()}/no/such/relative.key)`);
  });

  it.each([
    ['binary garbage', () => fx.garbage, /neither PEM nor a DER private key/],
    ['text that is not PEM', () => fx.notPem, /neither PEM nor a DER private key/],
    ['a certificate', () => certs.serverCert, /holds no private key block \(only CERTIFICATE\)/],
  ])('reports a format error for %s', (_, path, message) => {
    const err = thrown(() => loadPrivateKey(path()));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FORMAT');
    expect(err.message).toMatch(message);
  });

  it.each([
    ['legacy PEM', () => fx.rsaDesLegacyKey, /is encrypted with des-cbc, which this Node.js cannot decrypt; re-encrypt it/],
    ['PBES2 PKCS#8', () => fx.rsaDesPkcs8Key, /uses PBES2 cipher des-cbc, which Pointe cannot decrypt; re-export it with AES-256-CBC/],
  ])('reports a DES-encrypted %s as unsupported, not as a wrong password', (_, path, message) => {
    const err = thrown(() => loadPrivateKey(path(), 'despass'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FORMAT');
    expect(err.message).toMatch(message);
  });

  it('derives the same public key as the certificate', () => {
    const fromKey = createPublicKey(loadPrivateKey(certs.serverKeyEncrypted, 'keypass')).export({ type: 'spki', format: 'der' });
    const fromCert = new X509Certificate(readFileSync(certs.serverCert)).publicKey.export({ type: 'spki', format: 'der' });
    expect(fromKey.equals(fromCert)).toBe(true);
  });
});
