/**
 * Where each entry of an array of tables came from: file and, when the entry was written as a
 * `[[header]]`, the header's line. Lets a consumer (the file user store) say
 * `Config.toml:7: [[auth.users]] entry #2 has no password` although the parser keeps no positions.
 */
import { formatKeyPath } from './key-path.js';
import { locateAllArrayTables } from './locate-array-tables.js';
import type { ParsedConfigFile } from './parse-file.js';
import { isTable, isTableArray } from './values.js';

/** The origin of one entry of an array of tables. */
export interface EntrySource {
  /** The absolute path of the file the entry is in. */
  file: string;
  /**
   * The 1-based line of the entry's `[[...]]` header. Absent when the entry was written as an
   * inline table (`users = [{ ... }]`) or the headers could not be matched to the entries.
   */
  line?: number;
}

/**
 * Appends to `sources` the origin of every entry of every array of tables in `parsed`, keyed by
 * the array's dotted path (`formatKeyPath`). Arrays nested inside array entries are not tracked.
 */
export function recordEntrySources(parsed: ParsedConfigFile, sources: Map<string, EntrySource[]>): void {
  const headerLines = locateAllArrayTables(parsed.text);
  walkTables(parsed.data, [], (path, entries) => {
    const key = formatKeyPath(path);
    const lines = headerLines.get(key) ?? [];
    // Trust the scanned lines only when they pair one to one with the parsed entries.
    const paired = lines.length === entries.length;
    const found = entries.map((_, index): EntrySource => {
      const line = paired ? lines[index] : undefined;
      return line === undefined ? { file: parsed.file } : { file: parsed.file, line };
    });
    sources.set(key, [...(sources.get(key) ?? []), ...found]);
  });
}

function walkTables(
  table: Record<string, unknown>,
  path: string[],
  onTableArray: (path: string[], entries: Record<string, unknown>[]) => void,
): void {
  for (const [key, value] of Object.entries(table)) {
    if (isTable(value)) walkTables(value, [...path, key], onTableArray);
    else if (Array.isArray(value) && value.length > 0 && isTableArray(value)) onTableArray([...path, key], value);
  }
}
