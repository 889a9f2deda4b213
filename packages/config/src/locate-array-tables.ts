/**
 * Finds the lines of a TOML text's `[[array.of.tables]]` headers, so an error about the n-th
 * entry (`[[auth.users]]` #2 has no password) can point at the line the user wrote.
 *
 * The TOML parser keeps no positions, so this is a line scanner: it matches header lines,
 * reads their dotted key (bare, "basic" or 'literal' parts, whitespace around dots), and skips
 * multi-line strings so a header-like line inside one is not counted. An entry written as an
 * inline array (`users = [{ ... }]`) has no header and is not found; callers compare the count
 * with the parsed array before trusting the lines.
 */
import { formatKeyPath } from './key-path.js';

/**
 * The 1-based line numbers of every `[[path]]` header in `text`, in order.
 * `path` is a dotted key path as `formatKeyPath` writes it, e.g. `'auth.users'`.
 */
export function locateArrayTables(text: string, path: string): number[] {
  return locateAllArrayTables(text).get(path) ?? [];
}

/** The 1-based lines of every `[[...]]` header in `text`, grouped by the header's key path. */
export function locateAllArrayTables(text: string): Map<string, number[]> {
  const found = new Map<string, number[]>();
  let openString: '"""' | "'''" | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    if (openString === undefined) {
      const keys = arrayTableHeaderKeys(line);
      if (keys !== undefined) {
        const path = formatKeyPath(keys);
        found.set(path, [...(found.get(path) ?? []), index + 1]);
        return;
      }
    }
    openString = multilineStringStateAfter(line, openString);
  });
  return found;
}

const HEADER = /^\s*\[\[(.*?)\]\]\s*(?:#.*)?$/;

/** The keys of an array-of-tables header line, or undefined when the line is not one. */
function arrayTableHeaderKeys(line: string): string[] | undefined {
  const match = HEADER.exec(line);
  if (match === null) return undefined;
  const keys: string[] = [];
  const part = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(\.|$)/y;
  const inner = match[1] ?? '';
  for (;;) {
    const key = part.exec(inner);
    if (key === null) return undefined;
    keys.push(key[1] ?? unescapeBasic(key[2]) ?? key[3] ?? '');
    if (key[4] === '') return keys;
  }
}

function unescapeBasic(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** Whether a multi-line string is still open after `line`, given whether one was open before it. */
function multilineStringStateAfter(line: string, open: '"""' | "'''" | undefined): '"""' | "'''" | undefined {
  let state = open;
  let i = 0;
  while (i < line.length) {
    if (state === undefined) {
      if (line[i] === '#') return undefined;
      const delimiter = line.startsWith('"""', i) ? '"""' : line.startsWith("'''", i) ? "'''" : undefined;
      if (delimiter !== undefined) {
        state = delimiter;
        i += 3;
      } else if (line[i] === '"' || line[i] === "'") {
        i = endOfSingleLineString(line, i);
      } else {
        i += 1;
      }
    } else {
      const close = line.indexOf(state, i);
      if (close < 0) return state;
      if (state === '"""' && isEscaped(line, close)) {
        i = close + 1;
        continue;
      }
      // Up to two quotes may sit right before the closing delimiter (`""""` ends with a quote in the string).
      let end = close + 3;
      while (line[end] === state[0] && end - close < 5) end += 1;
      state = undefined;
      i = end;
    }
  }
  return state;
}

/** The index just past a one-line string starting at `start` (a basic string honours `\"`). */
function endOfSingleLineString(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i += 1) {
    if (quote === '"' && line[i] === '\\') {
      i += 1;
    } else if (line[i] === quote) {
      return i + 1;
    }
  }
  return line.length;
}

function isEscaped(line: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && line[i] === '\\'; i -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}
