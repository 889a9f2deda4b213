/**
 * Checking the shape of an auth record at `attach()`: every field must be one the record has,
 * at any depth, so a typo (`certfile`, `audiences`, `pth`) fails with a message naming the
 * field instead of silently dropping a check. Each mechanism declares its record's `Shape`;
 * the values themselves are the mechanism's to check.
 */
import { ConfigError, isPlainObject } from '@pointe/common';
import { ListenerErrorCodes } from '../errors.js';
import type { ConfigLocation } from './auth-provider.js';

/** A field whose value the mechanism checks itself. */
export const VALUE = null;

/** The fields of a record, each a value or a nested record. */
export interface Shape {
  readonly [field: string]: Shape | typeof VALUE;
}

/** `service '/foo' resource 'get bar'`, or the owner of a record held outside an annotation. */
export function describeLocation(at: ConfigLocation): string {
  if (at.owner !== undefined) return at.owner;
  return at.resource === undefined ? `service '${at.service}'` : `service '${at.service}' resource '${at.resource}'`;
}

/** A `ConfigError` (`POINTE_ERR_INVALID_AUTH_CONFIG`) naming where the record sits and the problem. */
export function invalidAuthConfig(at: ConfigLocation, problem: string): ConfigError {
  return new ConfigError(ListenerErrorCodes.INVALID_AUTH_CONFIG, `${describeLocation(at)}: ${problem}`);
}

/** Throws `invalidAuthConfig` for the first unknown field or non-object record of `value` (at `at.field`). */
export function checkShape(value: unknown, shape: Shape, at: ConfigLocation): void {
  const problem = shapeProblem(value, shape, at.field);
  if (problem !== undefined) throw invalidAuthConfig(at, problem);
}

function shapeProblem(value: unknown, shape: Shape, field: string): string | undefined {
  if (!isPlainObject(value)) return `${field} must be an object`;
  for (const [key, member] of Object.entries(value)) {
    if (!Object.hasOwn(shape, key)) {
      return `${field} has unknown field '${key}'; allowed: ${Object.keys(shape).join(', ')}`;
    }
    const nested = shape[key];
    if (nested !== VALUE && nested !== undefined && member !== undefined) {
      const problem = shapeProblem(member, nested, `${field}.${key}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
