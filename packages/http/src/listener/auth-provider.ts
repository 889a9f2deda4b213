/**
 * The plug-in interface of the listener's auth chain. Each mechanism (file user store, LDAP,
 * JWT, OAuth2 introspection) is an `AuthMechanism`: it names the record key it owns
 * (`fileUserStoreConfig`...), the scheme it reads, checks its config at `attach()`, and builds
 * one `AuthProvider` per distinct config. Providers know nothing of Fastify or routes.
 */
import type { ScheduleVerification } from '@pointe/common';
import { ConfigError } from '@pointe/common';
import { ListenerCodes } from '../errors.js';
import type { Credential } from './authorization-header.js';
import { BUILT_IN_MECHANISMS } from './mechanisms/index.js';
import type { Principal } from './types.js';

/**
 * A value, or a promise of it: providers answer cache hits synchronously. The chain tells a
 * pending answer by `typeof answer.then === 'function'` (as Fastify's hooks do), so a
 * promise from another realm or library (`PromiseLike`) still counts as pending.
 */
export type MaybePromise<T> = T | PromiseLike<T>;

/** Whether `value` is pending: has a `then` method, whatever made it. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

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

/**
 * What the chain offers a provider for one request, besides the credential. Providers know
 * nothing of connections: they hand slow work to `schedule` and the chain decides whose turn it is.
 */
export interface AuthContext {
  /**
   * Runs one slow, uncached verification (a hash, an LDAP bind, an introspection call) through
   * the listener's bounded, per-connection fair queue (`VerificationQueue`). Rejects with a
   * `Refused` when the queue is full or the connection has closed; the provider lets that
   * rejection through (the chain answers 503). Cache hits must not go through it.
   */
  readonly schedule: ScheduleVerification;
}

/** Authenticates one credential. Shared by every resource whose element has the same config. */
export interface AuthProvider {
  readonly scheme: AuthScheme;
  /**
   * The principal, or `undefined` when the credential is not accepted. A principal must carry
   * a `scopes` array of strings (empty when the backend grants none): one without counts as a
   * failed element, never as a pass. Throwing (or rejecting)
   * means the backend failed (LDAP down, JWKS unreachable): the chain treats it as a failed
   * element. Never yields a principal for a credential it could not check. May answer
   * synchronously (a cache hit): the chain then settles the request without a promise.
   */
  authenticate(credential: Credential, log: AuthLog, context?: AuthContext): MaybePromise<Principal | undefined>;
  /**
   * Milliseconds the chain may reuse this provider's acceptance for the same `Authorization`
   * header on the same connection without asking again (capped by a JWT's or introspection
   * response's `exp`). Absent or 0: every request is checked. A provider sets it only when its
   * own answer could not change within that time (a cached verification, an immutable store).
   */
  readonly memoTtlMs?: number;
  /**
   * Optional, for providers with a cache of accepted credentials: the principal for `token`
   * (the Bearer token, or the Basic token68 as sent: `base64(user:password)`) when this
   * provider accepted exactly these credentials before and would accept them now from its
   * cache, with no other work; otherwise `undefined`. It must not call a backend, log, throw or
   * return a promise, and a principal from it must be what `authenticate` would give for the
   * same credentials. The chain asks the route's first element of the header's scheme this
   * before it checks the header's syntax or decodes anything (credentials equal to accepted
   * ones are well-formed), so a cache hit costs neither the scan nor the parse. Basic
   * providers are not asked on a listener with `loginThrottle`, which decides first.
   */
  recall?(token: string): Principal | undefined;
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

const mechanisms = new Map<string, AuthMechanism>(BUILT_IN_MECHANISMS.map((m) => [m.key, m]));

/**
 * Adds a mechanism to the chain; later packages register theirs on import.
 * @throws ConfigError (`POINTE_ERR_INVALID_AUTH_CONFIG`) when the key is already registered: a
 * second `jwtValidatorConfig` would silently replace the first for every listener.
 *
 * @example
 * registerAuthMechanism({ key: 'apiKeyConfig', scheme: 'bearer', validate: (c) => c as ApiKeyConfig, create: apiKeyProvider });
 */
export function registerAuthMechanism<C>(mechanism: AuthMechanism<C>): void {
  if (mechanisms.has(mechanism.key)) {
    throw new ConfigError(
      ListenerCodes.POINTE_ERR_INVALID_AUTH_CONFIG,
      `registerAuthMechanism: '${mechanism.key}' is already registered; give the mechanism a key of its own`,
    );
  }
  mechanisms.set(mechanism.key, mechanism as AuthMechanism);
}

export function findAuthMechanism(key: string): AuthMechanism | undefined {
  return mechanisms.get(key);
}

export function authMechanismKeys(): string[] {
  return [...mechanisms.keys()];
}
