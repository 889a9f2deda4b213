/**
 * The base of every error Pointe throws on purpose. `code` is stable (`POINTE_ERR_*`): match on
 * it, not on the message. Messages name the service, resource or field at fault and the fix.
 */
export class PointeError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration that cannot work. Thrown at construction, `attach()` or `start()`, never per request. */
export class ConfigError extends PointeError {}
