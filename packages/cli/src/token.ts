/**
 * `pointe token`: mints a signed development JWT with `@pointe/jwt`'s issuer (the one behind
 * the client's self-signed JWT auth), to try a `jwtValidatorConfig` service with curl.
 *
 * Key passwords and HMAC secrets come from stdin, never from arguments.
 */
import { loadPrivateKey } from '@pointe/crypto';
import { algorithmsForKey, JwtIssuer, type JwtIssuerConfig, SIGNING_ALGORITHMS, type SigningAlgorithm } from '@pointe/jwt';
import { resolve } from 'node:path';
import { parseCommandArgs, usageError, wholeNumber } from './args.js';
import { type CliIO, ExitCode } from './io.js';
import { readFirstLine } from './read-password.js';

/** The usage text of `pointe token`. */
export const TOKEN_USAGE = `Usage: pointe token (--key <file> | --secret-stdin) [--sub alice] [--iss ...] [--aud ...] [--scope "a b"] [--claim name=value]...

Prints a signed JWT for trying a jwtValidatorConfig service:
  curl --cacert certs/public.crt -H "Authorization: Bearer $(pointe token --key certs/private.key --sub alice --scope hello)" https://localhost:9090/foo/bar

Options:
  -k, --key <file>          PEM or DER private key (RSA, EC, Ed25519) to sign with
      --key-password-stdin  the key file is encrypted: read its password from stdin
      --secret-stdin        sign with an HMAC secret read from stdin (HS256 unless --alg)
  -a, --alg <name>          ${SIGNING_ALGORITHMS.join(', ')}
                            (default: the key's own, RS256 for RSA, ES256 for P-256, EdDSA; HS256)
  -s, --sub <name>          subject (the username)
  -i, --iss <issuer>        issuer
      --aud <audience>      audience, repeatable
      --scope <scopes>      the scope claim, space-separated ("hello world")
      --scope-key <claim>   the claim holding the scopes (default scope)
  -c, --claim <name=value>  another claim, repeatable; value parsed as JSON when it is JSON, else a string
      --kid <id>            key id header
      --exp <seconds>       lifetime in seconds, 1 to 31536000 (default 3600)
  -h, --help                show this help
`;

const OPTIONS = {
  key: { type: 'string', short: 'k' },
  'key-password-stdin': { type: 'boolean' },
  'secret-stdin': { type: 'boolean' },
  alg: { type: 'string', short: 'a' },
  sub: { type: 'string', short: 's' },
  iss: { type: 'string', short: 'i' },
  aud: { type: 'string', multiple: true },
  scope: { type: 'string' },
  'scope-key': { type: 'string' },
  claim: { type: 'string', short: 'c', multiple: true },
  kid: { type: 'string' },
  exp: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs `pointe token` and returns the exit code: 0 with the token and a newline on stdout; 1
 * when the key cannot be used (unreadable, wrong password, does not fit the algorithm, short
 * secret); 2 for a usage mistake.
 */
export async function tokenCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (typeof parsed === 'string') return usageError(io, 'token', parsed, TOKEN_USAGE);
  const { values } = parsed;
  if (values.help === true) {
    io.stdout.write(TOKEN_USAGE);
    return ExitCode.OK;
  }
  const fail = (reason: string) => usageError(io, 'token', reason, TOKEN_USAGE);
  if ((values.key === undefined) === (values['secret-stdin'] !== true)) return fail('give exactly one of --key <file> and --secret-stdin');
  if (values['key-password-stdin'] === true && values.key === undefined) return fail('--key-password-stdin goes with --key');
  const exp = wholeNumber(values.exp, 'exp', 3600, 1, 31_536_000);
  if (typeof exp === 'string') return fail(exp);
  if (values.alg !== undefined && !(SIGNING_ALGORITHMS as readonly string[]).includes(values.alg)) {
    return fail(`unknown --alg '${values.alg}'; use one of ${SIGNING_ALGORITHMS.join(', ')}`);
  }
  const claims = customClaims(values.claim ?? [], values.scope, values['scope-key'] ?? 'scope');
  if (typeof claims === 'string') return fail(claims);

  const secretOrPassword = values['secret-stdin'] === true || values['key-password-stdin'] === true
    ? await readFirstLine(io.stdin)
    : undefined;
  let signatureConfig: JwtIssuerConfig['signatureConfig'];
  if (values.key === undefined) {
    if (secretOrPassword === '' || secretOrPassword === undefined) {
      io.stderr.write('pointe token: the secret on stdin is empty\n');
      return ExitCode.FAILURE;
    }
    signatureConfig = { algorithm: (values.alg ?? 'HS256') as SigningAlgorithm, config: { secret: secretOrPassword } };
  } else {
    const keyFile = resolve(io.cwd ?? process.cwd(), values.key);
    const keyPassword = secretOrPassword;
    const algorithm = (values.alg ?? defaultAlgorithm(keyFile, keyPassword)) as SigningAlgorithm | undefined;
    signatureConfig = { ...(algorithm === undefined ? {} : { algorithm }), config: { keyFile, ...(keyPassword === undefined ? {} : { keyPassword }) } };
  }

  try {
    const issuer = new JwtIssuer({
      signatureConfig,
      expTime: exp,
      customClaims: claims,
      ...(values.sub === undefined ? {} : { username: values.sub }),
      ...(values.iss === undefined ? {} : { issuer: values.iss }),
      ...(values.aud === undefined ? {} : { audience: values.aud.length === 1 ? values.aud[0]! : values.aud }),
      ...(values.kid === undefined ? {} : { keyId: values.kid }),
    });
    io.stdout.write(`${(await issuer.issue()).token}\n`);
    return ExitCode.OK;
  } catch (error) {
    io.stderr.write(`pointe token: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.FAILURE;
  }
}

/** The key's natural algorithm; `undefined` lets the issuer report what is wrong with the key. */
function defaultAlgorithm(keyFile: string, keyPassword: string | undefined): string | undefined {
  try {
    const fits = algorithmsForKey(loadPrivateKey(keyFile, keyPassword));
    return typeof fits === 'string' ? undefined : fits[0];
  } catch {
    return undefined;
  }
}

/** `--claim name=value` pairs and `--scope` as a claims object, or what is wrong. */
function customClaims(pairs: readonly string[], scope: string | undefined, scopeKey: string): Record<string, unknown> | string {
  const claims: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `--claim '${pair}' is not name=value`;
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: the text itself.
    }
    claims[pair.slice(0, eq)] = value;
  }
  if (scope !== undefined) claims[scopeKey] = scope;
  return claims;
}
