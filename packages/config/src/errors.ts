/**
 * Every error `@pointe/config` throws on purpose, each code declared once (like Fastify's
 * lib/errors.js). All are `ConfigError`s; messages name the file, the line and the fix.
 */
import { ConfigError, declareCodes } from '@pointe/common';

export { ConfigError };

/** The codes of `@pointe/config`; each key is its code. */
export const ConfigCodes = declareCodes({
  /** A listed configuration file is missing, unreadable, or a directory. */
  POINTE_ERR_CONFIG_FILE: 'POINTE_ERR_CONFIG_FILE',
  /** A configuration file is not valid TOML (the message names file, line, column and the parser's reason). */
  POINTE_ERR_CONFIG_TOML: 'POINTE_ERR_CONFIG_TOML',
  /** Two files disagree on the shape of a key: a table in one, a value in the other. */
  POINTE_ERR_CONFIG_MERGE: 'POINTE_ERR_CONFIG_MERGE',
});

/** @deprecated Use {@link ConfigCodes} (keyed by the code itself). */
export const ConfigErrorCodes = {
  FILE: ConfigCodes.POINTE_ERR_CONFIG_FILE,
  TOML: ConfigCodes.POINTE_ERR_CONFIG_TOML,
  MERGE: ConfigCodes.POINTE_ERR_CONFIG_MERGE,
} as const;
