/**
 * Every error `@pointe/http` throws on purpose, each with a stable `POINTE_ERR_*` code.
 * Declared once here (like Fastify's lib/errors.js); messages name what is wrong and the fix.
 */
import { ConfigError, PointeError } from '@pointe/common';

export { ConfigError, PointeError };

/** Stable codes of the listener side. */
export const ListenerErrorCodes = {
  /** `@ResourceConfig({ auth: { scopes } })` on a service without `auth`. */
  SCOPES_WITHOUT_SERVICE_AUTH: 'POINTE_ERR_SCOPES_WITHOUT_SERVICE_AUTH',
  /** An `auth` element that is not one of the four record kinds, or has unknown fields. */
  INVALID_AUTH_CONFIG: 'POINTE_ERR_INVALID_AUTH_CONFIG',
  /** `secureSocket` that cannot be loaded (unreadable cert/key, bad password). */
  INVALID_SECURE_SOCKET: 'POINTE_ERR_INVALID_SECURE_SOCKET',
  /** Two resources on the same method and path, or an attach path in use. */
  DUPLICATE_ROUTE: 'POINTE_ERR_DUPLICATE_ROUTE',
  /** `attach()` of something that is not a decorated service instance, or after `start()`. */
  INVALID_SERVICE: 'POINTE_ERR_INVALID_SERVICE',
  /** `attach()` of a class with no recognisable resources (no `@Get`... in either decorator convention, no `defineService`). */
  NO_RESOURCES: 'POINTE_ERR_NO_RESOURCES',
  /** `start()` twice, or a port that cannot be bound. */
  LISTENER_STATE: 'POINTE_ERR_LISTENER_STATE',
} as const;

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

/** Stable codes of the client side. */
export const ClientErrorCodes = {
  /** A client option that cannot work (`timeout`, `httpVersion`, `customHeaders`, unknown field). */
  INVALID_CONFIG: 'POINTE_ERR_CLIENT_CONFIG',
  /** `auth` matches no record, or more than one (ambiguous), or lacks a required field. */
  INVALID_AUTH_CONFIG: 'POINTE_ERR_CLIENT_AUTH_CONFIG',
  /** `secureSocket` files cannot be read. */
  INVALID_SECURE_SOCKET: 'POINTE_ERR_CLIENT_SECURE_SOCKET',
  /** The URL is not absolute http(s). */
  INVALID_URL: 'POINTE_ERR_CLIENT_URL',
  /** Network failure, TLS failure, or timeout. */
  REQUEST_FAILED: 'POINTE_ERR_CLIENT_REQUEST',
  /** Credentials could not be produced or were refused by a token endpoint. */
  AUTH_FAILED: 'POINTE_ERR_CLIENT_AUTH',
  /** A payload could not be read as asked (not JSON...). */
  PAYLOAD: 'POINTE_ERR_CLIENT_PAYLOAD',
} as const;
