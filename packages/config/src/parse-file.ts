/**
 * Reads one TOML file, turning every failure into a `ConfigError` that names the file.
 */
import { readFileSync } from 'node:fs';
import { parse } from '@iarna/toml';
import { ConfigError, ConfigErrorCodes } from './errors.js';

/** One parsed configuration file: its tables and its text (for locating entries by line). */
export interface ParsedConfigFile {
  /** The absolute path read. */
  file: string;
  /** The file's text, without a leading byte-order mark. */
  text: string;
  /** The parsed tables. */
  data: Record<string, unknown>;
}

/** The fields `@iarna/toml` adds to its parse errors (0-based `line` and `col`). */
interface TomlParseError {
  message: string;
  line: number;
  col: number;
  pos: number;
}

/** Reads and parses `file`; throws `POINTE_ERR_CONFIG_FILE` or `POINTE_ERR_CONFIG_TOML`. */
export function parseConfigFile(file: string): ParsedConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(ConfigErrorCodes.FILE, `cannot read configuration file '${file}' (${reason}); check the path and its permissions`, { cause });
  }
  // Editors on Windows may save a byte-order mark, which TOML does not allow.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return { file, text, data: parse(text) as Record<string, unknown> };
  } catch (cause) {
    if (!isTomlParseError(cause)) throw cause;
    throw new ConfigError(
      ConfigErrorCodes.TOML,
      `${file}:${cause.line + 1}:${cause.col + 1}: invalid TOML: ${tomlReason(cause)}`,
      { cause },
    );
  }
}

function isTomlParseError(error: unknown): error is TomlParseError {
  if (typeof error !== 'object' || error === null) return false;
  const { line, col, pos } = error as Partial<TomlParseError>;
  return typeof line === 'number' && typeof col === 'number' && typeof pos === 'number';
}

/**
 * The parser's reason alone. `@iarna/toml` appends the offending source lines to its message;
 * those may hold a password, so they never reach our message (the file and line are enough).
 */
function tomlReason(error: TomlParseError): string {
  const suffix = ` at row ${error.line + 1}, col ${error.col + 1}, pos ${error.pos}:`;
  const end = error.message.indexOf(suffix);
  return end >= 0 ? error.message.slice(0, end) : (error.message.split('\n')[0] ?? '');
}
