/**
 * The plug-in interface of the listener's auth chain. Each mechanism (file user store, LDAP,
 * JWT, OAuth2 introspection) is an `AuthMechanism`: it names the record key it owns
 * (`fileUserStoreConfig`...), the scheme it reads, checks its config at `attach()`, and builds
 * one `AuthProvider` per distinct config. Providers know nothing of Fastify or routes.
 */
import type { Credential } from './authorization-header.js';
import type { Principal } from './types.js';

/** A value, or a promise of it: providers answer cache hits synchronously. */
export type MaybePromise<T> = T | Promise<T>;

/** The `Authorization` scheme a mechanism reads. */
export type AuthScheme = 'basic' | 'bearer';

/** Where a config record sits, for error messages: `service '/foo' resource 'get bar'`. */
export interface ConfigLocation {
  readonly service: string;
  readonly resource?: string;
  /** Who holds the record when it is not a service annotation, e.g. `ListenerJwtAuthHandler`. */
  readonly owner?: string;
  /** The path of the record inside the annotation, e.g. `auth[0].jwtValidatorConfig`. */
  readonly field: string;
}

/** Logs a denial's reason at debug level; never given a credential, token or password. */
export interface AuthLog {
  debug(message: string): void;
}

/** Authenticates one credential. Shared by every resource whose element has the same config. */
export interface AuthProvider {
  readonly scheme: AuthScheme;
  /**
   * The principal, or `undefined` when the credential is not accepted. Throwing (or rejecting)
   * means the backend failed (LDAP down, JWKS unreachable): the chain treats it as a failed
   * element. Never yields a principal for a credential it could not check. May answer
   * synchronously (a cache hit): the chain then settles the request without a promise.
   */
  authenticate(credential: Credential, log: AuthLog): MaybePromise<Principal | undefined>;
  /**
   * Milliseconds the chain may reuse this provider's acceptance for the same `Authorization`
   * header on the same connection without asking again (capped by a JWT's or introspection
   * response's `exp`). Absent or 0: every request is checked. A provider sets it only when its
   * own answer could not change within that time (a cached verification, an immutable store).
   */
  readonly memoTtlMs?: number;
  /** Releases connections and timers when the listener stops. */
  close?(): Promise<void>;
}

/** A kind of `auth` element, registered with `registerAuthMechanism`. */
export interface AuthMechanism<C = unknown> {
  /** The record key: `fileUserStoreConfig`, `ldapUserStoreConfig`, `jwtValidatorConfig`... */
  readonly key: string;
  readonly scheme: AuthScheme;
  /**
   * Checks the inner config and returns it normalised; throws a `ConfigError` naming
   * `location` and the field. Called at `attach()`.
   */
  validate(config: unknown, location: ConfigLocation): C;
  /** Builds the provider (may read files, load keys). Called once per distinct config at `attach()`. */
  create(config: C, location: ConfigLocation): AuthProvider;
}

const mechanisms = new Map<string, AuthMechanism>();

/** Adds a mechanism to the chain; later packages register theirs on import. */
export function registerAuthMechanism<C>(mechanism: AuthMechanism<C>): void {
  mechanisms.set(mechanism.key, mechanism as AuthMechanism);
}

export function findAuthMechanism(key: string): AuthMechanism | undefined {
  return mechanisms.get(key);
}

export function authMechanismKeys(): string[] {
  return [...mechanisms.keys()];
}
