/**
 * Every error `@pointe/auth` throws on purpose, each with a stable `POINTE_ERR_*` code.
 * Declared once here (like Fastify's lib/errors.js). No message ever holds a password or a hash.
 */
import { ConfigError } from '@pointe/common';

export { ConfigError };

/** Stable codes of the auth package. */
export const AuthErrorCodes = {
  /** The file user store's `[[auth.users]]` can't be used: missing or wrong field, duplicate username, malformed hash. */
  USER_STORE: 'POINTE_ERR_USER_STORE',
  /** The file user store would hold no user: no configuration file found, or none with `[[auth.users]]`. */
  USER_STORE_EMPTY: 'POINTE_ERR_USER_STORE_EMPTY',
  /** A password can't be hashed: empty, unknown algorithm, or too long for bcrypt. */
  PASSWORD_HASH: 'POINTE_ERR_PASSWORD_HASH',
  /** Basic credentials can't be encoded: a username with `:` or a control character. */
  BASIC_CREDENTIALS: 'POINTE_ERR_BASIC_CREDENTIALS',
} as const;
