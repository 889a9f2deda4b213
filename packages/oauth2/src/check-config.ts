/**
 * The checks of the records in `config.ts`, run once at construction: unknown fields,
 * types, URLs, durations. Each failure is an `OAuth2ConfigError` naming the field and the
 * fix, so a mistake fails `attach()`/`start()`/`new Client()`, never the first request.
 * The output is the normalized settings the transport, grants and introspection use.
 */
import type { ClientSecureSocket } from '@pointe/crypto';
import {
  AUTH_HEADER_BEARER,
  POST_BODY_BEARER,
  type CredentialBearer,
  type OAuth2BasicAuthConfig,
  type OAuth2BearerAuthConfig,
  type OAuth2ClientCredentialsGrantConfig,
  type OAuth2DirectTokenConfig,
  type OAuth2GrantConfig,
  type OAuth2HttpVersion,
  type OAuth2IntrospectionConfig,
  type OAuth2PasswordGrantConfig,
} from './config.js';
import { configError } from './errors.js';
import { endpointUrl, knownFields, optionalString, positiveInteger, requireRecord, requireString, seconds, stringMap } from './check-values.js';

/** Default `clientConfig.timeout`, seconds. */
export const DEFAULT_TIMEOUT_S = 10;
/** Default `defaultTokenExpTime`, seconds (the seed's). */
export const DEFAULT_TOKEN_EXP_TIME_S = 3600;
/** Default `cacheConfig.capacity`. */
export const DEFAULT_CACHE_CAPACITY = 1000;

/** A `clientConfig`, checked. */
export interface ClientSettings {
  httpVersion: OAuth2HttpVersion;
  /** Custom headers, names lower-cased. */
  headers: Array<[string, string]>;
  /** `customPayload`, parsed into pairs (re-encoded when sent, so it cannot break the form). */
  payload: Array<[string, string]>;
  auth: AuthSettings | undefined;
  secureSocket: ClientSecureSocket | undefined;
  timeoutMs: number;
  /** The config path, for messages. */
  field: string;
}

export type AuthSettings =
  | { kind: 'basic'; config: OAuth2BasicAuthConfig }
  | { kind: 'bearer'; config: OAuth2BearerAuthConfig }
  | { kind: 'grant'; grant: GrantSettings };

/** What a token request authenticates with. */
export interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
  credentialBearer: CredentialBearer;
}

/** A refresh-token request's endpoint and parameters. */
export interface RefreshSettings {
  url: URL;
  scopes: string | undefined;
  optionalParams: Array<[string, string]>;
  credentials: ClientCredentials;
  client: ClientSettings;
}

interface GrantCommon {
  scopes: string | undefined;
  defaultTokenExpTimeS: number;
  clockSkewS: number;
  optionalParams: Array<[string, string]>;
  credentials: ClientCredentials;
  client: ClientSettings;
  field: string;
}

export type GrantSettings =
  | (GrantCommon & { kind: 'client_credentials'; tokenUrl: URL })
  | (GrantCommon & { kind: 'password'; tokenUrl: URL; username: string; password: string; refresh: RefreshSettings | undefined })
  | (GrantCommon & { kind: 'direct_token'; refreshUrl: URL; refreshToken: string });

const GRANT_COMMON = ['scopes', 'defaultTokenExpTime', 'clockSkew', 'optionalParams', 'credentialBearer', 'clientConfig'];
const CC_FIELDS = ['tokenUrl', 'clientId', 'clientSecret', ...GRANT_COMMON];
const PASSWORD_FIELDS = ['tokenUrl', 'username', 'password', 'clientId', 'clientSecret', 'refreshConfig', ...GRANT_COMMON];
const DIRECT_FIELDS = ['refreshUrl', 'refreshToken', 'clientId', 'clientSecret', ...GRANT_COMMON];
const REFRESH_FIELDS = ['refreshUrl', 'scopes', 'optionalParams', 'credentialBearer', 'clientConfig'];
const CLIENT_FIELDS = ['httpVersion', 'customHeaders', 'customPayload', 'auth', 'secureSocket', 'timeout'];

/** Which grant a record is, by its shape (the seed's records have no discriminant field). */
export function grantKind(value: Record<string, unknown>): GrantSettings['kind'] | undefined {
  if ('refreshToken' in value || ('refreshUrl' in value && !('tokenUrl' in value))) return 'direct_token';
  if ('tokenUrl' in value) return 'username' in value || 'password' in value ? 'password' : 'client_credentials';
  return undefined;
}

/** An OAuth2 grant record, checked. */
export function checkGrant(value: OAuth2GrantConfig | unknown, field: string): GrantSettings {
  const record = requireRecord(value, field);
  const kind = grantKind(record);
  if (kind === undefined) {
    throw configError(field, 'is not an OAuth2 grant record: give tokenUrl (client credentials or password grant) or refreshUrl and refreshToken (direct token)');
  }
  if (kind === 'client_credentials') {
    const config = record as unknown as OAuth2ClientCredentialsGrantConfig;
    knownFields(record, CC_FIELDS, field, 'OAuth2ClientCredentialsGrantConfig');
    return {
      kind,
      tokenUrl: endpointUrl(config.tokenUrl, `${field}.tokenUrl`),
      ...grantCommon(record, field, requireString(config.clientId, `${field}.clientId`), requireString(config.clientSecret, `${field}.clientSecret`)),
    };
  }
  if (kind === 'password') {
    const config = record as unknown as OAuth2PasswordGrantConfig;
    knownFields(record, PASSWORD_FIELDS, field, 'OAuth2PasswordGrantConfig');
    const clientId = optionalString(config.clientId, `${field}.clientId`);
    const clientSecret = optionalString(config.clientSecret, `${field}.clientSecret`);
    if (clientSecret !== undefined && clientId === undefined) throw configError(`${field}.clientSecret`, 'is set without clientId; give both, or neither');
    const common = grantCommon(record, field, clientId, clientSecret);
    return {
      kind,
      tokenUrl: endpointUrl(config.tokenUrl, `${field}.tokenUrl`),
      username: requireString(config.username, `${field}.username`),
      password: requireString(config.password, `${field}.password`),
      refresh: config.refreshConfig === undefined ? undefined : checkRefresh(config.refreshConfig, `${field}.refreshConfig`, common.credentials),
      ...common,
    };
  }
  const config = record as unknown as OAuth2DirectTokenConfig;
  knownFields(record, DIRECT_FIELDS, field, 'OAuth2DirectTokenConfig');
  return {
    kind,
    refreshUrl: endpointUrl(config.refreshUrl, `${field}.refreshUrl`),
    refreshToken: requireString(config.refreshToken, `${field}.refreshToken`),
    ...grantCommon(record, field, requireString(config.clientId, `${field}.clientId`), requireString(config.clientSecret, `${field}.clientSecret`)),
  };
}

function grantCommon(record: Record<string, unknown>, field: string, clientId: string | undefined, clientSecret: string | undefined): GrantCommon {
  return {
    scopes: scopes(record.scopes, `${field}.scopes`),
    defaultTokenExpTimeS: seconds(record.defaultTokenExpTime, `${field}.defaultTokenExpTime`, DEFAULT_TOKEN_EXP_TIME_S, true),
    clockSkewS: seconds(record.clockSkew, `${field}.clockSkew`, 0),
    optionalParams: stringMap(record.optionalParams, `${field}.optionalParams`),
    credentials: { clientId, clientSecret, credentialBearer: credentialBearer(record.credentialBearer, `${field}.credentialBearer`) },
    client: checkClientConfig(record.clientConfig, `${field}.clientConfig`, 'grant'),
    field,
  };
}

function checkRefresh(value: unknown, field: string, credentials: ClientCredentials): RefreshSettings {
  const record = requireRecord(value, field);
  knownFields(record, REFRESH_FIELDS, field, 'OAuth2RefreshConfig');
  return {
    url: endpointUrl(record.refreshUrl, `${field}.refreshUrl`),
    scopes: scopes(record.scopes, `${field}.scopes`),
    optionalParams: stringMap(record.optionalParams, `${field}.optionalParams`),
    // The refresh is made by the same client as the grant; only the bearer may differ.
    credentials: {
      ...credentials,
      credentialBearer: record.credentialBearer === undefined ? credentials.credentialBearer : credentialBearer(record.credentialBearer, `${field}.credentialBearer`),
    },
    client: checkClientConfig(record.clientConfig, `${field}.clientConfig`, 'grant'),
  };
}

/**
 * A `clientConfig`. `auth` is any client auth record for introspection (`'any'`), and an
 * OAuth2 grant record only towards a token endpoint (`'grant'`), as in the seed.
 */
export function checkClientConfig(value: unknown, field: string, auth: 'any' | 'grant' | 'external'): ClientSettings {
  const record = value === undefined ? {} : requireRecord(value, field);
  knownFields(record, CLIENT_FIELDS, field, 'clientConfig');
  const httpVersion = record.httpVersion ?? '1.1';
  if (httpVersion !== '1.1' && httpVersion !== '2') throw configError(`${field}.httpVersion`, `must be '1.1' or '2', got ${JSON.stringify(httpVersion)}`);
  const headers = stringMap(record.customHeaders, `${field}.customHeaders`).map(([name, headerValue]): [string, string] => {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw configError(`${field}.customHeaders`, `'${name}' is not a valid header name`);
    if (/[\r\n\0]/.test(headerValue)) throw configError(`${field}.customHeaders.${name}`, 'must not contain CR, LF or NUL');
    const lower = name.toLowerCase();
    if (lower === 'content-type' || lower === 'content-length' || lower === 'host' || lower === 'transfer-encoding') {
      throw configError(`${field}.customHeaders.${name}`, 'is set by the client itself and cannot be overridden');
    }
    return [lower, headerValue];
  });
  if (record.customPayload !== undefined && typeof record.customPayload !== 'string') {
    throw configError(`${field}.customPayload`, 'must be a form-encoded string such as "a=1&b=2"');
  }
  const payload = [...new URLSearchParams(record.customPayload ?? '')];
  // 'external': the caller authenticates with its own handler built from `auth` (and checked it).
  const checkedAuth = record.auth === undefined || auth === 'external' ? undefined : checkAuth(record.auth, `${field}.auth`, auth);
  if (record.auth !== undefined && headers.some(([name]) => name === 'authorization')) {
    throw configError(field, 'has both auth and customHeaders.Authorization; keep one');
  }
  return {
    httpVersion,
    headers,
    payload,
    auth: checkedAuth,
    secureSocket: record.secureSocket as ClientSecureSocket | undefined,
    timeoutMs: seconds(record.timeout, `${field}.timeout`, DEFAULT_TIMEOUT_S, true) * 1000,
    field,
  };
}

function checkAuth(value: unknown, field: string, allowed: 'any' | 'grant'): AuthSettings {
  const record = requireRecord(value, field);
  const kind = grantKind(record);
  if (kind !== undefined) return { kind: 'grant', grant: checkGrant(record, field) };
  if (allowed === 'any' && 'token' in record) {
    knownFields(record, ['token'], field, 'BearerTokenConfig');
    return { kind: 'bearer', config: { token: requireString(record.token, `${field}.token`) } };
  }
  if (allowed === 'any' && 'username' in record) {
    knownFields(record, ['username', 'password'], field, 'CredentialsConfig');
    const username = requireString(record.username, `${field}.username`);
    if (username.includes(':')) throw configError(`${field}.username`, "must not contain ':' (RFC 7617 §2)");
    return { kind: 'basic', config: { username, password: requireString(record.password, `${field}.password`) } };
  }
  const takes = allowed === 'any'
    ? '{ username, password }, { token }, or an OAuth2 grant record'
    : 'an OAuth2 grant record (OAuth2ClientCredentialsGrantConfig, OAuth2PasswordGrantConfig or OAuth2DirectTokenConfig)';
  throw configError(field, `is not a client auth record; it takes ${takes}`);
}

/** An `OAuth2IntrospectionConfig`, checked. */
export interface IntrospectionSettings {
  url: URL;
  tokenTypeHint: string | undefined;
  scopeKey: string;
  optionalParams: Array<[string, string]>;
  /** Undefined: responses are not cached (Ballerina's default). */
  cache: { capacity: number; maxAgeMs: number } | undefined;
  defaultTokenExpTimeS: number;
  client: ClientSettings;
}

const INTROSPECTION_FIELDS = ['url', 'tokenTypeHint', 'scopeKey', 'optionalParams', 'cacheConfig', 'defaultTokenExpTime', 'clientConfig'];

/** `externalAuth`: `clientConfig.auth` is handled by the caller's own auth handler, so it is not checked here. */
export function checkIntrospectionConfig(value: OAuth2IntrospectionConfig | unknown, field: string, externalAuth = false): IntrospectionSettings {
  const record = requireRecord(value, field);
  knownFields(record, INTROSPECTION_FIELDS, field, 'OAuth2IntrospectionConfig');
  let cache: IntrospectionSettings['cache'];
  if (record.cacheConfig !== undefined) {
    const cacheConfig = requireRecord(record.cacheConfig, `${field}.cacheConfig`);
    knownFields(cacheConfig, ['capacity', 'defaultMaxAge'], `${field}.cacheConfig`, 'cacheConfig');
    cache = {
      capacity: positiveInteger(cacheConfig.capacity, `${field}.cacheConfig.capacity`, DEFAULT_CACHE_CAPACITY),
      maxAgeMs: seconds(cacheConfig.defaultMaxAge, `${field}.cacheConfig.defaultMaxAge`, Number.POSITIVE_INFINITY, true) * 1000,
    };
  }
  const scopeKey = record.scopeKey === undefined ? 'scope' : requireString(record.scopeKey, `${field}.scopeKey`);
  return {
    url: endpointUrl(record.url, `${field}.url`),
    tokenTypeHint: optionalString(record.tokenTypeHint, `${field}.tokenTypeHint`),
    scopeKey,
    optionalParams: stringMap(record.optionalParams, `${field}.optionalParams`),
    cache,
    defaultTokenExpTimeS: seconds(record.defaultTokenExpTime, `${field}.defaultTokenExpTime`, DEFAULT_TOKEN_EXP_TIME_S, true),
    client: checkClientConfig(record.clientConfig, `${field}.clientConfig`, externalAuth ? 'external' : 'any'),
  };
}

/** `scopes` joined by spaces (RFC 6749 §3.3), or undefined when none. */
function scopes(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (list === undefined) throw configError(field, 'must be a string or an array of strings');
  const checked = list.map((scope: unknown, i) => {
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), so no spaces inside one.
    if (typeof scope !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)) {
      throw configError(Array.isArray(value) ? `${field}[${i}]` : field, 'must be a scope token: printable ASCII without spaces, quotes or backslashes');
    }
    return scope;
  });
  return checked.length === 0 ? undefined : checked.join(' ');
}

function credentialBearer(value: unknown, field: string): CredentialBearer {
  if (value === undefined) return AUTH_HEADER_BEARER;
  if (value !== AUTH_HEADER_BEARER && value !== POST_BODY_BEARER) {
    throw configError(field, `must be AUTH_HEADER_BEARER or POST_BODY_BEARER, got ${JSON.stringify(value)}`);
  }
  return value;
}
