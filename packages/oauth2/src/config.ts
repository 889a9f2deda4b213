/**
 * The OAuth2 config records, with the seed's field names: the listener's
 * `OAuth2IntrospectionConfig` (`http:OAuth2IntrospectionConfig`) and the client's three grant
 * records (`http:OAuth2ClientCredentialsGrantConfig`, `http:OAuth2PasswordGrantConfig`,
 * `http:OAuth2DirectTokenConfig`). `@pointe/http` re-exports them. Their checks are in
 * `check-config.ts`, run at construction.
 */
import type { ClientSecureSocket } from '@pointe/crypto';

/** The client credentials are sent in the `Authorization` header (RFC 6749 §2.3.1). The default. */
export const AUTH_HEADER_BEARER = 'AUTH_HEADER_BEARER';
/** The client credentials are sent as `client_id`/`client_secret` in the token request body. */
export const POST_BODY_BEARER = 'POST_BODY_BEARER';

/** How the client credentials reach the authorization server. */
export type CredentialBearer = typeof AUTH_HEADER_BEARER | typeof POST_BODY_BEARER;

/**
 * The HTTP version towards the authorization server. `'2'` is negotiated by ALPN over TLS
 * (falling back to 1.1 when the server does not offer h2); over plain `http:` it is 1.1.
 */
export type OAuth2HttpVersion = '1.1' | '2';

/** Basic authentication towards the authorization server (`http:CredentialsConfig`). */
export interface OAuth2BasicAuthConfig {
  /** The username for Basic authentication. Must not contain `:` (RFC 7617 §2). */
  username: string;
  /** The password for Basic authentication. */
  password: string;
}

/** A fixed bearer token towards the authorization server (`http:BearerTokenConfig`). */
export interface OAuth2BearerAuthConfig {
  /** Bearer token for authentication, sent as `Authorization: Bearer <token>`. */
  token: string;
}

/** An OAuth2 grant record: the client obtains its own token from another endpoint. */
export type OAuth2GrantConfig = OAuth2ClientCredentialsGrantConfig | OAuth2PasswordGrantConfig | OAuth2DirectTokenConfig;

/** How a client authenticates to the introspection endpoint (`clientConfig.auth`). */
export type OAuth2ClientAuthConfig = OAuth2BasicAuthConfig | OAuth2BearerAuthConfig | OAuth2GrantConfig;

/** HTTP client configurations used to call the authorization server. */
export interface OAuth2ClientConfig {
  /** The HTTP version of the client. Default `'1.1'`. */
  httpVersion?: OAuth2HttpVersion;
  /** The custom HTTP headers added to every token request. */
  customHeaders?: Record<string, string>;
  /** Custom payload parameters, form-encoded (`a=1&b=2`), appended to every token request body. */
  customPayload?: string;
  /** The client auth configurations towards the authorization server itself. */
  auth?: OAuth2ClientCredentialsGrantConfig | OAuth2PasswordGrantConfig | OAuth2DirectTokenConfig;
  /** SSL/TLS-related configurations: `disable`, `cert` (file or trust store), `key` (PEM pair or key store). */
  secureSocket?: ClientSecureSocket;
  /** Seconds a token request may take: connecting, waiting for the answer and reading it. Default 10. */
  timeout?: number;
}

/** Fields every OAuth2 grant record has. */
interface OAuth2GrantCommon {
  /** Scope(s) of the access request (sent joined by spaces). */
  scopes?: string | string[];
  /**
   * Expiration time (in seconds) of the tokens if the authorization server response does
   * not contain an `expires_in` field.
   */
  defaultTokenExpTime?: number;
  /**
   * Clock skew (in seconds) that can be used to avoid token validation failures due to
   * clock synchronization problems: a token is renewed this long before it expires.
   */
  clockSkew?: number;
  /** Map of optional parameters to be used for the authorization endpoint. */
  optionalParams?: Record<string, string>;
  /** Bearer of the authentication credentials, which is sent to the authorization endpoint. Default `AUTH_HEADER_BEARER`. */
  credentialBearer?: CredentialBearer;
  /** HTTP client configurations, which are used to call the authorization endpoint. */
  clientConfig?: OAuth2ClientConfig;
}

/** OAuth2 client credentials grant (RFC 6749 §4.4). */
export interface OAuth2ClientCredentialsGrantConfig extends OAuth2GrantCommon {
  /** Token URL for the authorization endpoint. */
  tokenUrl: string;
  /** Client ID for the client credentials grant authentication. */
  clientId: string;
  /** Client secret for the client credentials grant authentication. */
  clientSecret: string;
}

/** How the access token of a password grant is refreshed (RFC 6749 §6). */
export interface OAuth2RefreshConfig {
  /** Refresh token URL for the refresh token server. */
  refreshUrl: string;
  /** Scope(s) of the access request. */
  scopes?: string | string[];
  /** Map of optional parameters to be used for the authorization endpoint. */
  optionalParams?: Record<string, string>;
  /** Bearer of the authentication credentials, which is sent to the authorization endpoint. */
  credentialBearer?: CredentialBearer;
  /** HTTP client configurations, which are used to call the authorization endpoint. */
  clientConfig?: OAuth2ClientConfig;
}

/** OAuth2 resource owner password credentials grant (RFC 6749 §4.3). */
export interface OAuth2PasswordGrantConfig extends OAuth2GrantCommon {
  /** Token URL for the authorization endpoint. */
  tokenUrl: string;
  /** Username for the password grant authentication. */
  username: string;
  /** Password for the password grant authentication. */
  password: string;
  /** Client ID for the password grant authentication. */
  clientId?: string;
  /** Client secret for the password grant authentication. */
  clientSecret?: string;
  /** Configurations for refreshing the access token. */
  refreshConfig?: OAuth2RefreshConfig;
}

/** OAuth2 direct token: start from a refresh token given by hand, refreshed internally (RFC 6749 §6). */
export interface OAuth2DirectTokenConfig extends OAuth2GrantCommon {
  /** Refresh token URL for the refresh token server. */
  refreshUrl: string;
  /** Refresh token for the refresh token server. */
  refreshToken: string;
  /** Client ID for authentication against the authorization endpoint. */
  clientId: string;
  /** Client secret for authentication against the authorization endpoint. */
  clientSecret: string;
}

/** The cache of introspection responses (`cacheConfig`). */
export interface OAuth2IntrospectionCacheConfig {
  /** The most responses kept; the least recently used is evicted first. Default 1000. */
  capacity?: number;
  /** Seconds a response may be cached at most, whatever its `exp`. Default: until `exp`. */
  defaultMaxAge?: number;
}

/** HTTP client configurations, which call the introspection server. */
export interface OAuth2IntrospectionClientConfig {
  /** The HTTP version of the client. Default `'1.1'`. */
  httpVersion?: OAuth2HttpVersion;
  /**
   * The custom HTTP headers added to every introspection request. An `Authorization`
   * header here authenticates the resource server when `auth` is not set.
   */
  customHeaders?: Record<string, string>;
  /** Custom payload parameters, form-encoded (`a=1&b=2`), appended to every introspection request body. */
  customPayload?: string;
  /**
   * The client auth configurations: Basic `{ username, password }`, Bearer `{ token }`, or
   * an OAuth2 grant record (the resource server obtains its own token first).
   */
  auth?: OAuth2ClientAuthConfig;
  /** SSL/TLS-related configurations: `disable`, `cert` (file or trust store), `key` (PEM pair or key store). */
  secureSocket?: ClientSecureSocket;
  /** Seconds an introspection request may take: connecting, waiting for the answer and reading it. Default 10. */
  timeout?: number;
}

/** RFC 7662 token introspection (`http:OAuth2IntrospectionConfig`). */
export interface OAuth2IntrospectionConfig {
  /** URL of the introspection server. `https:`, or `http:` to a loopback address only. */
  url: string;
  /** A hint about the type of the token submitted for introspection (`token_type_hint`, e.g. `access_token`). */
  tokenTypeHint?: string;
  /** The key of the introspection response claim that holds the scopes (a space-separated string or an array). Default `'scope'`. */
  scopeKey?: string;
  /** Map of optional parameters used for the introspection endpoint. */
  optionalParams?: Record<string, string>;
  /** Configurations for the cache used to store the introspection responses. Unset: responses are not cached. */
  cacheConfig?: OAuth2IntrospectionCacheConfig;
  /** Expiration time (in seconds) of the tokens if the introspection response does not contain an `exp` field. Default 3600. */
  defaultTokenExpTime?: number;
  /** HTTP client configurations, which call the introspection server. */
  clientConfig?: OAuth2IntrospectionClientConfig;
}
