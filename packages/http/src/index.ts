/**
 * `@pointe/http`: everything a service author imports, in one line.
 */
export { Listener, type ListenerConfiguration } from './listener/listener.js';
export type { CertKeyConfig, ClientTlsOptions, ListenerMutualSsl, ListenerSecureSocket, ServerTlsOptions } from '@pointe/crypto';
import type { CertKeyConfig, KeyStoreConfig } from '@pointe/crypto';
/** @deprecated The same record as {@link CertKeyConfig} (`@pointe/crypto`); use that name. */
export type CertKey = CertKeyConfig;
/** @deprecated The same record as {@link CertKeyConfig}; use that name. */
export type ClientCertKey = CertKeyConfig;
/** @deprecated The same record as {@link KeyStoreConfig}; use that name. */
export type ClientKeyStore = KeyStoreConfig;
export { fastifyPointe, type FastifyPointeOptions, type FastifyPointeService } from './listener/fastify-plugin.js';
export {
  Delete, Get, Head, Options, Patch, Post, Put, Resource, ResourceConfig, ServiceConfig, defineService,
  type HttpMethod, type ResourceConfiguration, type ResourceDeclaration, type ResourceDecorator, type ResourceMethod,
  type ScopesOverride, type ServiceConfiguration, type ServiceDeclaration, type ServiceDecorator,
} from './decorators/index.js';
export type {
  FileUserStoreConfig, FileUserStoreConfigWithScopes, JwtValidatorConfigWithScopes, ListenerAuthConfig, ListenerAuthRecords,
  LdapUserStoreConfigWithScopes, OAuth2IntrospectionClientConfig, OAuth2IntrospectionConfig, OAuth2IntrospectionConfigWithScopes,
  PointeRequest, Principal, RequestContext, Scopes, ScopesConfig,
} from './listener/types.js';
export {
  Forbidden, ListenerAuthHandler, ListenerFileUserStoreBasicAuthHandler, ListenerJwtAuthHandler, ListenerOAuth2Handler, Unauthorized,
  type AuthInput,
} from './listener/auth-handlers.js';
export { ListenerLdapUserStoreBasicAuthHandler } from './listener/ldap-auth-handler.js';
export type { LdapUserStoreConfig } from '@pointe/auth';
export {
  OAuth2ConfigError, OAuth2ErrorCode, OAuth2ServerError, OAuth2TokenRejectedError,
  type OAuth2BasicAuthConfig, type OAuth2BearerAuthConfig, type OAuth2ClientAuthConfig, type OAuth2HttpVersion,
  type OAuth2IntrospectionCacheConfig,
} from '@pointe/oauth2';
export {
  registerAuthMechanism, type AuthContext, type AuthLog, type AuthMechanism, type AuthProvider, type AuthScheme, type ConfigLocation,
} from './listener/auth-provider.js';
export {
  LoginThrottle, MemoryLoginAttemptStore, DEFAULT_LOGIN_MAX_FAILURES, DEFAULT_LOGIN_WINDOW_SECONDS,
  type LoginAttemptStore, type LoginThrottleConfig,
} from './listener/login-throttle.js';
export { processVerificationQueue } from './listener/verification-slots.js';
export { Refused, VerificationQueue, type RefusalReason, type ScheduleVerification, type VerificationQueueOptions } from '@pointe/common';
export { parseAuthorization, type Credential } from './listener/authorization-header.js';
export {
  AuthCodes, ClientAuthError, ClientCodes, ClientError, ClientErrorCodes, ConfigCodes, ConfigError, CryptoCodes, CryptoError, HttpError,
  JwksUnavailableError, JwtCodes, JwtIssueError, JwtValidationError, ListenerCodes, ListenerError, ListenerErrorCodes, PointeError,
} from './errors.js';
export type { KeyStoreConfig } from '@pointe/crypto';
export * from './client/index.js';
export {
  EdDSA, ES256, ES384, ES512, HS256, HS384, HS512, PS256, PS384, PS512, RS256, RS384, RS512,
  type JwksClientConfig, type JwksConfig, type JwtCacheConfig, type JwtIssuerConfig, type JwtPayload, type JwtValidatorConfig,
  type KeyStoreFile, type SigningAlgorithm, type ValidatorSignatureConfig,
} from '@pointe/jwt';
