/**
 * `@pointe/http`: everything a service author imports, in one line.
 */
export { Listener, type ListenerConfiguration } from './listener/listener.js';
// Listener auth mechanisms beyond the file user store register themselves on import.
import './listener/mechanisms/jwt.js';
import './listener/mechanisms/ldap-user-store.js';
export type { CertKeyConfig, ClientTlsOptions, ListenerMutualSsl, ListenerSecureSocket, ServerTlsOptions } from '@pointe/crypto';
export {
  Delete, Get, Head, Options, Patch, Post, Put, Resource, ResourceConfig, ServiceConfig,
  type HttpMethod, type ResourceConfiguration, type ResourceMethod, type ScopesOverride, type ServiceConfiguration,
} from './decorators/index.js';
export type {
  FileUserStoreConfig, FileUserStoreConfigWithScopes, JwtValidatorConfigWithScopes, ListenerAuthConfig, ListenerAuthRecords,
  LdapUserStoreConfigWithScopes,
  PointeRequest, Principal, RequestContext, Scopes, ScopesConfig,
} from './listener/types.js';
export {
  Forbidden, ListenerAuthHandler, ListenerFileUserStoreBasicAuthHandler, ListenerJwtAuthHandler, Unauthorized, type AuthInput,
} from './listener/handlers.js';
export { ListenerLdapUserStoreBasicAuthHandler } from './listener/ldap-auth-handler.js';
export type { LdapUserStoreConfig } from '@pointe/auth';
export {
  registerAuthMechanism, type AuthContext, type AuthLog, type AuthMechanism, type AuthProvider, type AuthScheme, type ConfigLocation,
} from './listener/auth-provider.js';
export {
  LoginThrottle, MemoryLoginAttemptStore, DEFAULT_LOGIN_MAX_FAILURES, DEFAULT_LOGIN_WINDOW_SECONDS,
  type LoginAttemptStore, type LoginThrottleConfig,
} from './listener/login-throttle.js';
export { processVerificationQueue } from './listener/verification-slots.js';
export { Refused, VerificationQueue, type RefusalReason, type ScheduleVerification, type VerificationQueueOptions } from '@pointe/common';
export { parseAuthorization, type Credential } from './listener/credential.js';
export {
  ClientAuthError, ClientError, ClientErrorCodes, ConfigError, HttpError, ListenerErrorCodes, PointeError,
} from './errors.js';
export type { KeyStoreConfig } from '@pointe/crypto';
export * from './client/index.js';
export {
  EdDSA, ES256, ES384, ES512, HS256, HS384, HS512, PS256, PS384, PS512, RS256, RS384, RS512,
  type JwksClientConfig, type JwksConfig, type JwtCacheConfig, type JwtIssuerConfig, type JwtPayload, type JwtValidatorConfig,
  type KeyStoreFile, type SigningAlgorithm, type ValidatorSignatureConfig,
} from '@pointe/jwt';
