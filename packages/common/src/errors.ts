/**
 * The base of every error Pointe throws on purpose. `code` is stable (`POINTE_ERR_*`): match on
 * it, not on the message. Messages name the service, resource or field at fault and the fix.
 */
export class PointeError extends Error {
  readonly code: string;
  /** The message without its `POINTE_ERR_*: ` prefix, for wrapping it in another error's message. */
  readonly detail: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = new.target.name;
    this.code = code;
    this.detail = message;
  }
}

/** A configuration that cannot work. Thrown at construction, `attach()` or `start()`, never per request. */
export class ConfigError extends PointeError {}

/** A non-null object that is not an array: a config record or a JSON object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What to say of an error being wrapped in another's message: a Pointe error's `detail` (its
 * code stays on the `cause`), an Error's message, anything else as a string.
 */
export function describeError(error: unknown): string {
  if (error instanceof PointeError) return error.detail;
  return error instanceof Error ? error.message : String(error);
}
