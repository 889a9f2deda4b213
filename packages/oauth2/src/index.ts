/**
 * `@pointe/oauth2`: OAuth2 for Pointe, as Ballerina's `ballerina/oauth2` provides it.
 * Listener side: RFC 7662 token introspection (`OAuth2IntrospectionValidator`). Client side:
 * the client credentials, password and direct-token grants behind a token cache
 * (`createTokenManager`). Config errors are `OAuth2ConfigError`s at construction; a token
 * that is not good is an `OAuth2TokenRejectedError`; a server that failed or refused is an
 * `OAuth2ServerError` with the HTTP status and the OAuth2 `error`.
 */
export {
  AUTH_HEADER_BEARER,
  POST_BODY_BEARER,
  type CredentialBearer,
  type OAuth2BasicAuthConfig,
  type OAuth2BearerAuthConfig,
  type OAuth2ClientAuthConfig,
  type OAuth2ClientConfig,
  type OAuth2ClientCredentialsGrantConfig,
  type OAuth2DirectTokenConfig,
  type OAuth2GrantConfig,
  type OAuth2HttpVersion,
  type OAuth2IntrospectionCacheConfig,
  type OAuth2IntrospectionClientConfig,
  type OAuth2IntrospectionConfig,
  type OAuth2PasswordGrantConfig,
  type OAuth2RefreshConfig,
} from './config.js';
export {
  OAuth2ConfigError,
  OAuth2ErrorCode,
  OAuth2ServerError,
  OAuth2TokenRejectedError,
  type OAuth2ServerErrorOptions,
} from './errors.js';
export { type IntrospectionResult, MAX_TOKEN_LENGTH } from './introspect.js';
export type { OAuth2ClientAuthHandler } from './endpoint-client.js';
export {
  OAuth2IntrospectionValidator,
  type IntrospectionSchedule,
  type IntrospectionValidatorOptions,
} from './introspection-validator.js';
export { TokenManager, createTokenManager, type GrantFlow, type TokenTiming } from './token-manager.js';
export { MAX_RESPONSE_BYTES } from './transport.js';
export { grantKind } from './check-config.js';
