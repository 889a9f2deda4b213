/**
 * Small checks of config values, each throwing an `OAuth2ConfigError` that names the field,
 * used by `check-config.ts` for every record.
 */
import { isPlainObject } from '@pointe/common';
import { OAuth2ConfigError, configError } from './errors.js';

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

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw configError(field, 'must be a non-empty string');
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field);
}

/** A duration in seconds ≥ 0 (or > 0 when `positive`), `fallback` when unset. */
export function seconds(value: unknown, field: string, fallback: number, positive = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw configError(field, `must be a ${positive ? 'positive' : 'non-negative'} number of seconds, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function positiveInteger(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw configError(field, `must be an integer ≥ 1, got ${JSON.stringify(value)}`);
  return value;
}

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
 * anywhere else the client secret, the password and the tokens travel readable.
 */
export function endpointUrl(value: unknown, field: string): URL {
  let url: URL;
  try {
    url = new URL(requireString(value, field));
  } catch (error) {
    if (error instanceof OAuth2ConfigError) throw error;
    throw configError(field, 'is not a valid URL', error);
  }
  if (url.username !== '' || url.password !== '') throw configError(field, 'must not carry credentials in the URL; use clientId/clientSecret or clientConfig.auth');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw configError(field, `must be an https: URL (http: only to localhost), got ${url.protocol}//${url.host}`);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
