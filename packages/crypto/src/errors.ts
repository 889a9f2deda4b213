/**
 * Every error `@pointe/crypto` throws on purpose, each code declared once (like Fastify's
 * lib/errors.js). Messages name the file (and alias) at fault and the fix; they never contain
 * a password or key material.
 */
import { ConfigError, declareCodes } from '@pointe/common';

/** The codes of {@link CryptoError}; each key is its code. */
export const CryptoCodes = declareCodes({
  /** A file is missing or unreadable; the message names the path and the OS reason. */
  POINTE_ERR_CRYPTO_FILE: 'POINTE_ERR_CRYPTO_FILE',
  /** A file is not a certificate, key or PKCS#12 store, or uses an algorithm Pointe cannot read. */
  POINTE_ERR_CRYPTO_FORMAT: 'POINTE_ERR_CRYPTO_FORMAT',
  /** A password is wrong or missing. The password itself is never printed. */
  POINTE_ERR_CRYPTO_PASSWORD: 'POINTE_ERR_CRYPTO_PASSWORD',
  /** An alias is not in the key store (the message lists the aliases present), or names the wrong kind of entry. */
  POINTE_ERR_CRYPTO_ALIAS: 'POINTE_ERR_CRYPTO_ALIAS',
  /** A private key does not belong to the certificate it is paired with. */
  POINTE_ERR_CRYPTO_KEY_MISMATCH: 'POINTE_ERR_CRYPTO_KEY_MISMATCH',
  /** A `secureSocket` record of the wrong shape: a missing `key`, an unknown field, a value of the wrong type. */
  POINTE_ERR_CRYPTO_TLS_CONFIG: 'POINTE_ERR_CRYPTO_TLS_CONFIG',
});

/** @deprecated Use {@link CryptoCodes} (keyed by the code itself). */
export const CryptoErrorCode = {
  FILE: CryptoCodes.POINTE_ERR_CRYPTO_FILE,
  FORMAT: CryptoCodes.POINTE_ERR_CRYPTO_FORMAT,
  PASSWORD: CryptoCodes.POINTE_ERR_CRYPTO_PASSWORD,
  ALIAS: CryptoCodes.POINTE_ERR_CRYPTO_ALIAS,
  KEY_MISMATCH: CryptoCodes.POINTE_ERR_CRYPTO_KEY_MISMATCH,
  TLS_CONFIG: CryptoCodes.POINTE_ERR_CRYPTO_TLS_CONFIG,
} as const;

/** One of the {@link CryptoCodes}. */
export type CryptoErrorCode = keyof typeof CryptoCodes;

/**
 * A certificate, key or key store that cannot be used. Thrown while loading configuration
 * (start-up), never per request.
 */
export class CryptoError extends ConfigError {
  /** The stable `POINTE_ERR_CRYPTO_*` code. */
  declare readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
