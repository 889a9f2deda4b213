/**
 * Every error `@pointe/crypto` throws on purpose, each with a stable `POINTE_ERR_CRYPTO_*` code,
 * declared once here (like Fastify's lib/errors.js). Messages name the file (and alias) at fault
 * and the fix; they never contain a password or key material.
 */
import { ConfigError } from '@pointe/common';

/** The stable codes of {@link CryptoError}: match on these, not on messages. */
export const CryptoErrorCode = {
  /** A file is missing or unreadable; the message names the path and the OS reason. */
  FILE: 'POINTE_ERR_CRYPTO_FILE',
  /** A file is not a certificate, key or PKCS#12 store, or uses an algorithm Pointe cannot read. */
  FORMAT: 'POINTE_ERR_CRYPTO_FORMAT',
  /** A password is wrong or missing. The password itself is never printed. */
  PASSWORD: 'POINTE_ERR_CRYPTO_PASSWORD',
  /** An alias is not in the key store (the message lists the aliases present), or names the wrong kind of entry. */
  ALIAS: 'POINTE_ERR_CRYPTO_ALIAS',
  /** A private key does not belong to the certificate it is paired with. */
  KEY_MISMATCH: 'POINTE_ERR_CRYPTO_KEY_MISMATCH',
  /** A `secureSocket` record of the wrong shape: a missing `key`, an unknown field, a value of the wrong type. */
  TLS_CONFIG: 'POINTE_ERR_CRYPTO_TLS_CONFIG',
} as const;

/** One of the {@link CryptoErrorCode} values. */
export type CryptoErrorCode = (typeof CryptoErrorCode)[keyof typeof CryptoErrorCode];

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

