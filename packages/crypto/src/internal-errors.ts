/**
 * The failures the decoding layers (ASN.1, password-based decryption) raise without knowing
 * which file they are reading, and their translation into a `CryptoError` that names it.
 */
import { describeError } from '@pointe/common';
import { CryptoError, CryptoErrorCode } from './errors.js';

/** A structure that is not what its specification says. Becomes `POINTE_ERR_CRYPTO_FORMAT`. */
export class Asn1Error extends Error {}

/** An algorithm Pointe recognises but cannot compute. Becomes `POINTE_ERR_CRYPTO_FORMAT`. */
export class UnsupportedAlgorithm extends Error {}

/**
 * A password did not fit: a PKCS#12 integrity check failed, or password-based decryption
 * produced garbage (bad padding, plaintext that is not DER; with CBC ciphers that is a wrong
 * password or a damaged file). Becomes `POINTE_ERR_CRYPTO_PASSWORD`; its message says which check
 * failed and never holds the password.
 */
export class DecryptFailed extends Error {}

/**
 * `err` as a `CryptoError` about `where` ("key file '/x'"). A `CryptoError` passes through;
 * anything unexpected is reported as a format error, with the original as `cause`.
 */
export function asCryptoError(err: unknown, where: string): CryptoError {
  if (err instanceof CryptoError) return err;
  if (err instanceof DecryptFailed) {
    return new CryptoError(CryptoErrorCode.PASSWORD, `${where}: wrong password (${err.message})`);
  }
  if (err instanceof UnsupportedAlgorithm) {
    return new CryptoError(CryptoErrorCode.FORMAT,
      `${where} uses ${err.message}, which Pointe cannot decrypt; re-export it with AES-256-CBC (the OpenSSL 3 default)`);
  }
  const reason = describeError(err);
  return new CryptoError(CryptoErrorCode.FORMAT, `${where} is malformed: ${reason}`, { cause: err });
}
