/**
 * The configuration records of the `Client`, with the seed's field names
 * (`http:ClientConfiguration`, `http:CredentialsConfig`, `http:BearerTokenConfig`...) so a
 * Ballerina client config moves over by braces.
 */
import type { ClientSecureSocket } from '@pointe/crypto';
import type { JwtIssuerConfig } from '@pointe/jwt';
import type { ClientAuthHandler } from './auth-handler.js';
import { authRecordFields } from './auth-record-fields.js';
import type { ClientHttpVersion } from './http-version.js';
import type {
  OAuth2ClientCredentialsGrantConfig,
  OAuth2DirectTokenConfig,
  OAuth2PasswordGrantConfig,
} from './oauth2-config.js';

export type { ClientSecureSocket } from '@pointe/crypto';

/** Basic auth credentials (`http:CredentialsConfig`). */
export interface CredentialsConfig {
  /** The username for Basic authentication. Must not contain `:` (RFC 7617 §2). */
  username: string;
  /** The password for Basic authentication. */
  password: string;
}

/** The fields of {@link CredentialsConfig}, checked against the type. */
export const CREDENTIALS_FIELDS = authRecordFields<CredentialsConfig>()({ name: 'CredentialsConfig', required: ['username', 'password'], optional: [] });

/** A bearer token sent as is (`http:BearerTokenConfig`). */
export interface BearerTokenConfig {
  /** Bearer token for authentication, sent as `Authorization: Bearer <token>`. */
  token: string;
}

/** The fields of {@link BearerTokenConfig}, checked against the type. */
export const BEARER_TOKEN_FIELDS = authRecordFields<BearerTokenConfig>()({ name: 'BearerTokenConfig', required: ['token'], optional: [] });

/** The fields of `@pointe/jwt`'s `JwtIssuerConfig` as a client auth record (self-signed JWT), checked against the type. */
export const JWT_ISSUER_FIELDS = authRecordFields<JwtIssuerConfig>()({
  name: 'JwtIssuerConfig',
  required: ['signatureConfig'],
  optional: ['username', 'issuer', 'audience', 'jwtId', 'keyId', 'customClaims', 'expTime'],
});

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type AnyAuthRecord =
  | CredentialsConfig
  | BearerTokenConfig
  | JwtIssuerConfig
  | OAuth2ClientCredentialsGrantConfig
  | OAuth2PasswordGrantConfig
  | OAuth2DirectTokenConfig;
/**
 * `T` with every field of the other auth records forbidden, so that an object mixing two
 * records (`{ token, username, password }`) is a compile error in the user's editor, not
 * only a `ClientError` when the client is built.
 */
type Only<T> = T & { [K in Exclude<KeysOfUnion<AnyAuthRecord>, keyof T>]?: never };

/**
 * The client auth configurations: exactly one of the six records, told apart by their
 * fields (`token` → Bearer, `signatureConfig` → self-signed JWT, `tokenUrl` → OAuth2 grant...).
 */
export type ClientAuthConfig =
  | Only<CredentialsConfig>
  | Only<BearerTokenConfig>
  | Only<JwtIssuerConfig>
  | Only<OAuth2ClientCredentialsGrantConfig>
  | Only<OAuth2PasswordGrantConfig>
  | Only<OAuth2DirectTokenConfig>;

export type { ClientHttpVersion } from './http-version.js';

/** Configurations of the `Client` (`http:ClientConfiguration`). */
export interface ClientConfiguration {
  /**
   * The client auth configurations: one of the auth records, or an auth handler object
   * (one of the `Client*AuthHandler` classes, or your own `ClientAuthHandler`).
   */
  auth?: ClientAuthConfig | ClientAuthHandler;
  /** SSL/TLS-related configurations (used for `https:` URLs). */
  secureSocket?: ClientSecureSocket;
  /**
   * The HTTP version of the client. `'2'` offers HTTP/2 in the TLS handshake (ALPN) and
   * falls back to HTTP/1.1 when the server does not take it; it needs an `https:` URL.
   * Default `'1.1'`.
   */
  httpVersion?: ClientHttpVersion;
  /**
   * Seconds one call may take: connecting, waiting for the response and reading its body
   * (each attempt, when a 401 is retried). A call that takes longer rejects with a
   * `ClientError`. Obtaining credentials is bounded by the auth handler. Default 30.
   */
  timeout?: number;
  /** Headers added to every request. A request's own `headers` override them. */
  customHeaders?: Record<string, string>;
  /**
   * The largest response body accepted, in bytes: a response is read whole into memory, so a
   * server (or anyone in its place) must not be able to exhaust it. A larger body rejects the
   * call with a `ClientError`. Default 64 MiB; `-1` removes the limit.
   */
  maxResponseSize?: number;
}
