export { loadConfigFiles, type LoadedConfig } from './load.js';
export { resolveConfigFiles, CONFIG_FILES_ENV, DEFAULT_CONFIG_FILE, type ConfigFileOptions } from './resolve-files.js';
export { locateArrayTables } from './locate-array-tables.js';
export { formatKeyPath } from './key-path.js';
export type { EntrySource } from './sources.js';
export { ConfigCodes, ConfigError, ConfigErrorCodes } from './errors.js';
