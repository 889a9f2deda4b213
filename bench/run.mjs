// `pnpm bench`: each scenario's server in its own child process, loaded in turn by autocannon
// from this process over loopback, for a bounded duration. Prints req/s, p99 latency and the
// ratio to bare Fastify measured in the same run, and writes docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { hashPassword } from '@pointe/auth';
import { JwtIssuer } from '@pointe/jwt';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PIPELINING = Number(process.env.BENCH_PIPELINING ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const user = (password) => `[[auth.users]]\nusername="alex"\npassword="${password}"\nscopes=["hello"]\n`;
const configDir = mkdtempSync(join(tmpdir(), 'pointe-bench-'));
writeFileSync(join(configDir, 'plain.toml'), user('password4'));
writeFileSync(join(configDir, 'argon2id.toml'), user(await hashPassword('password4', { algorithm: 'argon2id' })));
const basicHeader = `Basic ${Buffer.from('alex:password4').toString('base64')}`;
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(configDir, 'jwt.key'), '-out', join(configDir, 'jwt.crt'),
  '-days', '1', '-subj', '/CN=pointe-bench-jwt'], { stdio: 'ignore' });
// The seed's self-signed JWT client: sub wso2, scp hello; issuer set to the listener's (wso2).
const { token } = await new JwtIssuer({
  username: 'wso2', issuer: 'wso2', audience: 'ballerina', customClaims: { scp: 'hello' }, expTime: 3600,
  signatureConfig: { config: { keyFile: join(configDir, 'jwt.key') } },
}).issue();
const bearerHeader = `Bearer ${token}`;

// `baseline` names the row each ratio is taken against: bare Fastify receiving the same request
// bytes (a 700-byte Bearer header costs the server something to parse, auth or not).
const scenarios = [
  { id: 'bare', server: 'fastify-bare', label: 'bare Fastify route', headers: {} },
  { id: 'public', server: 'pointe-public', label: 'Pointe, unprotected resource', headers: {}, baseline: 'bare' },
  { id: 'basic-plain', server: 'pointe-basic-plain', label: 'Pointe, Basic (file store, plain password)', headers: { authorization: basicHeader }, baseline: 'bare' },
  { id: 'basic-argon2id', server: 'pointe-basic-argon2id', label: 'Pointe, Basic (file store, argon2id, cache warm)', headers: { authorization: basicHeader }, baseline: 'bare' },
  { id: 'basic-argon2id-nomemo', server: 'pointe-basic-argon2id-nomemo', label: 'Pointe, Basic (argon2id, authMemo: false: the digest-keyed cache only)', headers: { authorization: basicHeader }, baseline: 'bare' },
  { id: 'bare-bearer', server: 'fastify-bare', label: 'bare Fastify route, request carrying the Bearer token', headers: { authorization: bearerHeader } },
  { id: 'jwt-cached', server: 'pointe-jwt-cached', label: 'Pointe, JWT RS256 with cacheConfig (cache warm)', headers: { authorization: bearerHeader }, baseline: 'bare-bearer' },
  { id: 'jwt-cached-nomemo', server: 'pointe-jwt-cached-nomemo', label: 'Pointe, JWT RS256 with cacheConfig, authMemo: false (token cache only)', headers: { authorization: bearerHeader }, baseline: 'bare-bearer' },
  { id: 'jwt-uncached', server: 'pointe-jwt-uncached', label: 'Pointe, JWT RS256 without cache', headers: { authorization: bearerHeader }, baseline: 'bare-bearer', versus: 'fastify-jwt' },
  { id: 'fastify-jwt', server: 'fastify-jwt', label: 'Fastify + @fastify/jwt, RS256 (same token, same checks)', headers: { authorization: bearerHeader }, baseline: 'bare-bearer' },
];

function startServer(name) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), name, configDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

function load(port, headers, duration) {
  return autocannon({ url: `http://127.0.0.1:${port}/foo/bar`, connections: CONNECTIONS, pipelining: PIPELINING, duration, headers });
}

const results = new Map(scenarios.map((s) => [s.id, []]));
// Rounds interleave the scenarios so drift in machine load spreads over all of them.
for (let round = 0; round < ROUNDS; round++) {
  for (const s of scenarios) {
    const { child, port } = await startServer(s.server);
    const check = await load(port, s.headers, 1);
    if (check.non2xx > 0 || check.errors > 0) throw new Error(`${s.id}: ${check.non2xx} non-2xx, ${check.errors} errors in the check run`);
    await load(port, s.headers, WARMUP);
    const cpuBefore = cpuSeconds(child.pid);
    const r = await load(port, s.headers, DURATION);
    const cpuUs = ((cpuSeconds(child.pid) - cpuBefore) * 1e6) / r.requests.total;
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${s.id}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    results.get(s.id).push({ rps: r.requests.average, p99: r.latency.p99, cpuUs });
    child.kill('SIGTERM');
    await new Promise((r2) => child.once('exit', r2));
    process.stdout.write(`round ${round + 1} ${s.id}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, server CPU ${cpuUs.toFixed(1)} µs/request\n`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = scenarios.map((s) => {
  const rs = results.get(s.id);
  return { ...s, rps: median(rs.map((x) => x.rps)), p99: Math.max(...rs.map((x) => x.p99)), cpuUs: median(rs.map((x) => x.cpuUs)) };
});
const byId = new Map(summary.map((s) => [s.id, s]));
const ratio = (s, other) => (other === undefined ? '' : `${(s.rps / other.rps).toFixed(3)} (CPU ${(other.cpuUs / s.cpuUs).toFixed(3)})`);
const rows = summary.map((s) => {
  const base = byId.get(s.baseline);
  return `| ${s.label} | ${Math.round(s.rps)} | ${s.p99} | ${s.cpuUs.toFixed(1)} | ${base === undefined ? 'baseline' : ratio(s, base)} | ${ratio(s, byId.get(s.versus))} |`;
});
const table = [
  '| scenario | req/s (median) | p99 ms (worst round) | server CPU µs/request (median) | ratio to its bare-Fastify baseline: req/s (CPU efficiency) | ratio to Fastify + @fastify/jwt |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
console.log(`\n${table}\n`);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const doc = `# Benchmarks

Measured by \`pnpm bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}.

- Machine: ${machine}.
- Method: each scenario's server runs in its own child process (plain HTTP on 127.0.0.1, so TLS
  cost, equal for all, does not hide framework cost); autocannon in the parent process sends
  \`GET /foo/bar\` over ${CONNECTIONS} keep-alive connections with ${PIPELINING} requests pipelined on each
  (so the server, not the load generator, is the bottleneck on a small machine): a 1 s check run (every response must be
  2xx), ${WARMUP} s warm-up, then ${DURATION} s measured. ${ROUNDS} rounds, scenarios interleaved;
  req/s is the median over rounds, p99 the worst round. Ratios are to bare Fastify in the same run.
- Server CPU µs/request is the server process's user + system CPU time (from /proc) during the
  measured window divided by the requests it answered: on a 2-core machine where the load
  generator competes for the CPU, it is the steadier measure of what each request costs. The
  CPU-efficiency ratio is bare Fastify's cost divided by the scenario's (1.0 = as cheap).
- Command: \`pnpm bench\` (BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_PIPELINING, BENCH_ROUNDS override).

${table}

Targets: unprotected ≥ 0.95 × bare Fastify; Basic with argon2id and the cache warm ≥ 0.90 ×
bare Fastify (issue 2); JWT with the cache warm ≥ 0.90 × bare Fastify; JWT uncached ≥ 1.0 ×
Fastify + @fastify/jwt (issue 3). The JWT rows are compared with bare Fastify receiving the same
Bearer header, so the ratio isolates the auth work from the cost of a larger request.

What "cache warm" means here: autocannon keeps its connections alive, so after the first request
on a connection the auth chain's per-connection memo answers (docs/ARCHITECTURE.md, "The request
path"); the file store's digest-keyed verification cache and the JWT validator's token cache
answer the first request of every new connection. The \`authMemo: false\` rows show those caches
alone (every request decoded and looked up). The uncached JWT row has no memo: every request is
parsed and its RS256 signature verified. With two cores, server and load generator share the machine, so absolute
numbers are low and vary by a few percent between runs; the ratios are what to compare.
`;
writeFileSync(join(here, '..', 'docs', 'benchmarks.md'), doc);
console.log('wrote docs/benchmarks.md');
