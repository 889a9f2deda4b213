/**
 * Every error `@pointe/config` throws on purpose, each with a stable `POINTE_ERR_*` code.
 * Declared once here (like Fastify's lib/errors.js); messages name the file, the line and the fix.
 */
import { ConfigError } from '@pointe/common';

export { ConfigError };

/** Stable codes of configuration loading. */
export const ConfigErrorCodes = {
  /** A listed configuration file is missing, unreadable, or a directory. */
  FILE: 'POINTE_ERR_CONFIG_FILE',
  /** A configuration file is not valid TOML (the message names file, line, column and the parser's reason). */
  TOML: 'POINTE_ERR_CONFIG_TOML',
  /** Two files disagree on the shape of a key: a table in one, a value in the other. */
  MERGE: 'POINTE_ERR_CONFIG_MERGE',
} as const;
