/**
 * `@pointe/http`: everything a service author imports, in one line.
 */
export { Listener, type ListenerConfiguration } from './listener/listener.js';
export { fastifyPointe, type FastifyPointeOptions, type FastifyPointeService } from './listener/fastify-plugin.js';
// Listener auth mechanisms beyond the file user store register themselves on import.
import './listener/mechanisms/jwt.js';
export type { CertKey, ListenerMutualSsl, ListenerSecureSocket } from './listener/tls.js';
export {
  Delete, Get, Head, Options, Patch, Post, Put, Resource, ResourceConfig, ServiceConfig, defineService,
  type HttpMethod, type ResourceConfiguration, type ResourceDeclaration, type ResourceDecorator, type ResourceMethod,
  type ScopesOverride, type ServiceConfiguration, type ServiceDeclaration, type ServiceDecorator,
} from './decorators/index.js';
export type {
  FileUserStoreConfig, FileUserStoreConfigWithScopes, JwtValidatorConfigWithScopes, ListenerAuthConfig, ListenerAuthRecords,
  PointeRequest, Principal, RequestContext, Scopes, ScopesConfig,
} from './listener/types.js';
export {
  Forbidden, ListenerAuthHandler, ListenerFileUserStoreBasicAuthHandler, ListenerJwtAuthHandler, Unauthorized, type AuthInput,
} from './listener/handlers.js';
export {
  registerAuthMechanism, type AuthLog, type AuthMechanism, type AuthProvider, type AuthScheme, type ConfigLocation,
} from './listener/auth-provider.js';
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
