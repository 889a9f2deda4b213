/**
 * Every error `@pointe/auth` throws on purpose, each code declared once (like Fastify's
 * lib/errors.js). Configuration mistakes are `ConfigError`s; an LDAP server that cannot answer
 * is an `LdapUnavailableError`. No message ever holds a password or a hash.
 */
import { ConfigError, PointeError, declareCodes } from '@pointe/common';

export { ConfigError };

/** The codes of `@pointe/auth`; each key is its code. */
export const AuthCodes = declareCodes({
  /** The file user store's `[[auth.users]]` can't be used: missing or wrong field, duplicate username, malformed hash. */
  POINTE_ERR_USER_STORE: 'POINTE_ERR_USER_STORE',
  /** The file user store would hold no user: no configuration file found, or none with `[[auth.users]]`. */
  POINTE_ERR_USER_STORE_EMPTY: 'POINTE_ERR_USER_STORE_EMPTY',
  /** A password can't be hashed: empty, unknown algorithm, or too long for bcrypt. */
  POINTE_ERR_PASSWORD_HASH: 'POINTE_ERR_PASSWORD_HASH',
  /** Basic credentials can't be encoded: a username with `:` or a control character. */
  POINTE_ERR_BASIC_CREDENTIALS: 'POINTE_ERR_BASIC_CREDENTIALS',
  /** An `ldapUserStoreConfig` can't work: unknown or missing field, wrong type, bad URL, filter or TLS setting. */
  POINTE_ERR_LDAP_CONFIG: 'POINTE_ERR_LDAP_CONFIG',
  /** The LDAP server can't be used right now: unreachable, timed out, closed the connection, refused the service account. */
  POINTE_ERR_LDAP_UNAVAILABLE: 'POINTE_ERR_LDAP_UNAVAILABLE',
});

/** @deprecated Use {@link AuthCodes} (keyed by the code itself). */
export const AuthErrorCodes = {
  USER_STORE: AuthCodes.POINTE_ERR_USER_STORE,
  USER_STORE_EMPTY: AuthCodes.POINTE_ERR_USER_STORE_EMPTY,
  PASSWORD_HASH: AuthCodes.POINTE_ERR_PASSWORD_HASH,
  BASIC_CREDENTIALS: AuthCodes.POINTE_ERR_BASIC_CREDENTIALS,
  LDAP_CONFIG: AuthCodes.POINTE_ERR_LDAP_CONFIG,
  LDAP_UNAVAILABLE: AuthCodes.POINTE_ERR_LDAP_UNAVAILABLE,
} as const;

/**
 * The LDAP server could not answer (connection refused or lost, timeout, TLS failure, the service
 * account's bind refused, a server-side error). Not a verdict on the credential: wrong
 * credentials are `undefined`, never this. The listener turns it into a failed element (the
 * next element tries, else 401), never a 500. The message names the store and the operation,
 * never a password.
 */
export class LdapUnavailableError extends PointeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(AuthCodes.POINTE_ERR_LDAP_UNAVAILABLE, message, options);
  }
}
