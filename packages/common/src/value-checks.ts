/**
 * The small checks of config values every package's records need (a non-empty string, a
 * duration in seconds, a positive integer, an endpoint URL that is `https:` or loopback `http:`),
 * written once. Each package binds them to its own error factory, so a mistake is thrown in
 * that package's family (`JwtCodes`, `OAuth2ErrorCode`...) and names the field.
 */

/** Makes the error a check throws: the field at fault, what is wrong with it, and the cause. */
export type ConfigProblem = (field: string, problem: string, cause?: unknown) => Error;

export interface ValueChecks {
  /** A non-empty string. */
  requireString(value: unknown, field: string): string;
  /** `undefined`, or a non-empty string. */
  optionalString(value: unknown, field: string): string | undefined;
  /** A duration in seconds ≥ 0 (or > 0 when `positive`), `fallback` when unset. */
  seconds(value: unknown, field: string, fallback: number, positive?: boolean): number;
  /** An integer ≥ 1, `fallback` when unset. */
  positiveInteger(value: unknown, field: string, fallback: number): number;
  /**
   * A URL that is `https:`, or `http:` to a loopback address only: over plain HTTP to anywhere
   * else, keys can be substituted and secrets and tokens read on the path.
   */
  secureEndpointUrl(value: unknown, field: string): URL;
}

/** The checks, throwing errors made by `fail`. */
export function valueChecks(fail: ConfigProblem): ValueChecks {
  const requireString = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value.length === 0) throw fail(field, 'must be a non-empty string');
    return value;
  };
  return {
    requireString,
    optionalString: (value, field) => (value === undefined ? undefined : requireString(value, field)),
    seconds(value, field, fallback, positive = false) {
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
        throw fail(field, `must be a ${positive ? 'positive' : 'non-negative'} number of seconds, got ${JSON.stringify(value)}`);
      }
      return value;
    },
    positiveInteger(value, field, fallback) {
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw fail(field, `must be an integer ≥ 1, got ${JSON.stringify(value)}`);
      return value;
    },
    secureEndpointUrl(value, field) {
      const text = requireString(value, field);
      let url: URL;
      try {
        url = new URL(text);
      } catch (error) {
        throw fail(field, 'is not a valid URL', error);
      }
      if (url.protocol === 'https:') return url;
      if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
      throw fail(field, `must be an https: URL (http: only to localhost), got ${url.protocol}//${url.host}`);
    },
  };
}

/** `localhost`, `[::1]` or 127.x.x.x. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
