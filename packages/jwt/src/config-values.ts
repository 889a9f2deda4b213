/**
 * Small checks of config values, shared by the validator and the issuer. Each throws a
 * `ConfigError` naming the field, so a mistake is reported at construction, not per request.
 */
import { configError } from './errors.js';

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw configError(field, 'must be a non-empty string');
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field);
}

/** `audience` as a list: a string or a non-empty array of non-empty strings. */
export function optionalAudience(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [requireString(value, field)];
  if (Array.isArray(value) && value.length > 0) return value.map((v, i) => requireString(v, `${field}[${i}]`));
  throw configError(field, 'must be a non-empty string or a non-empty array of strings');
}

/** A duration in seconds ≥ 0 (or > 0 when `positive`), `fallback` when unset. */
export function seconds(value: unknown, field: string, fallback: number, positive = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw configError(field, `must be a ${positive ? 'positive' : 'non-negative'} number of seconds, got ${String(value)}`);
  }
  return value;
}

export function positiveInteger(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw configError(field, `must be an integer ≥ 1, got ${String(value)}`);
  }
  return value;
}
