/**
 * Every error `@pointe/auth` throws on purpose, each code declared once (like Fastify's
 * lib/errors.js). All are `ConfigError`s. No message ever holds a password or a hash.
 */
import { ConfigError, declareCodes } from '@pointe/common';

export { ConfigError };

/** The codes of `@pointe/auth`; each key is its code. */
export const AuthCodes = declareCodes({
  /** The file user store's `[[auth.users]]` can't be used: missing or wrong field, duplicate username, malformed hash. */
  POINTE_ERR_USER_STORE: 'POINTE_ERR_USER_STORE',
  /** A password can't be hashed: empty, unknown algorithm, or too long for bcrypt. */
  POINTE_ERR_PASSWORD_HASH: 'POINTE_ERR_PASSWORD_HASH',
  /** Basic credentials can't be encoded: a username with `:` or a control character. */
  POINTE_ERR_BASIC_CREDENTIALS: 'POINTE_ERR_BASIC_CREDENTIALS',
});

/** @deprecated Use {@link AuthCodes} (keyed by the code itself). */
export const AuthErrorCodes = {
  USER_STORE: AuthCodes.POINTE_ERR_USER_STORE,
  PASSWORD_HASH: AuthCodes.POINTE_ERR_PASSWORD_HASH,
  BASIC_CREDENTIALS: AuthCodes.POINTE_ERR_BASIC_CREDENTIALS,
} as const;
