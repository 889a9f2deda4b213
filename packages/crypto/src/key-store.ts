/**
 * PKCS#12 key stores and trust stores (`.p12`/`.pfx`), Pointe's counterpart of Ballerina's
 * `crypto:KeyStore` / `crypto:TrustStore`: the listener's and client's TLS key and chain,
 * JWT signing keys and verification certificates by alias. Reads what `openssl pkcs12
 * -export` writes by default (OpenSSL 3: PBES2/AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC)
 * and with `-legacy` (3DES/RC2-40, SHA-1 MAC), and what Java's keytool and Windows write.
 */
import { type KeyObject, type X509Certificate } from 'node:crypto';
import { CryptoError, CryptoErrorCode } from './errors.js';
import { asCryptoError } from './internal-errors.js';
import { decryptPrivateKeyInfo } from './pbe/encrypted-private-key-info.js';
import { type Passphrase, passphrase } from './pbe/passphrase.js';
import { looksLikePem } from './pem.js';
import { type Entries, type Entry, type KeyEntry, buildEntries, chainOf } from './pkcs12/entries.js';
import { decodePfx } from './pkcs12/pfx.js';
import { pkcs8PrivateKey } from './private-key.js';
import { quotePath, readFileOrThrow } from './read-file.js';

/** Where a PKCS#12 key store or trust store is and how to open it. */
export interface KeyStoreConfig {
  /** Path of a PKCS#12 (.p12/.pfx) file. */
  path: string;
  /** Its password (the store password; also the default for its keys). */
  password: string;
}

/**
 * An opened PKCS#12 store. Aliases are the bags' `friendlyName`s; they are looked up ignoring
 * case, as Java (and so Ballerina) does. An entry without a `friendlyName` gets Java's
 * numbered name (`"1"`, `"2"`, …) if it holds a key or is marked trusted by keytool; any other
 * unnamed certificate has no alias but is still in {@link KeyStore.trustedCertificates} and in chains.
 */
export interface KeyStore {
  /** The file it was read from. */
  readonly path: string;
  /** Every alias, in file order (keys first), as written in the file. */
  aliases(): string[];
  /**
   * The private key under `alias`, decrypted with `keyPassword` (default: the store password).
   * Throws `POINTE_ERR_CRYPTO_ALIAS` for an unknown alias or a certificate-only entry and
   * `POINTE_ERR_CRYPTO_PASSWORD` for a wrong key password.
   */
  getPrivateKey(alias: string, keyPassword?: string): KeyObject;
  /** The certificate under `alias`: a key entry's own (leaf) certificate, or a certificate entry's. */
  getCertificate(alias: string): X509Certificate;
  /** {@link KeyStore.getCertificate} followed by its issuers found in the store, leaf first. */
  getCertificateChain(alias: string): X509Certificate[];
  /** Every certificate in the store, named or not (what a trust store trusts). */
  trustedCertificates(): X509Certificate[];
  /** The aliases that hold a private key (a subset of {@link KeyStore.aliases}). */
  keyAliases(): string[];
}

/**
 * Opens the PKCS#12 file `config.path` with `config.password`, verifying its integrity MAC
 * and reading its certificates now (start-up); keys are decrypted when asked for. (A store
 * written with `-nomac` and unencrypted certificates cannot tell a wrong password until a key
 * is asked for.) Throws
 * `POINTE_ERR_CRYPTO_FILE`, `POINTE_ERR_CRYPTO_FORMAT` (not PKCS#12, or an unsupported
 * algorithm) or `POINTE_ERR_CRYPTO_PASSWORD`.
 */
export function loadKeyStore(config: KeyStoreConfig): KeyStore {
  const bytes = readFileOrThrow(config.path, 'key store');
  const where = `key store ${quotePath(config.path)}`;
  rejectOtherFormats(bytes, where);
  let decoded;
  try {
    decoded = decodePfx(bytes, typeof config.password === 'string' ? config.password : '');
  } catch (err) {
    throw asCryptoError(err, where);
  }
  return new Pkcs12KeyStore(config.path, where, buildEntries(decoded.bags, where), decoded.passphrase);
}

class Pkcs12KeyStore implements KeyStore {
  constructor(
    readonly path: string,
    private readonly where: string,
    private readonly contents: Entries,
    private readonly storePassphrase: Passphrase,
  ) {}

  aliases(): string[] {
    return this.contents.entries.map((e) => e.alias);
  }

  getPrivateKey(alias: string, keyPassword?: string): KeyObject {
    const entry = this.keyEntry(alias);
    const where = `key '${entry.alias}' in ${this.where}`;
    if (entry.bag.kind === 'key') return pkcs8PrivateKey(entry.bag.privateKeyInfo, where);
    let der: Buffer;
    try {
      der = decryptPrivateKeyInfo(entry.bag.encryptedPrivateKeyInfo,
        keyPassword === undefined ? this.storePassphrase : passphrase(keyPassword));
    } catch (err) {
      throw asCryptoError(err, where);
    }
    return pkcs8PrivateKey(der, where);
  }

  getCertificate(alias: string): X509Certificate {
    const entry = this.entry(alias);
    if (entry.kind === 'certificate') return entry.certificate;
    if (entry.leaf === undefined) {
      throw new CryptoError(CryptoErrorCode.FORMAT, `key '${entry.alias}' in ${this.where} has no certificate in the store`);
    }
    return entry.leaf;
  }

  getCertificateChain(alias: string): X509Certificate[] {
    return chainOf(this.getCertificate(alias), this.contents.certificates);
  }

  trustedCertificates(): X509Certificate[] {
    return [...this.contents.certificates];
  }

  keyAliases(): string[] {
    return this.contents.entries.filter((e) => e.kind === 'key').map((e) => e.alias);
  }

  private keyEntry(alias: string): KeyEntry {
    const entry = this.entry(alias);
    if (entry.kind !== 'key') {
      throw new CryptoError(CryptoErrorCode.ALIAS,
        `alias '${entry.alias}' in ${this.where} is a certificate entry and holds no private key${this.listKeyAliases()}`);
    }
    return entry;
  }

  private entry(alias: string): Entry {
    const wanted = String(alias).toLowerCase();
    const entry = this.contents.entries.find((e) => e.alias.toLowerCase() === wanted);
    if (entry === undefined) throw new CryptoError(CryptoErrorCode.ALIAS, `${this.where} has no alias '${alias}'; ${this.describeAliases()}`);
    return entry;
  }

  private listKeyAliases(): string {
    const keys = this.keyAliases();
    return keys.length === 0 ? '; the store has no keys' : `; its key aliases: ${keys.map((a) => `'${a}'`).join(', ')}`;
  }

  /** "its aliases: 'a', 'b'", and why some certificates have none. */
  private describeAliases(): string {
    const aliases = this.aliases();
    const list = aliases.length === 0 ? 'it has no aliases' : `its aliases: ${aliases.map((a) => `'${a}'`).join(', ')}`;
    const n = this.contents.unnamedCertificates;
    // openssl/openssl#24315: `openssl pkcs12 -export -nokeys -name x` writes no friendlyName.
    return n === 0 ? list : `${list} (${n} certificate${n === 1 ? ' has' : 's have'} no friendlyName; `
      + 'when exporting certificates without keys, name them with `openssl pkcs12 -export -nokeys -caname <alias>`, '
      + '-name is ignored, or use `keytool -importcert -alias <alias>`)';
  }
}

/** Key store formats users hand over by mistake, with the way out. */
function rejectOtherFormats(bytes: Buffer, where: string): void {
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (magic === 0xfeedfeed || magic === 0xcececece) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where} is a Java ${magic === 0xfeedfeed ? 'JKS' : 'JCEKS'} key store, not PKCS#12; `
      + 'convert it: keytool -importkeystore -srckeystore <file> -destkeystore <file>.p12 -deststoretype pkcs12');
  }
  if (looksLikePem(bytes)) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where} is a PEM file, not PKCS#12 (.p12/.pfx); `
      + 'configure it as a certificate/key file instead, or bundle it: openssl pkcs12 -export');
  }
}

/** The only key alias of `store`, for callers that configure a key store without an alias. */
export function soleKeyAlias(store: KeyStore): string {
  const keys = store.keyAliases();
  if (keys.length === 1) return keys[0]!;
  const why = keys.length === 0 ? 'holds no private key' : `holds ${keys.length} keys (${keys.map((a) => `'${a}'`).join(', ')}); name one with an alias`;
  throw new CryptoError(CryptoErrorCode.ALIAS, `key store ${quotePath(store.path)} ${why}`);
}
