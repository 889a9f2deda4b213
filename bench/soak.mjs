// `pnpm soak`: steady load on a Pointe listener while its backends are stopped and restarted.
// Counts answers by status per second and asserts: no 5xx, no crash, no request past its
// timeout, recovery within RECOVERY_S of the backend's return, no unbounded growth of the live heap (sampled after a full GC).
// Loopback only; bounded: --duration=S (or SOAK_DURATION, default 300 s; the faults share it).
// Writes bench/soak-results.json (docs/benchmarks.md's soak section is made from it by `pnpm bench`).
//
// A fault is a plug-in: { name, start(), auth(), requests(), down(), up(), close() } —
//   start():    starts the backend (before the server);
//   auth():     the auth element(s) of the soak server that use it (listener config JSON);
//   requests(): the request kinds to keep sending, [{ kind, headers, recovers? }]; a kind with
//               `recovers: true` must be answered 200 again within RECOVERY_S of up();
//   down()/up(): stop and restart the backend (same address); close(): stop it for good.
// The JWKS endpoint is implemented here, slapd comes from bench/slapd.mjs (the tests' server),
// the authorization server (introspection, and the token endpoint of a Client's OAuth2 grant)
// from bench/sts.mjs (the tests' oidc-provider), behind a forwarding proxy that is what goes down
// (so the STS keeps its tokens across the outage). A fault may also name `clients()`: soak-server
// routes that call an upstream with a Pointe Client (POINTE_SOAK_CLIENTS), and a request kind
// may name its `path` (default /soak/bar).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { startBenchSlapd } from './slapd.mjs';
import { STS_CLIENTS, introspectionRecord, startBenchSts, stsToken } from './sts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const DURATION_S = Number(arg('duration') ?? process.env.SOAK_DURATION ?? 300);
const CONCURRENCY = Number(arg('concurrency') ?? 16);
const TIMEOUT_MS = 5_000;
const RECOVERY_S = 5;

const b64url = (v) => Buffer.from(v).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A JWKS endpoint on a fixed loopback port; stopped and restarted by the run. Key 2 is published from the first restart on (a rotation during the outage). */
function jwksFault() {
  const keys = [1, 2].map((n) => ({ kid: `soak-${n}`, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) }));
  let published = [keys[0]];
  let server;
  let port = 0;
  const token = (key) => {
    const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }))}.${b64url(JSON.stringify({ sub: 'soak', iss: 'soak', aud: 'pointe', exp: now() + 3600, scp: 'soak' }))}`;
    return `${input}.${b64url(nodeSign('sha256', Buffer.from(input), key.privateKey))}`;
  };
  const listen = () => new Promise((resolve) => {
    server = createServer((req, res) => {
      const body = JSON.stringify({ keys: published.map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, alg: 'RS256', use: 'sig' })) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    server.listen(port, '127.0.0.1', () => {
      port = server.address().port;
      resolve();
    });
  });
  const tokens = keys.map(token);
  return {
    name: 'JWKS endpoint',
    start: listen,
    auth: () => [{
      jwtValidatorConfig: {
        issuer: 'soak', audience: 'pointe', scopeKey: 'scp',
        signatureConfig: { jwksConfig: { url: `http://127.0.0.1:${port}/jwks`, cacheConfig: { defaultMaxAge: 2 }, minRefetchInterval: 1, clientConfig: { timeout: 1 } } },
      },
      scopes: ['soak'],
    }],
    requests: () => [
      { kind: 'jwt, cached kid', headers: { authorization: `Bearer ${tokens[0]}` } },
      { kind: 'jwt, kid published at restart', headers: { authorization: `Bearer ${tokens[1]}` }, recovers: true },
    ],
    async down() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    async up() {
      published = keys;
      await listen();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * slapd stopped (SIGTERM, connections dropped) and started again on the same port: Basic
 * requests get 401 while it is down (never 5xx, never past their timeout) and 200 again once it
 * is back, with no listener restart. Role cache off, so every request needs the server (the
 * bind is cached; the group search is not); a wrong password is never cached.
 */
function ldapFault() {
  let slapd;
  let support;
  const basic = (user, password) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  return {
    name: 'slapd',
    async start() {
      ({ slapd, support } = await startBenchSlapd(mkdtempSync(join(tmpdir(), 'pointe-soak-'))));
    },
    auth: () => [{
      ldapUserStoreConfig: support.ldapStoreConfig(slapd.url, { userRolesCacheEnabled: false, connectionTimeout: 1, readTimeout: 2 }),
      scopes: ['hello'],
    }],
    requests: () => [
      { kind: 'ldap, user in the group', headers: basic('bob', 'bob-pass'), recovers: true },
      { kind: 'ldap, wrong password', headers: basic('alice', 'not-her-password') },
    ],
    down: () => slapd.stop(),
    up: () => slapd.start(),
    close: () => slapd.close(),
  };
}

/** One STS for both OAuth2 faults, started by the first that needs it. */
let stsStarted;
const sharedSts = () => (stsStarted ??= startBenchSts());

/**
 * A forwarding proxy to `target` on a fixed loopback port once started: what an OAuth2 fault
 * stops (dropping its connections) and starts again, the STS behind it keeping its tokens.
 */
function forwardingProxy(target) {
  let server;
  let port = 0;
  const listen = () => new Promise((resolve) => {
    server = createServer((req, res) => {
      const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    server.listen(port, '127.0.0.1', () => {
      port = server.address().port;
      resolve();
    });
  });
  const stop = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return { listen, stop, url: () => `http://127.0.0.1:${port}` };
}

/**
 * The introspection endpoint down and back: Bearer requests get 401 while it is down (the element
 * fails as a backend error, within `clientConfig.timeout`), 200 again once it is back. No
 * `cacheConfig`, so every request introspects.
 */
function introspectionFault() {
  let sts;
  let token;
  let proxy;
  return {
    name: 'introspection AS',
    async start() {
      ({ sts } = await sharedSts());
      token = await stsToken(sts, 'hello');
      proxy = forwardingProxy(sts.url);
      await proxy.listen();
    },
    auth: () => [{
      oauth2IntrospectionConfig: introspectionRecord(sts, { url: `${proxy.url()}/oauth2/token/introspect`, clientConfig: { ...introspectionRecord(sts).clientConfig, timeout: 1 } }),
      scopes: ['hello'],
    }],
    requests: () => [
      { kind: 'introspection, active token', headers: { authorization: `Bearer ${token}` }, recovers: true },
      { kind: 'introspection, unknown token', headers: { authorization: 'Bearer not-issued-by-the-sts' } },
    ],
    down: () => proxy.stop(),
    up: () => proxy.listen(),
    async close() {
      await proxy.stop().catch(() => undefined);
      await sts.stop().catch(() => undefined);
    },
  };
}

/**
 * The token endpoint of a Client's OAuth2 grant down and back: the soak server's `/client/call`
 * route calls an upstream with a client-credentials grant whose tokens live 2 s (renewed 1 s
 * early), so the grant needs the endpoint every second. While it is down the route answers 424
 * (its own translation of the Client's `ClientAuthError`, kept apart from 5xx), within the
 * grant's 1 s timeout; once it is back, 200.
 */
function tokenEndpointFault() {
  let sts;
  let proxy;
  let upstream;
  return {
    name: 'token endpoint (Client grant)',
    async start() {
      ({ sts } = await sharedSts());
      proxy = forwardingProxy(sts.url);
      await proxy.listen();
      upstream = createServer((req, res) => res.writeHead(/^Bearer ./.test(req.headers.authorization ?? '') ? 200 : 401).end('upstream'));
      await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    },
    auth: () => [],
    clients: () => [{
      name: 'call',
      upstream: `http://127.0.0.1:${upstream.address().port}`,
      auth: {
        tokenUrl: `${proxy.url()}/oauth2/token`, clientId: STS_CLIENTS.shortLived.clientId, clientSecret: STS_CLIENTS.shortLived.clientSecret,
        scopes: ['hello'], clockSkew: 1, clientConfig: { timeout: 1 },
      },
    }],
    requests: () => [{ kind: 'client grant via /client/call', path: '/client/call', headers: {}, recovers: true }],
    down: () => proxy.stop(),
    up: () => proxy.listen(),
    async close() {
      await proxy.stop().catch(() => undefined);
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    },
  };
}

const FAULTS = [jwksFault(), ldapFault(), introspectionFault(), tokenEndpointFault()];

for (const f of FAULTS) await f.start();
const child = spawn(process.execPath, ['--expose-gc', join(here, 'soak-server.mjs')], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  env: {
    ...process.env,
    POINTE_SOAK_AUTH: JSON.stringify(FAULTS.flatMap((f) => f.auth())),
    POINTE_SOAK_CLIENTS: JSON.stringify(FAULTS.flatMap((f) => f.clients?.() ?? [])),
  },
});
const heap = [];
child.on('message', (m) => heap.push(m));
let crashed;
child.once('exit', (code, signal) => (crashed ??= `server exited (${code ?? signal})`));
const port = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line).port));
  child.once('exit', () => reject(new Error('soak server did not start')));
});

// Each fault gets an equal slice of the run: up for 30 %, down for 30 %, up again for 40 %.
const t0 = Date.now();
const sliceMs = (DURATION_S * 1000) / FAULTS.length;
const schedule = FAULTS.map((f, i) => ({ f, downAt: t0 + sliceMs * (i + 0.3), upAt: t0 + sliceMs * (i + 0.6), statuses: {}, hung: 0, fiveXx: 0, recoveredAt: undefined }));
const kinds = schedule.flatMap((entry) => entry.f.requests().map((r) => ({ ...r, entry })));
const perSecond = [];
const failures = [];

async function one(r) {
  const second = Math.floor((Date.now() - t0) / 1000);
  const bucket = (perSecond[second] ??= {});
  let status;
  try {
    const res = await fetch(`http://127.0.0.1:${port}${r.path ?? '/soak/bar'}`, { headers: r.headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
    status = String(res.status);
  } catch (err) {
    status = err?.name === 'TimeoutError' ? 'timeout' : 'error';
  }
  bucket[status] = (bucket[status] ?? 0) + 1;
  const e = r.entry;
  e.statuses[status] = (e.statuses[status] ?? 0) + 1;
  if (status === 'timeout') e.hung++;
  if (status.startsWith('5')) e.fiveXx++;
  if (r.recovers && status === '200' && Date.now() > e.upAt && e.recoveredAt === undefined) e.recoveredAt = Date.now();
}

const tasks = [];
const events = schedule.flatMap((e) => [
  { at: e.downAt, run: () => e.f.down() },
  { at: e.upAt, run: () => e.f.up() },
]);
for (const ev of events) tasks.push(new Promise((resolve) => setTimeout(() => ev.run().then(resolve), ev.at - Date.now())));
const end = t0 + DURATION_S * 1000;
for (let w = 0; w < CONCURRENCY; w++) {
  tasks.push((async () => {
    for (let i = w; Date.now() < end && crashed === undefined; i++) await one(kinds[i % kinds.length]);
  })());
}
await Promise.all(tasks);

if (crashed !== undefined) failures.push(crashed);
const mib = (b) => b / 2 ** 20;
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const quarter = Math.max(1, Math.floor(heap.length / 4));
const firstMiB = mib(med(heap.slice(0, quarter).map((h) => h.heapUsed)));
const lastMiB = mib(med(heap.slice(-quarter).map((h) => h.heapUsed)));
// Bounded: the last quarter's median heap within 1.5 × the first quarter's plus 16 MiB of GC slack.
if (!(lastMiB <= firstMiB * 1.5 + 16)) failures.push(`heap grew from ${firstMiB.toFixed(1)} to ${lastMiB.toFixed(1)} MiB`);
const faults = schedule.map((e) => {
  const recoveredAfterS = e.recoveredAt === undefined ? null : Number(((e.recoveredAt - e.upAt) / 1000).toFixed(2));
  if (e.fiveXx > 0) failures.push(`${e.f.name}: ${e.fiveXx} answers 5xx`);
  if (e.hung > 0) failures.push(`${e.f.name}: ${e.hung} requests past their ${TIMEOUT_MS} ms timeout`);
  if (e.statuses.error > 0) failures.push(`${e.f.name}: ${e.statuses.error} requests failed without an answer`);
  if (recoveredAfterS === null || recoveredAfterS > RECOVERY_S) failures.push(`${e.f.name}: not recovered within ${RECOVERY_S} s of its return (${recoveredAfterS})`);
  return { name: e.f.name, downAtS: Number(((e.downAt - t0) / 1000).toFixed(1)), upAtS: Number(((e.upAt - t0) / 1000).toFixed(1)), statuses: e.statuses, fiveXx: e.fiveXx, hung: e.hung, recoveredAfterS };
});

child.kill('SIGTERM');
await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
for (const f of FAULTS) await f.close().catch(() => undefined);

const result = {
  date: new Date().toISOString().slice(0, 10), durationS: DURATION_S, concurrency: CONCURRENCY, timeoutMs: TIMEOUT_MS,
  faults, perSecond: perSecond.map((b, s) => ({ s, ...b })), heap: { samples: heap.length, firstMiB, lastMiB, maxRssMiB: mib(Math.max(...heap.map((h) => h.rss))) },
  passed: failures.length === 0, failures,
};
writeFileSync(join(here, 'soak-results.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const { s, ...counts } of result.perSecond) console.log(`t=${s}s ${JSON.stringify(counts)}`);
for (const f of faults) console.log(`${f.name}: down ${f.downAtS}s, up ${f.upAtS}s, ${JSON.stringify(f.statuses)}, recovered ${f.recoveredAfterS} s after its return`);
console.log(`heap used: ${firstMiB.toFixed(1)} MiB (first quarter) → ${lastMiB.toFixed(1)} MiB (last quarter), ${heap.length} samples`);
if (failures.length > 0) {
  console.error(`soak FAILED:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('soak passed');
