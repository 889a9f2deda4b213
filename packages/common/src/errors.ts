/**
 * The error convention of every Pointe package, after Fastify's `lib/errors.js`: each package
 * declares its codes once in a table whose keys equal their values (`declareCodes`), each
 * family of failures has one class, and the code is a property. The message is for people: it
 * names the service, resource, field or file at fault and the fix, and never starts with the
 * code, so wrapping one error's message in another's needs no stripping.
 */

/**
 * The base of every error Pointe throws on purpose. `code` is stable (`POINTE_ERR_*`): match on
 * it, not on the message.
 *
 * @example
 * try { listener.attach(new Api(), '/api'); }
 * catch (err) { if (err instanceof PointeError && err.code === 'POINTE_ERR_INVALID_AUTH_CONFIG') ... }
 */
export class PointeError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  /** @deprecated The message no longer carries the code; this is `message`. */
  get detail(): string {
    return this.message;
  }

  /** `ConfigError [POINTE_ERR_X]: message`, as Fastify prints its errors. */
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

/** A configuration that cannot work. Thrown at construction, `attach()` or `start()`, never per request. */
export class ConfigError extends PointeError {}

/**
 * A table of error codes whose every key equals its value, checked by the compiler:
 * `declareCodes({ POINTE_ERR_X: 'POINTE_ERR_X' })`. Each code is declared once, with its doc
 * comment, in its package's `errors.ts`.
 */
export function declareCodes<const T extends { readonly [K in keyof T]: K }>(table: T): Readonly<T> {
  return Object.freeze(table);
}

/**
 * A factory for one code's errors, like Fastify's `createError(code, ...)`: declared once beside
 * the code, called where the failure is found, instead of a local `invalid()` helper per file.
 *
 * @example
 * export const invalidAuthConfigError = errorFactory(ConfigError, ListenerCodes.POINTE_ERR_INVALID_AUTH_CONFIG);
 * throw invalidAuthConfigError(`service '/foo': auth[0] has unknown field 'x'`);
 */
export function errorFactory<E extends PointeError, C extends string>(
  ErrorClass: new (code: C, message: string, options?: { cause?: unknown }) => E,
  code: C,
): (message: string, options?: { cause?: unknown }) => E {
  return (message, options) => new ErrorClass(code, message, options);
}

/** A non-null object that is not an array: a config record or a JSON object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What to say of an error being wrapped in another's message: its message, or anything else as a string. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
