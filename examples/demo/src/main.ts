/**
 * `npm run demo`: every mechanism of the seed on one listener, one client of every kind
 * against it, and a table of request → expected → got.
 *
 * 1. generates a certificate for localhost and a JWT signing key (`@pointe/crypto`, no openssl);
 * 2. starts the dev STS (`@pointe/dev-sts`, oidc-provider) over HTTPS on 127.0.0.1:9445
 *    (`POINTE_STS_PORT`), with the seed's client `s6BhdRkqt3` and user `admin`/`123`;
 * 3. starts a throwaway slapd when OpenLDAP is installed (`@pointe/slapd`);
 * 4. starts one Listener on 9090 (`PORT`; `HOST` picks the address) with `/foo` (file user
 *    store), `/jwt` (JWT), `/ldap` (LDAP, with slapd) and `/oauth2` (introspection, once
 *    switched on in oauth2.ts);
 * 5. sends every row, prints the table; a row that fails makes the exit code 1;
 * 6. prints curl lines with real headers and tokens and keeps running until Ctrl-C, which stops
 *    everything (listener gracefully, slapd, STS) and deletes the certificates.
 *
 * `--once` (or `DEMO_ONCE=1`) stops after the table: exit code 0 when every row passed.
 */
import { formatTable, type Row, runRows } from './rows.js';
import { oauth2CurlLines, oauth2Rows, stsRows } from './oauth2.js';
import { fileUserStoreRows, jwtRows, ldapRows, serviceCurlLines } from './service-rows.js';
import { type DemoStack, startDemo } from './stack.js';

const once = process.argv.includes('--once') || process.env.DEMO_ONCE === '1';

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`demo: ${name} must be a port number (0-65535), got '${raw}'`);
    process.exit(2);
  }
  return port;
}

const options = {
  port: portFrom('PORT', 9090),
  stsPort: portFrom('POINTE_STS_PORT', 9445),
  ...(process.env.HOST === undefined || process.env.HOST === '' ? {} : { host: process.env.HOST }),
};

let stack: DemoStack;
try {
  stack = await startDemo(options);
} catch (error) {
  console.error(`demo: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let stopping: Promise<void> | undefined;
const shutdown = (code: number): void => {
  stopping ??= stack.stop().then(
    () => process.exit(code),
    (error: unknown) => {
      console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(code === 0 ? 1 : code);
    },
  );
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping === undefined) {
      console.log('\ndemo: stopping (listener, slapd, STS)...');
      shutdown(0);
      return;
    }
    // A second Ctrl-C: do not leave slapd (a separate process) behind.
    try {
      if (stack.slapd !== undefined) process.kill(stack.slapd.pid(), 'SIGKILL');
    } catch {
      // already gone
    }
    process.exit(130);
  });
}

const { ctx, slapd } = stack;
console.log(`Pointe demo — one listener at ${ctx.url}, certificates in ${ctx.certs.dir}`);
console.log(`  sts:    oidc-provider at ${ctx.sts.url} (client s6BhdRkqt3, user admin/123)`);
console.log(
  slapd === undefined
    ? '  ldap:   slapd is not installed (bash scripts/install-slapd.sh): /ldap is not attached'
    : `  ldap:   slapd (pid ${slapd.pid()}) at ${slapd.url}, users alice/bob/carol, password <uid>-pass`,
);
console.log(`  oauth2: /oauth2 introspects tokens at ${ctx.sts.introspectionUrl}`);

let failed = 0;
try {
  const rows: Row[] = [
    ...fileUserStoreRows(ctx),
    ...(await jwtRows(ctx)),
    ...(slapd === undefined ? [] : ldapRows(ctx)),
    ...stsRows(ctx),
    ...(await oauth2Rows(ctx)),
  ];
  const results = await runRows(rows);
  failed = results.filter((result) => !result.ok).length;
  console.log('\nrequest → expected → got');
  for (const line of formatTable(results)) console.log(line);
  console.log(`\ndemo: ${results.length - failed} of ${results.length} rows as expected${failed === 0 ? '' : `, ${failed} FAILED`}`);
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  failed = -1;
}

if (once || failed !== 0) {
  shutdown(failed === 0 ? 0 : 1);
} else {
  const lines = [...(await serviceCurlLines(ctx, slapd !== undefined)), ...(await oauth2CurlLines(ctx))];
  console.log('\nTry, in another terminal:\n');
  for (const line of lines) console.log(`  ${line}`);
  console.log('\nCtrl-C stops everything.');
}
