/**
 * The listener-side auth records (the seed's `http:*ConfigWithScopes`), the principal a
 * resource sees, and the `RequestContext` passed to resource methods.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LdapUserStoreConfig } from '@pointe/auth';
import type { JwtValidatorConfig } from '@pointe/jwt';
import type { OAuth2IntrospectionClientConfig as OAuth2IntrospectionClientConfigBase, OAuth2IntrospectionConfig as OAuth2IntrospectionConfigBase } from '@pointe/oauth2';
import type { ClientAuthConfig } from '../client/config.js';

/** `string | string[]` as in the seed: one scope or several. */
export type Scopes = string | string[];

/** Fields every `auth` element may carry besides its mechanism's record. */
export interface ScopesConfig {
  /**
   * Scopes the authenticated principal must hold for the request to run. Without it, only
   * authentication is checked.
   */
  scopes?: Scopes;
  /** `false` (default): any one of `scopes` suffices. `true`: the principal needs every one. */
  matchAllScopes?: boolean;
}

/**
 * `http:FileUserStoreConfig`: the users of `[[auth.users]]` in `Config.toml`. Blank in the seed;
 * Pointe adds `path`.
 *
 * The file is read once, when the first service using it is attached: a file changed on disk
 * later is not re-read (restart to pick it up). No file found, or no `[[auth.users]]` in it,
 * fails `attach()` with `POINTE_ERR_USER_STORE_EMPTY`, naming the files looked for.
 */
export interface FileUserStoreConfig {
  /**
   * A TOML file holding `[[auth.users]]`, instead of `Config.toml` in the working directory
   * (or the files of `POINTE_CONFIG_FILES`). Relative paths resolve against the working directory.
   */
  path?: string;
}

/** `http:FileUserStoreConfigWithScopes`: Basic auth against the file user store. */
export interface FileUserStoreConfigWithScopes extends ScopesConfig {
  /** The file user store; `{}` reads `Config.toml`. */
  fileUserStoreConfig: FileUserStoreConfig;
}

/**
 * `http:LdapUserStoreConfigWithScopes`: Basic auth against an LDAP directory; the scopes are
 * the names (`groupNameAttribute`) of the user's groups.
 */
export interface LdapUserStoreConfigWithScopes extends ScopesConfig {
  /**
   * The LDAP user store: every field of the seed's `http:LdapUserStoreConfig` (timeouts in
   * seconds), plus `startTls`. Checked, and its `secureSocket.cert` read, at `attach()`.
   */
  ldapUserStoreConfig: LdapUserStoreConfig;
}

/**
 * `http:JwtValidatorConfigWithScopes`: Bearer JWTs, validated with the configured key. The
 * scopes are read from the token's `scopeKey` claim (default `scope`).
 */
export interface JwtValidatorConfigWithScopes extends ScopesConfig {
  /**
   * The JWT validator: `issuer`, `audience`, `clockSkew`, `scopeKey`, `signatureConfig`
   * (required: `certFile`, `trustStoreConfig`, `jwksConfig` or `secret`) and `cacheConfig`.
   */
  jwtValidatorConfig: JwtValidatorConfig;
}

/**
 * HTTP client configurations which call the introspection server: `@pointe/oauth2`'s record, with
 * `auth` taking any client auth record of `@pointe/http` (a self-signed JWT included).
 */
export interface OAuth2IntrospectionClientConfig extends Omit<OAuth2IntrospectionClientConfigBase, 'auth'> {
  /**
   * How the resource server authenticates to the introspection endpoint: any client auth record
   * (Basic `{ username, password }`, Bearer `{ token }`, a self-signed JWT, or an OAuth2 grant,
   * whose token the resource server obtains first). Unset: only `customHeaders`.
   */
  auth?: ClientAuthConfig;
}

/** RFC 7662 token introspection (`http:OAuth2IntrospectionConfig`), as an `auth` element takes it. */
export interface OAuth2IntrospectionConfig extends Omit<OAuth2IntrospectionConfigBase, 'clientConfig'> {
  /** HTTP client configurations, which call the introspection server. */
  clientConfig?: OAuth2IntrospectionClientConfig;
}

/**
 * `http:OAuth2IntrospectionConfigWithScopes`: Bearer tokens checked by RFC 7662 introspection at
 * an authorization server. The scopes are read from the response's `scopeKey` claim (default
 * `scope`; a space-separated string or an array).
 */
export interface OAuth2IntrospectionConfigWithScopes extends ScopesConfig {
  /**
   * The introspection: `url`, `tokenTypeHint`, `scopeKey`, `optionalParams`, `cacheConfig`,
   * `defaultTokenExpTime` and `clientConfig` (TLS, timeout, and the resource server's own `auth`:
   * any client auth record). Checked, and its certificates read, at `attach()`.
   */
  oauth2IntrospectionConfig: OAuth2IntrospectionConfig;
}

/**
 * The element records `auth` accepts. Mechanisms that later packages add extend this map
 * (declaration merging on `ListenerAuthRecords`), so a wrong field stays a compile error.
 */
export interface ListenerAuthRecords {
  fileUserStoreConfig: FileUserStoreConfigWithScopes;
  ldapUserStoreConfig: LdapUserStoreConfigWithScopes;
  jwtValidatorConfig: JwtValidatorConfigWithScopes;
  oauth2IntrospectionConfig: OAuth2IntrospectionConfigWithScopes;
}

/** One element of a `ServiceConfig`/`ResourceConfig` `auth` array. */
export type ListenerAuthConfig = ListenerAuthRecords[keyof ListenerAuthRecords];

/** The authenticated caller, as a resource sees it in `ctx.auth`. */
export interface Principal {
  /** Which mechanism authenticated the request. */
  scheme: 'basic' | 'jwt' | 'oauth2';
  /** The user name (Basic), `sub` (JWT) or introspection `username`/`sub`, when known. */
  username?: string;
  /** The scopes (file store `scopes`, LDAP group names, JWT/introspection `scopeKey` claim). */
  scopes: string[];
  /** The validated JWT payload (JWT only). */
  claims?: Readonly<Record<string, unknown>>;
  /** The RFC 7662 introspection response (OAuth2 only). */
  introspection?: Readonly<Record<string, unknown>>;
}

/** The request as a resource method sees it. */
export interface PointeRequest {
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /** The request target as received: path and query string. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Path parameters (`:name` segments). */
  readonly params: Readonly<Record<string, string>>;
  /** Query string parameters. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** The parsed body: JSON as a value, text as a string, otherwise a Buffer; `undefined` if none. */
  readonly body: unknown;
}

/** The one argument every resource method receives. */
export interface RequestContext {
  /** The request. */
  readonly request: PointeRequest;
  /** The authenticated principal, or `undefined` on a public resource. */
  readonly auth: Principal | undefined;
  /** The underlying Fastify request, for what Pointe doesn't wrap. */
  readonly raw: FastifyRequest;
  /** The underlying Fastify reply, to set headers or stream. */
  readonly reply: FastifyReply;
}
