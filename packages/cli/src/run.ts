/**
 * The `pointe` command line: picks the command and runs it. Each command lives in its own file.
 */
import { certCommand } from './cert.js';
import { doctorCommand } from './doctor/doctor.js';
import { hashPasswordCommand } from './hash-password.js';
import { type CliIO, ExitCode } from './io.js';
import { tokenCommand } from './token.js';

/** The usage text of `pointe`. */
export const USAGE = `Usage: pointe <command> [options]

Commands:
  hash-password   read a password from stdin and print its hash for Config.toml
  cert            write a self-signed development certificate and key (optionally PKCS#12)
  token           print a signed development JWT
  doctor          check a service's configuration: Config.toml, certificates, JWKS, introspection, LDAP

Run 'pointe <command> --help' for a command's options.
`;

/**
 * Runs `pointe` with `argv` (the arguments after the program name) and returns the exit code:
 * `--help` prints the usage (0); no command or an unknown one prints it to stderr (2).
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'hash-password':
      return hashPasswordCommand(args, io);
    case 'cert':
      return certCommand(args, io);
    case 'token':
      return tokenCommand(args, io);
    case 'doctor':
      return doctorCommand(args, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(USAGE);
      return ExitCode.OK;
    case undefined:
      io.stderr.write(USAGE);
      return ExitCode.USAGE;
    default:
      io.stderr.write(`pointe: unknown command '${command}'\n\n${USAGE}`);
      return ExitCode.USAGE;
  }
}
