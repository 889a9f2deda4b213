import { execFileSync } from 'node:child_process';
import { type KeyObject, type X509Certificate, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { thrown } from '../test/expect-crypto-error.js';
import { generateFixtures } from '../test/fixtures.js';
import { RFC9579_A1, RFC9579_A1_PASSWORD } from '../test/rfc9579.js';
import { loadCertificates } from './certificates.js';
import { loadKeyStore } from './key-store.js';

const certs = testCerts();
const fx = generateFixtures(certs, { keytool: true });
afterAll(() => fx.cleanup());

const pem = (path: string) => loadCertificates(path)[0]!;

function expectKeyFitsCertificate(key: KeyObject, cert: X509Certificate): void {
  expect(cert.checkPrivateKey(key)).toBe(true);
  const data = Buffer.from('pointe key store round trip');
  const digest = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  expect(verify(digest, data, cert.publicKey, sign(digest, data, key))).toBe(true);
}

describe('loadKeyStore: the run\'s stores (OpenSSL 3 defaults: PBES2/AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC)', () => {
  it('opens the server key store: key, leaf and chain up to the CA', () => {
    const store = loadKeyStore({ path: certs.serverP12, password: 'changeit' });
    expect(store.path).toBe(certs.serverP12);
    expect(store.aliases()).toEqual(['pointe']);
    expect(store.keyAliases()).toEqual(['pointe']);
    const leaf = store.getCertificate('pointe');
    expect(leaf.raw.equals(pem(certs.serverCert).raw)).toBe(true);
    expectKeyFitsCertificate(store.getPrivateKey('pointe'), leaf);
    expect(store.getCertificateChain('pointe').map((c) => c.subject)).toEqual(['CN=localhost', 'CN=Pointe Test CA']);
    expect(store.trustedCertificates()).toHaveLength(2);
  });

  it('opens the client key store', () => {
    const store = loadKeyStore({ path: certs.clientP12, password: 'changeit' });
    expect(store.aliases()).toEqual(['client']);
    expectKeyFitsCertificate(store.getPrivateKey('client'), store.getCertificate('client'));
  });

  it('gives the trust store\'s server certificate', () => {
    const store = loadKeyStore({ path: certs.trustStoreP12, password: 'changeit' });
    expect(store.trustedCertificates().map((c) => c.raw.equals(pem(certs.serverCert).raw))).toEqual([true]);
    expect(store.keyAliases()).toEqual([]);
  });
});

describe('loadKeyStore: stores written the ways users\' tools write them', () => {
  it.each(Object.keys(fx.keyStores))('opens %s', (name) => {
    const { path, password, alias } = fx.keyStores[name]!;
    const store = loadKeyStore({ path, password });
    expect(store.aliases()).toContain(alias);
    expectKeyFitsCertificate(store.getPrivateKey(alias), store.getCertificate(alias));
  });

  it('opens a certificate-only store whose certificates were named with -caname', () => {
    const store = loadKeyStore(fx.namedTrustStore);
    expect(store.aliases()).toEqual(['server', 'ca']);
    expect(store.getCertificate('server').subject).toBe('CN=localhost');
    expect(store.getCertificateChain('server').map((c) => c.subject)).toEqual(['CN=localhost', 'CN=Pointe Test CA']);
  });

  it('looks aliases up ignoring case, as Java does, and lists them as written', () => {
    const store = loadKeyStore(fx.keyStores['mixed-case alias']!);
    expect(store.aliases()).toEqual(['MyServer']);
    expect(store.getCertificate('myserver').subject).toBe('CN=localhost');
  });

  it('opens a keytool key store and trust store', () => {
    expect(fx.keytool, 'keytool (from the JDK) is needed to make this fixture').toBeDefined();
    const { keyStore, trustStore } = fx.keytool!;
    const keys = loadKeyStore(keyStore);
    expectKeyFitsCertificate(keys.getPrivateKey(keyStore.alias), keys.getCertificate(keyStore.alias));
    const trust = loadKeyStore(trustStore);
    expect(trust.aliases()).toEqual(['PointeCA']);
    expect(trust.getCertificate('pointeca').raw.equals(pem(certs.caCert).raw)).toBe(true);
  });

  it('verifies a PBMAC1 store (RFC 9579 A.1) and names its key entry "1" like Java', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pointe-pbmac1-')), 'a1.p12');
    writeFileSync(path, RFC9579_A1);
    const store = loadKeyStore({ path, password: RFC9579_A1_PASSWORD });
    expect(store.aliases()).toEqual(['1']);
    expectKeyFitsCertificate(store.getPrivateKey('1'), store.getCertificate('1'));
    expect(thrown(() => loadKeyStore({ path, password: '12345' })).code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
  });
});

describe('loadKeyStore: errors', () => {
  it.each([
    ['OpenSSL 3 default', () => certs.serverP12],
    ['-legacy', () => fx.keyStores['-legacy (3DES key, RC2-40 certificates, SHA-1 MAC)']!.path],
  ])('refuses a wrong store password (%s) without printing it', (_, path) => {
    const err = thrown(() => loadKeyStore({ path: path(), password: 'Wrong-Pass-7' }));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
    expect(err.message).toContain(path());
    expect(err.message).not.toContain('Wrong-Pass-7');
  });

  it('catches a wrong password of a store without MAC (whose certificates OpenSSL leaves unencrypted) at its key', () => {
    const store = loadKeyStore({ path: fx.keyStores['no MAC (-nomac)']!.path, password: 'Wrong-Pass-7' });
    const err = thrown(() => store.getPrivateKey('pointe'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
    expect(err.message).not.toContain('Wrong-Pass-7');
  });

  it('refuses a missing password', () => {
    expect(thrown(() => loadKeyStore({ path: certs.serverP12, password: '' })).code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
  });

  it('refuses a wrong key password without printing it', () => {
    const store = loadKeyStore({ path: certs.serverP12, password: 'changeit' });
    const err = thrown(() => store.getPrivateKey('pointe', 'Wrong-Key-Pass'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
    expect(err.message).toMatch(/key 'pointe' in key store/);
    expect(err.message).not.toContain('Wrong-Key-Pass');
  });

  it('lists the aliases present for an unknown alias', () => {
    const store = loadKeyStore({ path: certs.serverP12, password: 'changeit' });
    const err = thrown(() => store.getPrivateKey('server'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_ALIAS');
    expect(err.message).toContain("has no alias 'server'; its aliases: 'pointe'");
    expect(thrown(() => store.getCertificateChain('nope')).code).toBe('POINTE_ERR_CRYPTO_ALIAS');
  });

  it('explains why certificates exported with -nokeys -name have no alias', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pointe-noname-')), 'unnamed.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-nokeys', '-in', certs.serverCert, '-name', 'server', '-out', path, '-passout', 'pass:changeit']);
    const store = loadKeyStore({ path, password: 'changeit' });
    const err = thrown(() => store.getCertificate('no-such-alias'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_ALIAS');
    expect(err.message).toMatch(/1 certificate has no friendlyName; .*-caname <alias>/);
  });

  it('refuses a private key from a certificate entry', () => {
    const err = thrown(() => loadKeyStore(fx.namedTrustStore).getPrivateKey('ca'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_ALIAS');
    expect(err.message).toMatch(/'ca' .* is a certificate entry and holds no private key; the store has no keys/);
  });

  it('names a missing file and its OS reason', () => {
    const err = thrown(() => loadKeyStore({ path: join(fx.dir, 'missing.p12'), password: 'changeit' }));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FILE');
    expect(err.message).toMatch(/cannot read key store '.*missing\.p12': ENOENT/);
  });

  it.each([
    ['garbage', () => fx.garbage, /is malformed/],
    ['a PEM file', () => certs.serverCert, /is a PEM file, not PKCS#12/],
    ['a JKS store', () => jks(), /is a Java JKS key store, not PKCS#12; convert it: keytool -importkeystore/],
  ])('refuses %s as not PKCS#12', (_, path, message) => {
    const err = thrown(() => loadKeyStore({ path: path(), password: 'changeit' }));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FORMAT');
    expect(err.message).toMatch(message);
  });

  it('refuses a store whose MAC data is cut short as malformed, not as a wrong password', () => {
    const bytes = readFileSync(certs.serverP12);
    const path = join(fx.dir, 'truncated.p12');
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    expect(thrown(() => loadKeyStore({ path, password: 'changeit' })).code).toBe('POINTE_ERR_CRYPTO_FORMAT');
  });
});

/** The first bytes of a JKS file: magic 0xFEEDFEED, version 2. */
function jks(): string {
  const path = join(fx.dir, 'store.jks');
  writeFileSync(path, Buffer.from('feedfeed0000000200000000', 'hex'));
  return path;
}
