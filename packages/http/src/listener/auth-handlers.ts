/**
 * Imperative listener auth handlers (Ballerina `http:ListenerFileUserStoreBasicAuthHandler`
 * and friends) for code that checks auth itself: `authenticate()` reads a header value or a
 * request, `authorize()` checks scopes. They run the same providers as the declarative chain.
 */
import type { JwtValidatorConfig } from '@pointe/jwt';
import type { AuthLog, AuthMechanism, AuthProvider } from './auth-provider.js';
import { buildChallenges, insufficientScope } from './challenge.js';
import { parseAuthorization } from './authorization-header.js';
import { fileUserStoreMechanism } from './mechanisms/file-user-store.js';
import { jwtMechanism } from './mechanisms/jwt.js';
import { oauth2IntrospectionMechanism } from './mechanisms/oauth2-introspection.js';
import { hasScopes, normalizeScopes } from './scopes.js';
import type { FileUserStoreConfig, OAuth2IntrospectionConfig, Principal, Scopes } from './types.js';

/** A 401 to send: status and the `WWW-Authenticate` challenge(s). */
export class Unauthorized {
  readonly status = 401 as const;
  constructor(readonly headers: { 'www-authenticate': string[] }) {}
}

/** A 403 to send, with the RFC 6750 challenge for Bearer schemes. */
export class Forbidden {
  readonly status = 403 as const;
  constructor(readonly headers: { 'www-authenticate'?: string }) {}
}

/** A header value (`Basic ...`) or anything with `headers.authorization`. */
export type AuthInput = string | { headers: Record<string, string | string[] | undefined> };

const quiet: AuthLog = { debug: () => undefined };

/** The shared logic of the imperative handlers: one provider, one scheme. */
export abstract class ListenerAuthHandler {
  readonly #provider: AuthProvider;
  readonly #unauthorized: Unauthorized;
  readonly #invalidToken: Unauthorized;

  /**
   * Builds the provider the way `attach()` does (the mechanism checks `config`, then creates),
   * so a handler and an `auth` element with the same record behave alike. Errors name the
   * handler class and `config.<field>`.
   */
  protected constructor(mechanism: AuthMechanism, config: unknown) {
    const at = { service: new.target.name, owner: new.target.name, field: 'config' };
    const provider: AuthProvider = mechanism.create(mechanism.validate(config, at), at);
    this.#provider = provider;
    const challenges = buildChallenges(new Set([provider.scheme]));
    this.#unauthorized = new Unauthorized({ 'www-authenticate': [...challenges.plain] });
    this.#invalidToken = new Unauthorized({ 'www-authenticate': [...challenges.invalidToken] });
  }

  /** The principal, or an `Unauthorized` to answer with (backend errors included). */
  async authenticate(input: AuthInput): Promise<Principal | Unauthorized> {
    const header = typeof input === 'string' ? input : input.headers.authorization;
    const { credential } = parseAuthorization(header);
    if (credential === undefined || credential.scheme !== this.#provider.scheme) return this.#unauthorized;
    const rejected = credential.scheme === 'bearer' ? this.#invalidToken : this.#unauthorized;
    try {
      return (await this.#provider.authenticate(credential, quiet)) ?? rejected;
    } catch {
      return rejected;
    }
  }

  /** `undefined` when `principal` holds the scopes (any-of, or all-of with `matchAll`), else a `Forbidden`. */
  authorize(principal: Principal, scopes: Scopes, matchAll = false): Forbidden | undefined {
    const required = normalizeScopes(scopes, matchAll);
    if (hasScopes(principal.scopes, required)) return undefined;
    return new Forbidden(this.#provider.scheme === 'bearer' ? { 'www-authenticate': insufficientScope(required) } : {});
  }

  /** Releases what the handler holds open (a JWKS client's connections); a no-op for the others. */
  async close(): Promise<void> {
    await this.#provider.close?.();
  }
}

/** Basic auth against the file user store (`Config.toml` `[[auth.users]]`), read once here. */
export class ListenerFileUserStoreBasicAuthHandler extends ListenerAuthHandler {
  constructor(config: FileUserStoreConfig = {}) {
    super(fileUserStoreMechanism, config);
  }
}

/**
 * Bearer JWTs checked against a `JwtValidatorConfig` (key, allowed algorithms, JWKS client and
 * token cache built here, once). The principal carries the validated `claims`. A bad config
 * throws a `ConfigError` now: `POINTE_ERR_INVALID_AUTH_CONFIG` for an unknown field,
 * `POINTE_ERR_JWT_CONFIG` for a missing signature source or an unreadable key.
 */
export class ListenerJwtAuthHandler extends ListenerAuthHandler {
  constructor(config: JwtValidatorConfig) {
    super(jwtMechanism, config);
  }
}

/**
 * Bearer tokens checked by RFC 7662 introspection (Ballerina `http:ListenerOAuth2Handler`). The
 * record is checked, its certificates read and its HTTP client built here (a `ConfigError` naming
 * `config.<field>`, code `POINTE_ERR_OAUTH2_CONFIG` or the TLS loader's); nothing is sent until
 * the first `authenticate()`. An inactive or expired token, and an authorization server that
 * fails, give an `Unauthorized` (`invalid_token`), never a throw. The principal carries the
 * `introspection` response. `close()` closes its connections.
 *
 * @example
 * const handler = new ListenerOAuth2Handler({ url: 'https://localhost:9445/oauth2/token/introspect', scopeKey: 'scp' });
 * const principal = await handler.authenticate(request.headers.authorization ?? '');
 * if (principal instanceof Unauthorized) return reply.code(401).headers(principal.headers).send();
 * const forbidden = handler.authorize(principal, 'hello');
 */
export class ListenerOAuth2Handler extends ListenerAuthHandler {
  constructor(config: OAuth2IntrospectionConfig) {
    super(oauth2IntrospectionMechanism, config);
  }
}
