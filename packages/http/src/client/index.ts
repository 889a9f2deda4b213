/** The HTTP client of `@pointe/http`: `Client`, its config records, and the client auth handlers. */
export { Client, type RequestOptions } from './client.js';
export { Response } from './response.js';
export type { RequestBody } from './request-body.js';
export type {
  BearerTokenConfig,
  ClientAuthConfig,
  ClientConfiguration,
  ClientHttpVersion,
  ClientSecureSocket,
  CredentialsConfig,
} from './config.js';
export {
  AUTH_HEADER_BEARER,
  POST_BODY_BEARER,
  type CredentialBearer,
  type OAuth2ClientConfig,
  type OAuth2ClientCredentialsGrantConfig,
  type OAuth2DirectTokenConfig,
  type OAuth2GrantConfig,
  type OAuth2PasswordGrantConfig,
  type OAuth2RefreshConfig,
} from './oauth2-config.js';
export type { ClientAuthHandler, ClientAuthRequest } from './auth-handler.js';
export { ClientBasicAuthHandler } from './basic-auth-handler.js';
export { ClientBearerTokenAuthHandler } from './bearer-token-auth-handler.js';
export { ClientSelfSignedJwtAuthHandler } from './self-signed-jwt-auth-handler.js';
export { ClientOAuth2Error, ClientOAuth2Handler, type OAuth2ClientAuthErrorDetails } from './oauth2-auth-handler.js';
