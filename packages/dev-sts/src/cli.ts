/**
 * `pointe-sts`: the development STS as a command, so the seed's OAuth2 examples run
 * locally. Configured by environment:
 * - `POINTE_STS_PORT` (default 9445), `POINTE_STS_HOST` (default 127.0.0.1);
 * - `POINTE_STS_CERT_FILE` and `POINTE_STS_KEY_FILE`: PEM files to serve HTTPS (as the seed's
 *   `https://localhost:…/oauth2/token` URLs expect); without them it serves plain HTTP.
 * It prints its endpoints, the documented clients and users, and a fresh refresh token for
 * the seed's direct-token example.
 */
import { readFileSync } from 'node:fs';
import { STS_CLIENTS, STS_USERS, type Sts, type StsOptions, startSts } from './index.js';

/** The STS's options from the environment. Throws with the variable named when one is wrong. */
export function stsOptionsFromEnv(env: NodeJS.ProcessEnv): StsOptions {
  const port = env.POINTE_STS_PORT === undefined ? 9445 : Number(env.POINTE_STS_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`POINTE_STS_PORT must be a port number, got '${env.POINTE_STS_PORT}'`);
  const options: StsOptions = { port, host: env.POINTE_STS_HOST ?? '127.0.0.1' };
  const certFile = env.POINTE_STS_CERT_FILE;
  const keyFile = env.POINTE_STS_KEY_FILE;
  if ((certFile === undefined) !== (keyFile === undefined)) throw new Error('set both POINTE_STS_CERT_FILE and POINTE_STS_KEY_FILE, or neither');
  if (certFile !== undefined && keyFile !== undefined) options.tls = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  return options;
}

/** What the command prints once the STS listens. */
export async function banner(sts: Sts): Promise<string[]> {
  const seed = STS_CLIENTS.seed;
  const refreshToken = await sts.issueRefreshToken(seed, 'admin', ['hello']);
  return [
    `pointe-sts: oidc-provider listening on ${sts.url}`,
    `  token:         ${sts.tokenUrl}`,
    `  refresh:       ${sts.refreshUrl}`,
    `  introspection: ${sts.introspectionUrl}`,
    `  revocation:    ${sts.revocationUrl}`,
    'clients (clientId / clientSecret, auth method, scopes):',
    ...Object.values(STS_CLIENTS).map(
      (client) => `  ${client.clientId} / ${client.clientSecret}  ${client.authMethod}  [${client.scopes.join(' ')}]  tokens live ${client.accessTokenTtl} s`,
    ),
    'users of the password grant (username / password → sub):',
    ...STS_USERS.map((user) => `  ${user.login} / ${user.password} → ${user.sub}`),
    `refresh token for the direct-token example (client ${seed.clientId}, user admin, scope hello): ${refreshToken}`,
  ];
}

/** Starts the STS from `env` and prints the banner; resolves to the running STS. */
export async function runStsCommand(env: NodeJS.ProcessEnv = process.env, print: (line: string) => void = console.log): Promise<Sts> {
  const sts = await startSts(stsOptionsFromEnv(env));
  for (const line of await banner(sts)) print(line);
  return sts;
}
