/**
 * Checking the shape of an auth record at `attach()`: every field must be one the record has,
 * at any depth, so a typo (`certfile`, `audiences`, `pth`) fails with a message naming the
 * field instead of silently dropping a check. Each mechanism declares its record's `Shape`;
 * the values themselves are the mechanism's to check.
 */
import { VALUE, fieldShapeProblem, type ConfigError, type FieldShape } from '@pointe/common';
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
