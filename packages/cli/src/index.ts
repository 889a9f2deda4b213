/**
 * `pointe`, the command line: the commands as functions, for embedding and tests.
 */
export { runCli, USAGE } from './run.js';
export { hashPasswordCommand, HASH_PASSWORD_USAGE } from './hash-password.js';
export { readFirstLine, readHiddenLines, PromptCancelled } from './read-password.js';
export { ExitCode, type CliIO, type CliInput } from './io.js';
