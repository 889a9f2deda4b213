/**
 * Key material for `@pointe/crypto`'s tests beyond the run's shared certificates
 * (test-support/certs.ts): other key types and encodings, and PKCS#12 stores written the ways
 * users' tools write them, generated with the system's openssl (and keytool, when a JDK is
 * installed) into a temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCerts } from '../../../test-support/certs.js';

/** A PKCS#12 file, how to open it, and the alias of its key (if it has one). */
export interface StoreFixture {
  path: string;
  password: string;
  alias: string;
}

export interface CryptoFixtures {
  dir: string;
  /** EC P-256 key as PKCS#8, as SEC1 (`EC PRIVATE KEY`), and its self-signed certificate. */
  ecKey: string;
  ecSec1Key: string;
  ecCert: string;
  ed25519Key: string;
  ed25519Cert: string;
  /** The server key as PKCS#1 (`RSA PRIVATE KEY`), and legacy-encrypted (`-traditional -aes256`, password `legacypass`). */
  rsaPkcs1Key: string;
  rsaLegacyEncryptedKey: string;
  /** The server key as encrypted PKCS#8 with the PKCS#12 RC2-40 cipher (password `rc2pass`), which node:crypto cannot decrypt. */
  rsaRc2EncryptedKey: string;
  /** The server key encrypted with single DES, legacy PEM and PBES2 PKCS#8 (password `despass`). */
  rsaDesLegacyKey: string;
  rsaDesPkcs8Key: string;
  /** The server certificate and key as DER, the key also as encrypted DER PKCS#8 (password `keypass`). */
  serverCertDer: string;
  serverKeyDer: string;
  serverKeyEncryptedDer: string;
  /** The server's public key as SPKI PEM, SPKI DER and PKCS#1 PEM. */
  serverPublicKey: string;
  serverPublicKeyDer: string;
  serverRsaPublicKey: string;
  /** Server certificate followed by the CA certificate. */
  serverBundle: string;
  /** Random bytes; and a text file that is no PEM. */
  garbage: string;
  notPem: string;
  /** PKCS#12 stores holding the server key and chain (or another key), by how they were written. */
  keyStores: Record<string, StoreFixture>;
  /** Certificate-only store written with `-caname`: server certificate as `server`, CA as `ca`. */
  namedTrustStore: StoreFixture;
  /** keytool-written stores, when a JDK is installed. */
  keytool: { keyStore: StoreFixture; trustStore: StoreFixture } | undefined;
}

/** Generates the fixtures from the run's certificates (keytool stores only if asked: a JVM start is slow); `cleanup()` removes them. */
export function generateFixtures(certs: TestCerts, options: { keytool?: boolean } = {}): CryptoFixtures & { cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pointe-crypto-'));
  const p = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec.key');
  openssl('ec', '-in', 'ec.key', '-out', 'ec-sec1.key');
  openssl('req', '-x509', '-new', '-key', 'ec.key', '-out', 'ec.crt', '-days', '3', '-subj', '/CN=pointe-ec');
  openssl('genpkey', '-algorithm', 'ed25519', '-out', 'ed25519.key');
  openssl('req', '-x509', '-new', '-key', 'ed25519.key', '-out', 'ed25519.crt', '-days', '3', '-subj', '/CN=pointe-ed25519');

  openssl('rsa', '-in', certs.serverKey, '-traditional', '-out', 'rsa-pkcs1.key');
  openssl('rsa', '-in', certs.serverKey, '-traditional', '-aes256', '-passout', 'pass:legacypass', '-out', 'rsa-legacy-enc.key');
  openssl('pkcs8', '-topk8', '-in', certs.serverKey, '-v1', 'PBE-SHA1-RC2-40', '-passout', 'pass:rc2pass', '-out', 'rsa-rc2.key',
    '-provider', 'legacy', '-provider', 'default');
  // DES, which Node's OpenSSL 3 only has in its (unloaded) legacy provider.
  openssl('rsa', '-in', certs.serverKey, '-traditional', '-des', '-passout', 'pass:despass', '-out', 'rsa-legacy-des.key',
    '-provider', 'legacy', '-provider', 'default');
  openssl('pkcs8', '-topk8', '-in', certs.serverKey, '-v2', 'des-cbc', '-passout', 'pass:despass', '-out', 'rsa-pbes2-des.key',
    '-provider', 'legacy', '-provider', 'default');
  openssl('x509', '-in', certs.serverCert, '-outform', 'DER', '-out', 'server.der');
  openssl('pkcs8', '-topk8', '-nocrypt', '-in', certs.serverKey, '-outform', 'DER', '-out', 'server-key.der');
  openssl('pkcs8', '-topk8', '-in', certs.serverKey, '-v2', 'aes-256-cbc', '-passout', 'pass:keypass', '-outform', 'DER',
    '-out', 'server-key-enc.der');
  openssl('x509', '-in', certs.serverCert, '-pubkey', '-noout', '-out', 'server-pub.pem');
  openssl('pkey', '-pubin', '-in', 'server-pub.pem', '-outform', 'DER', '-out', 'server-pub.der');
  openssl('rsa', '-pubin', '-in', 'server-pub.pem', '-RSAPublicKey_out', '-out', 'server-rsa-pub.pem');
  writeFileSync(p('bundle.crt'), Buffer.concat([readFileSync(certs.serverCert), readFileSync(certs.caCert)]));
  writeFileSync(p('garbage.bin'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)));
  writeFileSync(p('not-pem.txt'), 'this is not a certificate\n');

  const keyStores: Record<string, StoreFixture> = {
    'OpenSSL 3 default (test-support)': { path: certs.serverP12, password: 'changeit', alias: 'pointe' },
  };
  const export12 = (name: string, password: string, alias: string, ...options: string[]) => {
    openssl('pkcs12', '-export', '-in', certs.serverCert, '-inkey', certs.serverKey, '-certfile', certs.caCert,
      '-name', alias, '-out', `${name}.p12`, '-passout', `pass:${password}`, ...options);
    return { path: p(`${name}.p12`), password, alias };
  };
  keyStores['-legacy (3DES key, RC2-40 certificates, SHA-1 MAC)'] = export12('legacy', 'changeit', 'pointe', '-legacy');
  keyStores['-legacy with 2-key 3DES and RC2-128'] = export12('legacy-2des', 'changeit', 'pointe', '-legacy',
    '-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-RC2-128');
  keyStores['AES-128 with a SHA-1 MAC'] = export12('aes128', 'changeit', 'pointe', '-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC', '-macalg', 'sha1');
  keyStores['SHA-512 MAC'] = export12('sha512', 'changeit', 'pointe', '-macalg', 'sha512');
  keyStores['Camellia-256'] = export12('camellia', 'changeit', 'pointe', '-keypbe', 'camellia-256-cbc', '-certpbe', 'camellia-256-cbc');
  keyStores['ARIA-256'] = export12('aria', 'changeit', 'pointe', '-keypbe', 'aria-256-cbc', '-certpbe', 'aria-256-cbc');
  keyStores['no MAC (-nomac)'] = export12('nomac', 'changeit', 'pointe', '-nomac');
  keyStores['no encryption (-keypbe NONE -certpbe NONE)'] = export12('plain', 'changeit', 'pointe', '-keypbe', 'NONE', '-certpbe', 'NONE');
  keyStores['empty password'] = export12('empty-password', '', 'pointe');
  keyStores['non-ASCII password'] = export12('unicode-password', 'pässwörd-🔑', 'pointe');
  keyStores['mixed-case alias'] = export12('mixed-case', 'changeit', 'MyServer');
  openssl('pkcs12', '-export', '-in', certs.serverCert, '-inkey', certs.serverKey, '-out', 'no-name.p12', '-passout', 'pass:changeit');
  keyStores['no -name (Java-style alias "1")'] = { path: p('no-name.p12'), password: 'changeit', alias: '1' };
  openssl('pkcs12', '-export', '-in', 'ec.crt', '-inkey', 'ec.key', '-name', 'ec', '-out', 'ec.p12', '-passout', 'pass:changeit');
  keyStores['EC P-256 key'] = { path: p('ec.p12'), password: 'changeit', alias: 'ec' };
  openssl('pkcs12', '-export', '-in', 'ed25519.crt', '-inkey', 'ed25519.key', '-name', 'ed', '-out', 'ed25519.p12', '-passout', 'pass:changeit');
  keyStores['Ed25519 key'] = { path: p('ed25519.p12'), password: 'changeit', alias: 'ed' };

  openssl('pkcs12', '-export', '-nokeys', '-in', 'bundle.crt', '-caname', 'server', '-caname', 'ca',
    '-out', 'trust-named.p12', '-passout', 'pass:changeit');
  const namedTrustStore = { path: p('trust-named.p12'), password: 'changeit', alias: 'server' };

  return {
    dir,
    ecKey: p('ec.key'), ecSec1Key: p('ec-sec1.key'), ecCert: p('ec.crt'),
    ed25519Key: p('ed25519.key'), ed25519Cert: p('ed25519.crt'),
    rsaPkcs1Key: p('rsa-pkcs1.key'), rsaLegacyEncryptedKey: p('rsa-legacy-enc.key'), rsaRc2EncryptedKey: p('rsa-rc2.key'),
    rsaDesLegacyKey: p('rsa-legacy-des.key'), rsaDesPkcs8Key: p('rsa-pbes2-des.key'),
    serverCertDer: p('server.der'), serverKeyDer: p('server-key.der'), serverKeyEncryptedDer: p('server-key-enc.der'),
    serverPublicKey: p('server-pub.pem'), serverPublicKeyDer: p('server-pub.der'), serverRsaPublicKey: p('server-rsa-pub.pem'),
    serverBundle: p('bundle.crt'), garbage: p('garbage.bin'), notPem: p('not-pem.txt'),
    keyStores, namedTrustStore, keytool: options.keytool === true ? keytoolStores(dir, certs) : undefined,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A JDK's keytool writes PKCS#12 its own way (10000 iterations, 20-byte salts, trusted-certificate attribute). */
function keytoolStores(dir: string, certs: TestCerts): CryptoFixtures['keytool'] {
  const keytool = (...args: string[]) => execFileSync('keytool', args, { cwd: dir, stdio: 'pipe' });
  try {
    keytool('-help');
  } catch {
    return undefined;
  }
  keytool('-genkeypair', '-alias', 'signer', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=pointe-keytool',
    '-validity', '3', '-storetype', 'pkcs12', '-keystore', 'keytool.p12', '-storepass', 'changeit');
  keytool('-importcert', '-noprompt', '-alias', 'PointeCA', '-file', certs.caCert, '-storetype', 'pkcs12',
    '-keystore', 'keytool-trust.p12', '-storepass', 'changeit');
  return {
    keyStore: { path: join(dir, 'keytool.p12'), password: 'changeit', alias: 'signer' },
    trustStore: { path: join(dir, 'keytool-trust.p12'), password: 'changeit', alias: 'PointeCA' },
  };
}
