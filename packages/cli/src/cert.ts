/**
 * `pointe cert`: writes a self-signed development certificate and its private key (and, with
 * `--p12`, a PKCS#12 key store) for a listener's `secureSocket`, generated on node:crypto by
 * `@pointe/crypto`, so no openssl is needed.
 *
 * The key store password comes from stdin, never from an argument (as for `hash-password`).
 * Existing files are never overwritten without `--force`; the key files are written 0600.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateSelfSignedCertificate } from '@pointe/crypto';
import { parseCommandArgs, usageError, wholeNumber } from './args.js';
import { type CliIO, ExitCode } from './io.js';
import { PromptCancelled, readFirstLine, readHiddenLines } from './read-password.js';

/** The usage text of `pointe cert`. */
export const CERT_USAGE = `Usage: pointe cert [--out certs] [--dns localhost]... [--ip 127.0.0.1]... [--days 30] [--key-type rsa|ec] [--p12]

Writes a self-signed development certificate (public.crt) and its private key (private.key),
for new Listener(port, { secureSocket: { key: { certFile, keyFile } } }). A client trusts it
with secureSocket: { cert: '<out>/public.crt' }. Not for production: no CA vouches for it.

Options:
  -o, --out <dir>          directory to write to (default certs)
  -n, --dns <name>         a DNS name in subjectAltName, repeatable (default localhost)
      --ip <address>       an IP address in subjectAltName, repeatable (default 127.0.0.1 and ::1)
  -d, --days <n>           validity in days, 1 to 3650 (default 30)
  -k, --key-type <type>    rsa (2048-bit) or ec (P-256) (default rsa)
      --p12                also write keystore.p12, for secureSocket: { key: { path, password } };
                           its password is read from stdin (at a terminal, asked twice)
      --alias <name>       the key's alias in keystore.p12 (default pointe)
  -f, --force              overwrite existing files
  -h, --help               show this help
`;

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  dns: { type: 'string', short: 'n', multiple: true },
  ip: { type: 'string', multiple: true },
  days: { type: 'string', short: 'd' },
  'key-type': { type: 'string', short: 'k' },
  p12: { type: 'boolean' },
  alias: { type: 'string' },
  force: { type: 'boolean', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs `pointe cert` and returns the exit code: 0 with the written paths on stdout; 1 when a
 * file exists (without `--force`), cannot be written, or the p12 password is empty; 2 for a
 * usage mistake (a bad name, address or day count); 130 for Ctrl-C at the prompt.
 */
export async function certCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (typeof parsed === 'string') return usageError(io, 'cert', parsed, CERT_USAGE);
  const { values } = parsed;
  if (values.help === true) {
    io.stdout.write(CERT_USAGE);
    return ExitCode.OK;
  }
  const days = wholeNumber(values.days, 'days', 30, 1, 3650);
  if (typeof days === 'string') return usageError(io, 'cert', days, CERT_USAGE);
  const keyType = values['key-type'] ?? 'rsa';
  if (keyType !== 'rsa' && keyType !== 'ec') return usageError(io, 'cert', `--key-type must be rsa or ec, not '${keyType}'`, CERT_USAGE);

  const cwd = io.cwd ?? process.cwd();
  const outDir = resolve(cwd, values.out ?? 'certs');
  const files = { cert: join(outDir, 'public.crt'), key: join(outDir, 'private.key'), p12: join(outDir, 'keystore.p12') };
  const targets = values.p12 === true ? [files.cert, files.key, files.p12] : [files.cert, files.key];
  const shown = (path: string) => relative(cwd, path) || path;
  const existing = targets.filter((path) => existsSync(path));
  if (existing.length > 0 && values.force !== true) {
    io.stderr.write(`pointe cert: ${existing.map(shown).join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to replace, or --out another directory\n`);
    return ExitCode.FAILURE;
  }

  let generated;
  try {
    generated = generateSelfSignedCertificate({
      keyType,
      validityDays: days,
      ...(values.dns === undefined ? {} : { dnsNames: values.dns }),
      ...(values.ip === undefined ? {} : { ipAddresses: values.ip }),
    });
  } catch (error) {
    if (error instanceof RangeError) return usageError(io, 'cert', error.message, CERT_USAGE);
    throw error;
  }

  let password: string | undefined;
  if (values.p12 === true) {
    try {
      password = await readStorePassword(io);
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      io.stderr.write('pointe cert: cancelled\n');
      return ExitCode.INTERRUPTED;
    }
    if (password === undefined) return ExitCode.FAILURE;
  }

  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(files.cert, generated.cert);
    writeFileSync(files.key, generated.key, { mode: 0o600 });
    if (password !== undefined) writeFileSync(files.p12, generated.toPkcs12(password, values.alias ?? 'pointe'), { mode: 0o600 });
  } catch (error) {
    io.stderr.write(`pointe cert: cannot write to ${shown(outDir)} (${error instanceof Error ? error.message : String(error)})\n`);
    return ExitCode.FAILURE;
  }

  const { x509 } = generated;
  io.stdout.write(`wrote ${targets.map(shown).join(', ')}\n`);
  io.stdout.write(`  subject ${x509.subject}, ${x509.subjectAltName ?? ''}\n  valid until ${new Date(x509.validTo).toISOString()}\n`);
  io.stdout.write(`  listener: secureSocket: { key: { certFile: '${shown(files.cert)}', keyFile: '${shown(files.key)}' } }\n`);
  io.stdout.write(`  client:   secureSocket: { cert: '${shown(files.cert)}' }\n`);
  return ExitCode.OK;
}

/** The key store password from a pipe or typed twice; `undefined` (reported) when empty or the two differ. */
async function readStorePassword(io: CliIO): Promise<string | undefined> {
  let password: string;
  if (io.stdin.isTTY === true) {
    const [first, second] = await readHiddenLines(io.stdin, io.stderr, ['Key store password: ', 'Repeat password: ']);
    if (first !== second) {
      io.stderr.write('pointe cert: the passwords do not match\n');
      return undefined;
    }
    password = first ?? '';
  } else {
    password = await readFirstLine(io.stdin);
  }
  if (password !== '') return password;
  io.stderr.write('pointe cert: the key store password is empty (pipe it on stdin, e.g. echo "$P12_PASSWORD" | pointe cert --p12)\n');
  return undefined;
}
