/**
 * Small checks of config values, each throwing an `OAuth2ConfigError` that names the field,
 * used by `check-config.ts` for every record.
 */
import { isPlainObject, valueChecks } from '@pointe/common';
import { configError } from './errors.js';

export function requireRecord(value: unknown, field: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw configError(field, 'must be a record (an object)');
  return value;
}

export function knownFields(record: Record<string, unknown>, known: readonly string[], field: string, type: string): void {
  const unknown = Object.keys(record).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw configError(field, `unknown field(s) ${unknown.map((f) => `'${f}'`).join(', ')} for ${type}; it takes ${known.join(', ')}`);
  }
}

export const { requireString, optionalString, seconds, positiveInteger, secureEndpointUrl } = valueChecks(configError);

/** A `Record<string, string>` as pairs, in order. */
export function stringMap(value: unknown, field: string): Array<[string, string]> {
  if (value === undefined) return [];
  const record = requireRecord(value, field);
  return Object.entries(record).map(([key, entry]): [string, string] => {
    if (typeof entry !== 'string') throw configError(`${field}.${key}`, `must be a string, got ${typeof entry}`);
    return [key, entry];
  });
}

/**
 * An endpoint URL: `https:`, or `http:` to a loopback address only — over plain HTTP to
 * anywhere else the client secret, the password and the tokens travel readable — and no
 * credentials in the URL itself.
 */
export function endpointUrl(value: unknown, field: string): URL {
  const url = secureEndpointUrl(value, field);
  if (url.username !== '' || url.password !== '') throw configError(field, 'must not carry credentials in the URL; use clientId/clientSecret or clientConfig.auth');
  return url;
}
