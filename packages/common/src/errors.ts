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
