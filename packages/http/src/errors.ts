/**
 * Every error `@pointe/http` throws on purpose, each code declared once (like Fastify's
 * lib/errors.js), one class per family:
 *
 * - `ConfigError`: a configuration that cannot work, thrown by `attach()`, `start()` or a
 *   constructor (codes of {@link ListenerCodes}, and of the packages below it: {@link AuthCodes},
 *   {@link ConfigCodes}, {@link CryptoCodes}, {@link JwtCodes}, all re-exported here);
 * - `ListenerError`: the listener's lifecycle (`start()` twice, a port that cannot be bound);
 * - `ClientError` / `ClientAuthError`: the `Client` ({@link ClientCodes});
 * - `HttpError`: a status a resource answers with (no code: it is a response, not a failure).
 *
 * The code is a property; the message names the service, resource or field and the fix.
 */
import { ConfigError, PointeError, declareCodes, errorFactory } from '@pointe/common';
import { AuthCodes, ConfigCodes } from '@pointe/auth';
import { CryptoCodes, CryptoError } from '@pointe/crypto';
import { JwksUnavailableError, JwtCodes, JwtIssueError, JwtValidationError } from '@pointe/jwt';

export { AuthCodes, ConfigCodes, ConfigError, CryptoCodes, CryptoError, JwksUnavailableError, JwtCodes, JwtIssueError, JwtValidationError, PointeError };

/** The codes of the listener side; each key is its code. */
export const ListenerCodes = declareCodes({
  /** `@ResourceConfig({ auth: { scopes } })` on a service without `auth`. */
  POINTE_ERR_SCOPES_WITHOUT_SERVICE_AUTH: 'POINTE_ERR_SCOPES_WITHOUT_SERVICE_AUTH',
  /** An `auth` element that is not one of the record kinds, or has unknown fields; a mechanism registered twice. */
  POINTE_ERR_INVALID_AUTH_CONFIG: 'POINTE_ERR_INVALID_AUTH_CONFIG',
  /** `secureSocket` that cannot be loaded (unreadable cert/key, bad password). */
  POINTE_ERR_INVALID_SECURE_SOCKET: 'POINTE_ERR_INVALID_SECURE_SOCKET',
  /** Two resources on the same method and path, or an attach path in use. */
  POINTE_ERR_DUPLICATE_ROUTE: 'POINTE_ERR_DUPLICATE_ROUTE',
  /** `attach()` of something that is not a decorated service instance, or after `start()`. */
  POINTE_ERR_INVALID_SERVICE: 'POINTE_ERR_INVALID_SERVICE',
  /** `attach()` of a class with no recognisable resources (no `@Get`... in either decorator convention, no `defineService`). */
  POINTE_ERR_NO_RESOURCES: 'POINTE_ERR_NO_RESOURCES',
  /** `new Listener(port)` with a port that is not an integer in 0..65535, or a port that cannot be bound. */
  POINTE_ERR_LISTENER_PORT: 'POINTE_ERR_LISTENER_PORT',
  /** `start()` twice, or after `stop()`. */
  POINTE_ERR_LISTENER_STATE: 'POINTE_ERR_LISTENER_STATE',
  /** A `ListenerConfiguration` field that cannot work (`loginThrottle`, timeouts, `maxConnections`). */
  POINTE_ERR_LISTENER_CONFIG: 'POINTE_ERR_LISTENER_CONFIG',
});

/** @deprecated Use {@link ListenerCodes} (keyed by the code itself). */
export const ListenerErrorCodes = {
  SCOPES_WITHOUT_SERVICE_AUTH: ListenerCodes.POINTE_ERR_SCOPES_WITHOUT_SERVICE_AUTH,
  INVALID_AUTH_CONFIG: ListenerCodes.POINTE_ERR_INVALID_AUTH_CONFIG,
  INVALID_SECURE_SOCKET: ListenerCodes.POINTE_ERR_INVALID_SECURE_SOCKET,
  DUPLICATE_ROUTE: ListenerCodes.POINTE_ERR_DUPLICATE_ROUTE,
  INVALID_SERVICE: ListenerCodes.POINTE_ERR_INVALID_SERVICE,
  NO_RESOURCES: ListenerCodes.POINTE_ERR_NO_RESOURCES,
  LISTENER_PORT: ListenerCodes.POINTE_ERR_LISTENER_PORT,
  LISTENER_STATE: ListenerCodes.POINTE_ERR_LISTENER_STATE,
  INVALID_LISTENER_CONFIG: ListenerCodes.POINTE_ERR_LISTENER_CONFIG,
} as const;

/** The listener's lifecycle went wrong: `start()` twice, a port that cannot be bound. */
export class ListenerError extends PointeError {}

/** A `ConfigError` `POINTE_ERR_INVALID_AUTH_CONFIG` (internal: the one factory every auth check uses). */
export const invalidAuthConfigError = errorFactory(ConfigError, ListenerCodes.POINTE_ERR_INVALID_AUTH_CONFIG);

/**
 * Thrown (or returned) by a resource method to answer with a status other than 200.
 * `body` is sent like a return value: string as text/plain, object as JSON.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body?: unknown, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError(`HttpError status must be an integer in 100..599, got ${status}`);
    }
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** A request the `Client` could not complete: bad config (thrown by the constructor) or a failed call. */
export class ClientError extends PointeError {}

/** The `Client` could not obtain or send credentials (empty Basic password, token endpoint refused, bad key...). */
export class ClientAuthError extends ClientError {}

/** The codes of the client side; each key is its code. */
export const ClientCodes = declareCodes({
  /** A client option that cannot work (`timeout`, `httpVersion`, `customHeaders`, unknown field). */
  POINTE_ERR_CLIENT_CONFIG: 'POINTE_ERR_CLIENT_CONFIG',
  /** `auth` matches no record, or more than one (ambiguous), or lacks a required field. */
  POINTE_ERR_CLIENT_AUTH_CONFIG: 'POINTE_ERR_CLIENT_AUTH_CONFIG',
  /** `secureSocket` files cannot be read. */
  POINTE_ERR_CLIENT_SECURE_SOCKET: 'POINTE_ERR_CLIENT_SECURE_SOCKET',
  /** The URL is not absolute http(s). */
  POINTE_ERR_CLIENT_URL: 'POINTE_ERR_CLIENT_URL',
  /** Network failure, TLS failure, or timeout. */
  POINTE_ERR_CLIENT_REQUEST: 'POINTE_ERR_CLIENT_REQUEST',
  /** Credentials could not be produced or were refused by a token endpoint. */
  POINTE_ERR_CLIENT_AUTH: 'POINTE_ERR_CLIENT_AUTH',
  /** A payload could not be read as asked (not JSON...). */
  POINTE_ERR_CLIENT_PAYLOAD: 'POINTE_ERR_CLIENT_PAYLOAD',
});

/** @deprecated Use {@link ClientCodes} (keyed by the code itself). */
export const ClientErrorCodes = {
  INVALID_CONFIG: ClientCodes.POINTE_ERR_CLIENT_CONFIG,
  INVALID_AUTH_CONFIG: ClientCodes.POINTE_ERR_CLIENT_AUTH_CONFIG,
  INVALID_SECURE_SOCKET: ClientCodes.POINTE_ERR_CLIENT_SECURE_SOCKET,
  INVALID_URL: ClientCodes.POINTE_ERR_CLIENT_URL,
  REQUEST_FAILED: ClientCodes.POINTE_ERR_CLIENT_REQUEST,
  AUTH_FAILED: ClientCodes.POINTE_ERR_CLIENT_AUTH,
  PAYLOAD: ClientCodes.POINTE_ERR_CLIENT_PAYLOAD,
} as const;

/** A `ClientError` `POINTE_ERR_CLIENT_CONFIG` (internal). */
export const clientConfigError = errorFactory(ClientError, ClientCodes.POINTE_ERR_CLIENT_CONFIG);

/** A `ClientError` `POINTE_ERR_CLIENT_AUTH_CONFIG` (internal). */
export const clientAuthConfigError = errorFactory(ClientError, ClientCodes.POINTE_ERR_CLIENT_AUTH_CONFIG);
