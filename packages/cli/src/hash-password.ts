/**
 * `pointe hash-password [--algorithm argon2id|bcrypt|scrypt]`: prints a hash to paste into
 * `Config.toml` as a `[[auth.users]]` password.
 *
 * The password comes from stdin, never from an argument (arguments show up in `ps` and shell
 * history): the first line of a pipe, or, at a terminal, typed twice with echo off.
 */
import { hashPassword, PASSWORD_HASH_ALGORITHMS, type PasswordHashAlgorithm } from '@pointe/auth';
import { parseCommandArgs, usageError } from './args.js';
import { type CliIO, ExitCode } from './io.js';
import { PromptCancelled, readFirstLine, readHiddenLines } from './read-password.js';

/** The usage text of `pointe hash-password`. */
export const HASH_PASSWORD_USAGE = `Usage: pointe hash-password [--algorithm ${PASSWORD_HASH_ALGORITHMS.join('|')}]

Reads a password from stdin (the first line; at a terminal, asks twice without echo) and
prints its hash, for the password field of a [[auth.users]] entry in Config.toml.

Options:
  -a, --algorithm <name>  ${PASSWORD_HASH_ALGORITHMS.join(', ')} (default ${PASSWORD_HASH_ALGORITHMS[0]})
  -h, --help              show this help
`;

/**
 * Runs `pointe hash-password` with `args` (what follows the command name) and returns the exit
 * code: 0 with the hash and a newline on stdout; 1 for an empty password, passwords that differ,
 * or one that can't be hashed; 2 for a usage mistake; 130 for Ctrl-C at the prompt.
 */
export async function hashPasswordCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(args);
  if (typeof parsed === 'string') return usageError(io, 'hash-password', parsed, HASH_PASSWORD_USAGE);
  if (parsed.help) {
    io.stdout.write(HASH_PASSWORD_USAGE);
    return ExitCode.OK;
  }

  let password: string | undefined;
  try {
    password = await readPassword(io);
  } catch (error) {
    if (!(error instanceof PromptCancelled)) throw error;
    io.stderr.write('pointe hash-password: cancelled\n');
    return ExitCode.INTERRUPTED;
  }
  if (password === undefined) return ExitCode.FAILURE;
  if (password === '') {
    io.stderr.write('pointe hash-password: the password is empty\n');
    return ExitCode.FAILURE;
  }

  try {
    io.stdout.write(`${await hashPassword(password, { algorithm: parsed.algorithm })}\n`);
    return ExitCode.OK;
  } catch (error) {
    // The code first, as before errors carried it as a property: `POINTE_ERR_PASSWORD_HASH: the password is too long...`.
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`pointe hash-password: ${typeof code === 'string' ? `${code}: ` : ''}${message}\n`);
    return ExitCode.FAILURE;
  }
}

/** The options, or what is wrong with them. */
function parseOptions(args: readonly string[]): { algorithm: PasswordHashAlgorithm; help: boolean } | string {
  const parsed = parseCommandArgs(args, { algorithm: { type: 'string', short: 'a' }, help: { type: 'boolean', short: 'h' } });
  if (typeof parsed === 'string') return parsed;
  const algorithm = parsed.values.algorithm ?? PASSWORD_HASH_ALGORITHMS[0];
  if (!isAlgorithm(algorithm)) return `unknown algorithm '${algorithm}'; use one of ${PASSWORD_HASH_ALGORITHMS.join(', ')}`;
  return { algorithm, help: parsed.values.help === true };
}

function isAlgorithm(name: string | undefined): name is PasswordHashAlgorithm {
  return (PASSWORD_HASH_ALGORITHMS as readonly (string | undefined)[]).includes(name);
}

/** The password from a pipe, or typed twice at a terminal; `undefined` (reported) when the two differ. */
async function readPassword(io: CliIO): Promise<string | undefined> {
  if (io.stdin.isTTY !== true) return readFirstLine(io.stdin);
  const [first, second] = await readHiddenLines(io.stdin, io.stderr, ['Password: ', 'Repeat password: ']);
  if (first === '' || first === second) return first;
  io.stderr.write('pointe hash-password: the passwords do not match\n');
  return undefined;
}
