/**
 * The OAuth2 client auth records (`http:OAuth2ClientCredentialsGrantConfig`,
 * `http:OAuth2PasswordGrantConfig`, `http:OAuth2DirectTokenConfig`), with the seed's field
 * names. The grant handlers that use them are not in this version of `@pointe/http`: a
 * `Client` given one of these records throws a `ClientError` saying so. The types are here
 * so a client config written for them type-checks already.
 */
import type { ClientSecureSocket } from '@pointe/crypto';
import { authRecordFields } from './auth-record-fields.js';
import type { ClientHttpVersion } from './http-version.js';

/** The client credentials are sent in the `Authorization` header (RFC 6749 §2.3.1). The default. */
export const AUTH_HEADER_BEARER = 'AUTH_HEADER_BEARER';
/** The client credentials are sent as `client_id`/`client_secret` in the token request body. */
export const POST_BODY_BEARER = 'POST_BODY_BEARER';

/** How the client credentials reach the authorization server. */
export type CredentialBearer = typeof AUTH_HEADER_BEARER | typeof POST_BODY_BEARER;

/** HTTP client configurations used to call the authorization server. */
export interface OAuth2ClientConfig {
  /** The HTTP version of the client. Default `'1.1'`. */
  httpVersion?: ClientHttpVersion;
  /** The custom HTTP headers added to every token request. */
  customHeaders?: Record<string, string>;
  /** Custom payload parameters, form-encoded (`a=1&b=2`), appended to every token request body. */
  customPayload?: string;
  /** The client auth configurations towards the authorization server itself. */
  auth?: OAuth2ClientCredentialsGrantConfig | OAuth2PasswordGrantConfig | OAuth2DirectTokenConfig;
  /** SSL/TLS-related configurations: `disable`, `cert` (file or trust store), `key` (PEM pair or key store). */
  secureSocket?: ClientSecureSocket;
  /** Seconds a token request may take. */
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

const GRANT_COMMON = ['scopes', 'defaultTokenExpTime', 'clockSkew', 'optionalParams', 'credentialBearer', 'clientConfig'] as const;

/** The fields of {@link OAuth2ClientCredentialsGrantConfig}, checked against the type. */
export const OAUTH2_CLIENT_CREDENTIALS_FIELDS = authRecordFields<OAuth2ClientCredentialsGrantConfig>()({
  name: 'OAuth2ClientCredentialsGrantConfig',
  required: ['tokenUrl', 'clientId', 'clientSecret'],
  optional: GRANT_COMMON,
});

/** The fields of {@link OAuth2PasswordGrantConfig}, checked against the type. */
export const OAUTH2_PASSWORD_FIELDS = authRecordFields<OAuth2PasswordGrantConfig>()({
  name: 'OAuth2PasswordGrantConfig',
  required: ['tokenUrl', 'username', 'password'],
  optional: ['clientId', 'clientSecret', 'refreshConfig', ...GRANT_COMMON],
});

/** The fields of {@link OAuth2DirectTokenConfig}, checked against the type. */
export const OAUTH2_DIRECT_TOKEN_FIELDS = authRecordFields<OAuth2DirectTokenConfig>()({
  name: 'OAuth2DirectTokenConfig',
  required: ['refreshUrl', 'refreshToken', 'clientId', 'clientSecret'],
  optional: GRANT_COMMON,
});
