/**
 * Small checks of config values, shared by the validator and the issuer. Each throws a
 * `ConfigError` naming the field, so a mistake is reported at construction, not per request.
 */
import { valueChecks } from '@pointe/common';
import { configError } from './errors.js';

export const { requireString, optionalString, seconds, positiveInteger, secureEndpointUrl } = valueChecks(configError);

/** `audience` as a list: a string or a non-empty array of non-empty strings. */
export function optionalAudience(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [requireString(value, field)];
  if (Array.isArray(value) && value.length > 0) return value.map((v, i) => requireString(v, `${field}[${i}]`));
  throw configError(field, 'must be a non-empty string or a non-empty array of strings');
}
