import { type KeyObject } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { thrown } from '../test/expect-crypto-error.js';
import { generateFixtures } from '../test/fixtures.js';
import { loadCertificates } from './certificates.js';
import { loadPublicKey } from './public-key.js';

const certs = testCerts();
const fx = generateFixtures(certs);
afterAll(() => fx.cleanup());

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });

describe('loadPublicKey', () => {
  it.each([
    ['PEM certificate', () => certs.serverCert],
    ['DER certificate', () => fx.serverCertDer],
    ['PEM SPKI public key', () => fx.serverPublicKey],
    ['DER SPKI public key', () => fx.serverPublicKeyDer],
    ['PEM PKCS#1 RSA public key', () => fx.serverRsaPublicKey],
    ['PEM bundle (first certificate)', () => fx.serverBundle],
  ])('gives the same public key from a %s', (_, path) => {
    const key = loadPublicKey(path());
    expect(key.type).toBe('public');
    expect(spki(key).equals(spki(loadCertificates(certs.serverCert)[0]!.publicKey))).toBe(true);
  });

  it('reads EC and Ed25519 certificates', () => {
    expect(loadPublicKey(fx.ecCert).asymmetricKeyType).toBe('ec');
    expect(loadPublicKey(fx.ed25519Cert).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses a private key file rather than deriving the public key from it', () => {
    const err = thrown(() => loadPublicKey(certs.serverKey));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FORMAT');
    expect(err.message).toMatch(/give the certificate or public key, not the private key/);
  });

  it('refuses garbage and names missing files', () => {
    expect(thrown(() => loadPublicKey(fx.garbage)).code).toBe('POINTE_ERR_CRYPTO_FORMAT');
    expect(thrown(() => loadPublicKey(`${fx.dir}/missing.pem`)).code).toBe('POINTE_ERR_CRYPTO_FILE');
  });
});
