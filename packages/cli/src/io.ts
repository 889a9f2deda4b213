/**
 * The streams a command talks to, so tests can hand it fakes instead of the process's own.
 */

/** An input stream; `isTTY` and `setRawMode` exist when it is a terminal (`tty.ReadStream`). */
export interface CliInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** The standard streams of one command run. */
export interface CliIO {
  stdin: CliInput;
  /** `isTTY` is set when it is a terminal (`tty.WriteStream`): then commands may colour and show progress. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** The environment (`NO_COLOR`, `POINTE_CONFIG_FILES`). Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The directory relative paths are resolved against. Default `process.cwd()`. */
  cwd?: string;
}

/** Exit codes: success, a failure the user can fix by trying again, a usage mistake, Ctrl-C. */
export const ExitCode = { OK: 0, FAILURE: 1, USAGE: 2, INTERRUPTED: 130 } as const;
