/**
 * Checking a config record's field names against the fields its type declares, at any depth,
 * so a typo (`certfile`, `audiences`, `pth`) fails with a message naming the field instead of
 * silently dropping a check. Each record declares its `FieldShape` beside its type; the values
 * are its owner's to check.
 */
import { isPlainObject } from './errors.js';

/** A field whose value the record's owner checks itself. */
export const VALUE = null;

/** The fields of a record, each a value or a nested record. */
export interface FieldShape {
  readonly [field: string]: FieldShape | typeof VALUE;
}

/** The first unknown field or non-object record of `value` (which sits at `field`), as a sentence; `undefined` when none. */
export function fieldShapeProblem(value: unknown, shape: FieldShape, field: string): string | undefined {
  if (!isPlainObject(value)) return `${field} must be an object`;
  for (const [key, member] of Object.entries(value)) {
    if (!Object.hasOwn(shape, key)) {
      return `${field} has unknown field '${key}'; allowed: ${Object.keys(shape).join(', ')}`;
    }
    const nested = shape[key];
    if (nested !== VALUE && nested !== undefined && member !== undefined) {
      const problem = fieldShapeProblem(member, nested, `${field}.${key}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
