// `pnpm bench`: each scenario's server in its own child process, loaded in turn by autocannon
// from this process over loopback, for a bounded duration. Prints req/s, p99 latency and the
// ratio to bare Fastify measured in the same run, and writes docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { hashPassword } from '@pointe/auth';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PIPELINING = Number(process.env.BENCH_PIPELINING ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const user = (password) => `[[auth.users]]\nusername="alex"\npassword="${password}"\nscopes=["hello"]\n`;
const configDir = mkdtempSync(join(tmpdir(), 'pointe-bench-'));
writeFileSync(join(configDir, 'plain.toml'), user('password4'));
writeFileSync(join(configDir, 'argon2id.toml'), user(await hashPassword('password4', { algorithm: 'argon2id' })));
const basicHeader = `Basic ${Buffer.from('alex:password4').toString('base64')}`;

const scenarios = [
  { name: 'fastify-bare', label: 'bare Fastify route', headers: {} },
  { name: 'pointe-public', label: 'Pointe, unprotected resource', headers: {} },
  { name: 'pointe-basic-plain', label: 'Pointe, Basic (file store, plain password)', headers: { authorization: basicHeader } },
  { name: 'pointe-basic-argon2id', label: 'Pointe, Basic (file store, argon2id, cache warm)', headers: { authorization: basicHeader } },
];

function startServer(name) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), name, configDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
}

function load(port, headers, duration) {
  return autocannon({ url: `http://127.0.0.1:${port}/foo/bar`, connections: CONNECTIONS, pipelining: PIPELINING, duration, headers });
}

const results = new Map(scenarios.map((s) => [s.name, []]));
// Rounds interleave the scenarios so drift in machine load spreads over all of them.
for (let round = 0; round < ROUNDS; round++) {
  for (const s of scenarios) {
    const { child, port } = await startServer(s.name);
    const check = await load(port, s.headers, 1);
    if (check.non2xx > 0 || check.errors > 0) throw new Error(`${s.name}: ${check.non2xx} non-2xx, ${check.errors} errors in the check run`);
    await load(port, s.headers, WARMUP);
    const r = await load(port, s.headers, DURATION);
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${s.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    results.get(s.name).push({ rps: r.requests.average, p99: r.latency.p99 });
    child.kill('SIGTERM');
    await new Promise((r2) => child.once('exit', r2));
    process.stdout.write(`round ${round + 1} ${s.name}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms\n`);
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const summary = scenarios.map((s) => ({ ...s, rps: mean(results.get(s.name).map((x) => x.rps)), p99: Math.max(...results.get(s.name).map((x) => x.p99)) }));
const base = summary[0].rps;
const rows = summary.map((s) => `| ${s.label} | ${Math.round(s.rps)} | ${s.p99} | ${(s.rps / base).toFixed(3)} |`);
const table = ['| scenario | req/s (mean) | p99 ms (worst round) | ratio to bare Fastify |', '|---|---:|---:|---:|', ...rows].join('\n');
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
  req/s is the mean over rounds, p99 the worst round. Ratios are to bare Fastify in the same run.
- Command: \`pnpm bench\` (BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_PIPELINING, BENCH_ROUNDS override).

${table}

Targets (issue 2): unprotected ≥ 0.95 × bare Fastify; Basic with argon2id and the cache warm
≥ 0.90 × bare Fastify. With two cores, server and load generator share the machine, so absolute
numbers are low and vary by a few percent between runs; the ratios are what to compare.
`;
writeFileSync(join(here, '..', 'docs', 'benchmarks.md'), doc);
console.log('wrote docs/benchmarks.md');
