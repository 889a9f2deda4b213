/**
 * Which configuration files to read, in merge order.
 *
 * `files` (given in code) wins, then `POINTE_CONFIG_FILES` (paths separated by `:`, as in
 * `PATH`; empty parts ignored), then `Config.toml` in the working directory when it exists.
 * Explicitly listed files must exist; the default one is optional.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where configuration files are looked for; every field defaults to the process's own. */
export interface ConfigFileOptions {
  /** Files to read, in order; relative paths are resolved against `cwd`. Overrides the environment. */
  files?: string[];
  /** The directory relative paths and the default `Config.toml` are resolved against. Default `process.cwd()`. */
  cwd?: string;
  /** The environment `POINTE_CONFIG_FILES` is read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** The environment variable listing configuration files, separated by `:`. */
export const CONFIG_FILES_ENV = 'POINTE_CONFIG_FILES';

/** The file read when nothing else is listed, relative to the working directory. */
export const DEFAULT_CONFIG_FILE = 'Config.toml';

/** The absolute paths to read, in order. Paths from `files` or the environment are returned whether or not they exist. */
export function resolveConfigFiles(options: ConfigFileOptions = {}): string[] {
  const cwd = options.cwd ?? process.cwd();
  if (options.files !== undefined) return options.files.map((file) => resolve(cwd, file));
  const listed = (options.env ?? process.env)[CONFIG_FILES_ENV];
  if (listed !== undefined && listed.trim() !== '') {
    return listed
      .split(':')
      .filter((part) => part.trim() !== '')
      .map((part) => resolve(cwd, part));
  }
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? [fallback] : [];
}
