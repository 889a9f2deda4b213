/**
 * Reading a private key (the HTTPS listener's TLS key, the HTTP client's client-certificate
 * key, a JWT signing key) from PEM or DER: PKCS#8, PKCS#1 (`RSA PRIVATE KEY`), SEC1
 * (`EC PRIVATE KEY`), encrypted PKCS#8 and legacy OpenSSL-encrypted PEM (`Proc-Type: 4,ENCRYPTED`).
 */
import { type KeyObject, createDecipheriv, createPrivateKey, getCipherInfo } from 'node:crypto';
import { decode } from './asn1.js';
import { CryptoError, CryptoErrorCode } from './errors.js';
import { asCryptoError } from './internal-errors.js';
import { decryptPrivateKeyInfo, isEncryptedPrivateKeyInfo } from './pbe/encrypted-private-key-info.js';
import { passphrase } from './pbe/passphrase.js';
import { type PemBlock, describeLabels, looksLikePem, parsePem } from './pem.js';
import { quotePath, readFileOrThrow } from './read-file.js';

const KEY_LABELS: ReadonlySet<string> = new Set([
  'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY',
]);

/**
 * The private key in `path`: the first private key block of a PEM file (a certificate in the
 * same file is skipped), or a DER PKCS#8 / encrypted PKCS#8 / PKCS#1 / SEC1 key. `password`
 * decrypts an encrypted key and is ignored for a plain one. Throws `POINTE_ERR_CRYPTO_PASSWORD`
 * when an encrypted key has no or the wrong password, `POINTE_ERR_CRYPTO_FORMAT` when the file
 * holds no private key.
 */
export function loadPrivateKey(path: string, password?: string): KeyObject {
  const bytes = readFileOrThrow(path, 'private key file');
  const where = `private key file ${quotePath(path)}`;
  if (!looksLikePem(bytes)) return derPrivateKey(bytes, where, password);
  const blocks = parsePem(bytes.toString('utf8'), where);
  const block = blocks.find((b) => KEY_LABELS.has(b.label));
  if (block === undefined) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where} holds no private key block (${describeLabels(blocks)})`);
  }
  if (block.label === 'ENCRYPTED PRIVATE KEY') return encryptedPkcs8(block.der, where, password);
  if (block.headers.get('Proc-Type')?.includes('ENCRYPTED')) return legacyEncryptedPem(block, where, password);
  try {
    return createPrivateKey({ key: block.text, format: 'pem' });
  } catch (err) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where}: its ${block.label} block cannot be read`, { cause: err });
  }
}

/** A PKCS#8 PrivateKeyInfo (DER) as a KeyObject. */
export function pkcs8PrivateKey(der: Buffer, where: string): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where}: the private key cannot be read (unsupported key type?)`, { cause: err });
  }
}

function encryptedPkcs8(der: Buffer, where: string, password: string | undefined): KeyObject {
  const pw = requirePassword(password, where);
  let plain: Buffer;
  try {
    plain = decryptPrivateKeyInfo(decode(der), passphrase(pw));
  } catch (err) {
    throw asCryptoError(err, where);
  }
  return pkcs8PrivateKey(plain, where);
}

/**
 * OpenSSL's traditional encryption (RFC 1421 headers, key from EVP_BytesToKey). It has no
 * integrity check, so once the cipher is known to be available any failure is the password.
 */
function legacyEncryptedPem(block: PemBlock, where: string, password: string | undefined): KeyObject {
  const pw = requirePassword(password, where);
  const cipher = block.headers.get('DEK-Info')?.split(',')[0]?.trim().toLowerCase() ?? '';
  if (!cipherUsable(cipher)) {
    throw new CryptoError(CryptoErrorCode.FORMAT,
      `${where} is encrypted with ${cipher || 'an unnamed cipher'}, which this Node.js cannot decrypt; `
      + 're-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc');
  }
  try {
    return createPrivateKey({ key: block.text, format: 'pem', passphrase: pw });
  } catch {
    throw new CryptoError(CryptoErrorCode.PASSWORD, `${where} cannot be decrypted: the password is wrong`);
  }
}

function derPrivateKey(bytes: Buffer, where: string, password: string | undefined): KeyObject {
  if (isEncryptedPrivateKeyInfo(bytes)) return encryptedPkcs8(bytes, where, password);
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: bytes, format: 'der', type });
    } catch { /* next form */ }
  }
  throw new CryptoError(CryptoErrorCode.FORMAT, `${where} is neither PEM nor a DER private key`);
}

function requirePassword(password: string | undefined, where: string): string {
  if (typeof password !== 'string') {
    throw new CryptoError(CryptoErrorCode.PASSWORD, `${where} is encrypted; give its password`);
  }
  return password;
}

/** Whether node:crypto can run `cipher` (OpenSSL 3 keeps DES, RC2, Blowfish… in an unloaded provider). */
function cipherUsable(cipher: string): boolean {
  const info = cipher === '' ? undefined : getCipherInfo(cipher);
  if (info === undefined) return false;
  try {
    createDecipheriv(cipher, Buffer.alloc(info.keyLength), info.ivLength === undefined ? null : Buffer.alloc(info.ivLength));
    return true;
  } catch {
    return false;
  }
}
