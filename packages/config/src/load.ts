/**
 * Loads Pointe's TOML configuration: resolves which files to read, parses each, and merges them
 * (see `merge.ts` for the rule) into one tree, remembering where array-of-tables entries came from.
 */
import { mergeConfig } from './merge.js';
import { parseConfigFile } from './parse-file.js';
import { type ConfigFileOptions, resolveConfigFiles } from './resolve-files.js';
import { type EntrySource, recordEntrySources } from './sources.js';

/** The merged configuration and where it came from. */
export interface LoadedConfig {
  /** The merged tables of every file read; empty when no file was found. */
  data: Record<string, unknown>;
  /** The absolute paths read, in merge order. */
  files: string[];
  /**
   * For every array of tables (keyed by dotted path, e.g. `'auth.users'`), the origin of each
   * entry, index for index with the merged array in `data`.
   */
  sources: ReadonlyMap<string, readonly EntrySource[]>;
}

/**
 * Reads and merges the configuration files chosen by `options` (`files`, else
 * `POINTE_CONFIG_FILES`, else `<cwd>/Config.toml` when present, else none).
 *
 * Throws `ConfigError`: `POINTE_ERR_CONFIG_FILE` for a listed file that can't be read,
 * `POINTE_ERR_CONFIG_TOML` for invalid TOML (file, line, column, reason),
 * `POINTE_ERR_CONFIG_MERGE` for files that disagree on a key's shape. Synchronous: it runs
 * once at start-up, never per request.
 */
export function loadConfigFiles(options: ConfigFileOptions = {}): LoadedConfig {
  const files = resolveConfigFiles(options);
  const data: Record<string, unknown> = {};
  const sources = new Map<string, EntrySource[]>();
  for (const file of files) {
    const parsed = parseConfigFile(file);
    mergeConfig(data, parsed.data, file);
    recordEntrySources(parsed, sources);
  }
  return { data, files, sources };
}
