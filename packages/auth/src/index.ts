/**
 * `@pointe/auth`: Basic credentials, password hashing and verification, the file user store and the LDAP user store.
 */
export { parseBasicCredentials, encodeBasicCredentials, MAX_BASIC_TOKEN_LENGTH, type BasicCredentials } from './basic-credentials.js';
export {
  hashPassword,
  PASSWORD_HASH_ALGORITHMS,
  ARGON2ID_PARAMETERS,
  BCRYPT_COST,
  type PasswordHashAlgorithm,
  type HashPasswordOptions,
} from './password/hash.js';
export { SCRYPT_DEFAULTS } from './password/scrypt.js';
export { verifyPassword, type PasswordVerifier } from './password/verify.js';
export { passwordSchemeOf, inspectStoredPassword, type PasswordScheme, type StoredPasswordInfo } from './password/scheme.js';
export {
  FileUserStore,
  DEFAULT_CACHE_CAPACITY,
  DEFAULT_CACHE_TTL_MS,
  type AuthenticatedUser,
  type FileUserStoreOptions,
  type FileUserStoreLoadOptions,
} from './user-store/file-user-store.js';
export { normalizeUsername, type UserEntry } from './user-store/user-entries.js';
export { AuthCodes, AuthErrorCodes, ConfigError, LdapUnavailableError } from './errors.js';
// The user store reads its files through @pointe/config: its codes are this package's too.
export { ConfigCodes } from '@pointe/config';
export { type LdapUserStoreConfig, checkLdapUserStoreConfig } from './ldap-config.js';
export { LdapUserStore, LDAP_NEEDS_SERVER, LDAP_DEFAULTS, type LdapUserStoreOptions } from './ldap-user-store.js';
export { escapeFilterValue } from './ldap-filter.js';
