/**
 * Shape tests and safe copies of parsed TOML values, shared by the merge and the source walk.
 */

/** A TOML table (standard or inline): a plain object, not an array or a date. */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** An array whose every element is a table: `[[x]]` entries or `x = [{...}]`. An empty array counts. */
export function isTableArray(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every(isTable);
}

/**
 * Sets an own property. Plain assignment would let a TOML key named `__proto__` replace the
 * object's prototype (prototype pollution); defining the property stores it as data.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of a parsed value into plain objects and arrays, so merging never mutates the parser's output. */
export function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (isTable(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) setOwn(copy, key, copyValue(inner));
    return copy;
  }
  return value;
}
