/**
 * `pointe doctor [--config pointe.doctor.json]`: checks, before a service starts, what would
 * make it fail at start-up or at its first request: Config.toml parses and has users, the TLS
 * certificate and key load and match and are in date, JWT keys load and the JWKS URL answers
 * with usable keys, the introspection endpoint answers, the LDAP service account binds.
 * One PASS/FAIL/WARN/SKIP line per check; exit 0 when nothing failed, 1 when something did,
 * 2 for a usage mistake or an unreadable doctor file.
 */
import { isAbsolute, relative } from 'node:path';
import { parseCommandArgs, usageError, wholeNumber } from '../args.js';
import { type CliIO, ExitCode } from '../io.js';
import { statusWriter } from '../output.js';
import { type Check, certificateCheck, configTomlCheck, introspectionCheck, jwtChecks, ldapCheck, tlsKeyCheck } from './checks.js';
import { DEFAULT_DOCTOR_FILE, type DoctorConfig, DoctorConfigError, loadDoctorConfig } from './doctor-config.js';
import { type LdapBindProbe, ldaptsBindProbe } from './ldap-bind.js';

/** A path as the user would type it from `cwd`: relative when inside it. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The usage text of `pointe doctor`. */
export const DOCTOR_USAGE = `Usage: pointe doctor [--config ${DEFAULT_DOCTOR_FILE}] [--timeout 5]

Checks a service's configuration before it starts. The doctor file holds the records the
service passes to Pointe, with the same field names:

  {
    "secureSocket": { "key": { "certFile": "certs/public.crt", "keyFile": "certs/private.key" } },
    "auth": [
      { "fileUserStoreConfig": {} },
      { "jwtValidatorConfig": { "issuer": "...", "signatureConfig": { "jwksConfig": { "url": "https://..." } } } },
      { "oauth2IntrospectionConfig": { "url": "https://.../introspect", "clientConfig": { "auth": { "username": "...", "password": "..." } } } },
      { "ldapUserStoreConfig": { "connectionUrl": "ldap://...", "connectionName": "cn=admin,...", "connectionPassword": "..." } }
    ]
  }

Paths are relative to the doctor file. Without one, doctor checks Config.toml and
certs/public.crt + certs/private.key in the working directory.

Options:
  -c, --config <file>   the doctor file (default ${DEFAULT_DOCTOR_FILE})
  -t, --timeout <s>     seconds per network check, 1 to 120 (default 5, or the file's timeout)
  -h, --help            show this help

Exit status: 0 every check passed (warnings allowed), 1 a check failed, 2 usage error.
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  timeout: { type: 'string', short: 't' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Test hooks: the LDAP client and the clock. */
export interface DoctorOptions {
  ldap?: LdapBindProbe;
  now?: () => number;
}

export async function doctorCommand(args: readonly string[], io: CliIO, options: DoctorOptions = {}): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (typeof parsed === 'string') return usageError(io, 'doctor', parsed, DOCTOR_USAGE);
  const { values } = parsed;
  if (values.help === true) {
    io.stdout.write(DOCTOR_USAGE);
    return ExitCode.OK;
  }
  const cwd = io.cwd ?? process.cwd();
  let loaded;
  try {
    loaded = loadDoctorConfig(values.config, cwd);
  } catch (error) {
    if (!(error instanceof DoctorConfigError)) throw error;
    io.stderr.write(`pointe doctor: ${error.message}\n`);
    return ExitCode.USAGE;
  }
  const timeout = wholeNumber(values.timeout, 'timeout', loaded.config.timeout ?? 5, 1, 120);
  if (typeof timeout === 'string') return usageError(io, 'doctor', timeout, DOCTOR_USAGE);

  const out = statusWriter(io);
  out.note(loaded.file === undefined ? `pointe doctor: no ${DEFAULT_DOCTOR_FILE} in ${cwd}; checking the defaults` : `pointe doctor: ${loaded.file}`);
  const checks = planChecks(loaded.config, loaded.baseDir, io.env ?? process.env, timeout, options, (path) => shownPath(path, cwd));
  const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const check of checks) {
    out.progress(check.label);
    const result = await check.run();
    counts[result.status]++;
    out.line(result.status, check.label, result.detail, result.hint);
  }
  if (checks.length === 0) out.note(`nothing to check: write a ${DEFAULT_DOCTOR_FILE} (see pointe doctor --help)`);
  out.note(`${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warning${counts.warn === 1 ? '' : 's'}, ${counts.skip} skipped`);
  return counts.fail > 0 ? ExitCode.FAILURE : ExitCode.OK;
}

/** The checks a configuration calls for, in the order the service would meet them. */
function planChecks(
  config: DoctorConfig, baseDir: string, env: Record<string, string | undefined>, timeoutS: number, options: DoctorOptions, shown: (path: string) => string,
): Check[] {
  const now = options.now ?? Date.now;
  const auth = config.auth ?? [];
  const fileStores = auth.flatMap((r) => ('fileUserStoreConfig' in r ? [r.fileUserStoreConfig] : []));
  const paths = fileStores.flatMap((s) => (s.path === undefined ? [] : [s.path]));
  const checks: Check[] = [configTomlCheck(config.configFiles ?? (paths.length > 0 ? paths : undefined), baseDir, env, fileStores.length > 0)];
  if (config.secureSocket?.key !== undefined) checks.push(tlsKeyCheck(config.secureSocket.key, now, shown));
  if (config.secureSocket?.mutualSsl?.cert !== undefined) checks.push(certificateCheck('mutual TLS trusted certificates', config.secureSocket.mutualSsl.cert, now));
  auth.forEach((record, i) => {
    if ('jwtValidatorConfig' in record) {
      const certFile = record.jwtValidatorConfig.signatureConfig?.certFile;
      if (certFile !== undefined) checks.push(certificateCheck(`auth[${i}] JWT certFile`, certFile, now));
      checks.push(...jwtChecks(record.jwtValidatorConfig, i, timeoutS));
    } else if ('oauth2IntrospectionConfig' in record) {
      checks.push(introspectionCheck(record.oauth2IntrospectionConfig, i, timeoutS));
    } else if ('ldapUserStoreConfig' in record) {
      checks.push(ldapCheck(record.ldapUserStoreConfig, i, timeoutS, options.ldap ?? ldaptsBindProbe));
    }
  });
  return checks;
}
