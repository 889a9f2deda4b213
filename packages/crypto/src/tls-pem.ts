/**
 * PEM strings for node:tls options (`key`, `cert`, `ca`), from PEM files or from PKCS#12
 * stores, checked at start-up so a listener or client never starts with a key that does not
 * match its certificate.
 */
import { type KeyObject, type X509Certificate } from 'node:crypto';
import { loadCertificates } from './certificates.js';
import { CryptoError, CryptoErrorCode } from './errors.js';
import { type KeyStoreConfig, loadKeyStore, soleKeyAlias } from './key-store.js';
import { loadPrivateKey } from './private-key.js';
import { quotePath } from './read-file.js';

/** node:tls `key`/`cert`/`ca` options as PEM. */
export interface TlsPem {
  /** The private key, unencrypted PKCS#8 PEM. */
  key: string;
  /** The certificate chain, leaf first, concatenated PEM. */
  cert: string;
  /**
   * The store's other certificates (the leaf's issuers and any others), one PEM each. Passing
   * them as node:tls `ca` replaces Node's default roots; do it only when they are the roots to trust.
   */
  ca: string[];
}

/** A certificate (chain) file and its key file, as Ballerina's `CertKey` record. */
export interface CertKeyConfig {
  /** PEM (or DER) certificate file; further certificates in it are the chain. */
  certFile: string;
  /** PEM (or DER) private key file. */
  keyFile: string;
  /** Password of an encrypted `keyFile`. */
  keyPassword?: string;
}

/**
 * The key under `alias` (default: the store's only key) with its chain, and the store's other
 * certificates. `keyPassword` defaults to the store password. Throws `POINTE_ERR_CRYPTO_ALIAS`
 * when `alias` is unknown or, without one, the store has no or several keys, and
 * `POINTE_ERR_CRYPTO_KEY_MISMATCH` when the key does not belong to the certificate.
 */
export function keyStoreToPem(config: KeyStoreConfig, alias?: string, keyPassword?: string): TlsPem {
  const store = loadKeyStore(config);
  const name = alias ?? soleKeyAlias(store);
  const key = store.getPrivateKey(name, keyPassword);
  const chain = store.getCertificateChain(name);
  const leaf = chain[0]!;
  requireMatch(leaf, key, `key '${name}' in key store ${quotePath(config.path)}`);
  return {
    key: privateKeyPem(key),
    cert: chain.map((c) => c.toString()).join(''),
    ca: store.trustedCertificates().filter((c) => !c.raw.equals(leaf.raw)).map((c) => c.toString()),
  };
}

/** Every certificate of the trust store, one PEM each, for node:tls `ca`. */
export function trustStoreToPem(config: KeyStoreConfig): string[] {
  const certificates = loadKeyStore(config).trustedCertificates();
  if (certificates.length === 0) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `trust store ${quotePath(config.path)} holds no certificates`);
  }
  return certificates.map((c) => c.toString());
}

/**
 * The key and certificate chain of a `CertKey` pair of files, checked to belong together.
 * With `field`, a failure names `<field>.certFile` or `<field>.keyFile`.
 */
export function certKeyToPem(config: CertKeyConfig, field?: string): { key: string; cert: string } {
  const certificates = located(field && `${field}.certFile`, () => loadCertificates(config.certFile));
  const key = located(field && `${field}.keyFile`, () => loadPrivateKey(config.keyFile, config.keyPassword));
  located(field, () => requireMatch(certificates[0]!, key, `private key file ${quotePath(config.keyFile)}`));
  return { key: privateKeyPem(key), cert: certificates.map((c) => c.toString()).join('') };
}

/** Runs a load; a `CryptoError` keeps its code and gains the field (its message names the file). */
export function located<T>(field: string | undefined, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (field !== undefined && err instanceof CryptoError) throw new CryptoError(err.code, `${field}: ${err.message}`, { cause: err });
    throw err;
  }
}

function requireMatch(leaf: X509Certificate, key: KeyObject, where: string): void {
  if (!leaf.checkPrivateKey(key)) {
    throw new CryptoError(CryptoErrorCode.KEY_MISMATCH, `${where} does not belong to the certificate for '${leaf.subject.replace(/\n/g, ', ')}'`);
  }
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}
