/**
 * Checking the shape of an auth record at `attach()`: every field must be one the record has,
 * at any depth, so a typo (`certfile`, `audiences`, `pth`) fails with a message naming the
 * field instead of silently dropping a check. Each mechanism declares its record's `Shape`;
 * the values themselves are the mechanism's to check.
 */
import { ConfigError, PointeError, VALUE, fieldShapeProblem, type FieldShape } from '@pointe/common';
import { invalidAuthConfigError } from '../errors.js';
import type { ConfigLocation } from './auth-provider.js';

export { VALUE };

/** The fields of a record, each a value or a nested record. */
export type Shape = FieldShape;

/** `service '/foo' resource 'get bar'`, or the owner of a record held outside an annotation. */
export function describeLocation(at: ConfigLocation): string {
  if (at.owner !== undefined) return at.owner;
  return at.resource === undefined ? `service '${at.service}'` : `service '${at.service}' resource '${at.resource}'`;
}

/** A `ConfigError` (`POINTE_ERR_INVALID_AUTH_CONFIG`) naming where the record sits and the problem. */
export function invalidAuthConfig(at: ConfigLocation, problem: string): ConfigError {
  return invalidAuthConfigError(`${describeLocation(at)}: ${problem}`);
}

/** Throws `invalidAuthConfig` for the first unknown field or non-object record of `value` (at `at.field`). */
export function checkShape(value: unknown, shape: Shape, at: ConfigLocation): void {
  const problem = fieldShapeProblem(value, shape, at.field);
  if (problem !== undefined) throw invalidAuthConfig(at, problem);
}

/**
 * `build()` (a store, a validator: what checks a record at `attach()`), with a `PointeError` it
 * throws re-thrown as a `ConfigError` naming where the record sits (service, resource or handler)
 * before the field, keeping its code (`POINTE_ERR_LDAP_CONFIG`, `POINTE_ERR_OAUTH2_CONFIG`, the
 * TLS loader's...). `prefix` goes before the error's message, for builders whose messages name
 * fields relative to the record (the JWT validator's `signatureConfig: ...`).
 */
export function locatedConfig<T>(at: ConfigLocation, build: () => T, prefix = ''): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof PointeError) throw new ConfigError(error.code, `${describeLocation(at)}: ${prefix}${error.message}`, { cause: error });
    throw error;
  }
}
