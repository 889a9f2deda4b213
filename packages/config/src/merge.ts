/**
 * Merges one file's tables into the configuration read so far.
 *
 * The rule, applied key by key:
 * - table and table: merged deeply;
 * - array of tables and array of tables (`[[auth.users]]` in both): concatenated in file order,
 *   so users can be spread over files;
 * - value and value (strings, numbers, dates, arrays of values): the later file wins, so a
 *   local file can override a shared one;
 * - a table in one file and a value in the other, or an array of tables against an array of
 *   values: `POINTE_ERR_CONFIG_MERGE`, since one of the two files has the key wrong and
 *   silently dropping either would hide it.
 */
import { ConfigError, ConfigErrorCodes } from './errors.js';
import { formatKeyPath } from './key-path.js';
import { copyValue, isTable, isTableArray, setOwn } from './values.js';

/** Merges `incoming` (the tables of `file`) into `target` in place, following the rule above. */
export function mergeConfig(target: Record<string, unknown>, incoming: Record<string, unknown>, file: string): void {
  mergeTables(target, incoming, file, []);
}

function mergeTables(target: Record<string, unknown>, incoming: Record<string, unknown>, file: string, path: string[]): void {
  for (const [key, value] of Object.entries(incoming)) {
    const keyPath = [...path, key];
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (existing === undefined) {
      setOwn(target, key, copyValue(value));
    } else if (isTable(existing) && isTable(value)) {
      mergeTables(existing, value, file, keyPath);
    } else if (isTableArray(existing) && isTableArray(value)) {
      existing.push(...value.map((entry) => copyValue(entry) as Record<string, unknown>));
    } else if (kindOf(existing) !== kindOf(value)) {
      throw new ConfigError(
        ConfigErrorCodes.MERGE,
        `${file}: '${formatKeyPath(keyPath)}' is ${describe(value)} here but ${describe(existing)} in an earlier file; use the same kind in every file`,
      );
    } else {
      setOwn(target, key, copyValue(value));
    }
  }
}

/** What a key holds, for the merge: only values (scalars, dates, arrays of values) may replace each other. */
function kindOf(value: unknown): 'table' | 'array of tables' | 'value' {
  if (isTable(value)) return 'table';
  if (Array.isArray(value) && value.length > 0 && isTableArray(value)) return 'array of tables';
  return 'value';
}

function describe(value: unknown): string {
  const kind = kindOf(value);
  return kind === 'value' ? 'a value' : `${kind === 'table' ? 'a' : 'an'} ${kind}`;
}
