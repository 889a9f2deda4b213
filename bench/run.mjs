// `pnpm bench` (`pnpm bench --quick` for a short run): each scenario's server in its own child
// process, loaded in turn by autocannon from this process over loopback, for a bounded
// duration, with and without pipelining. Prints req/s, p99 latency, server CPU per request and
// the ratios to bare Fastify (same request bytes) and to the matching peer; then a memory phase.
// Writes docs/benchmarks.md, bench/results.json and docs/benchmarks.svg.
//   --quick            1 s per measurement, 1 round, smaller memory phase
//   --only=<regex>     only the scenarios whose id matches (their baselines and peers come along)
//   --no-memory        skip the memory phase
import { createHmac } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { benchFixtures, cpuSeconds } from './fixtures.mjs';
import { scenarios as scenarioTable } from './scenarios.mjs';
import { barChartSvg } from './chart.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const env = (name, full, quick) => Number(process.env[name] ?? (QUICK ? quick : full));
const DURATION = env('BENCH_DURATION', 3, 1);
const WARMUP = env('BENCH_WARMUP', 1, 0.5);
const CHECK = QUICK ? 0.5 : 1;
const ROUNDS = env('BENCH_ROUNDS', 3, 1);
/**
 * Rounds of the rows that carry a target (`target` in scenarios.mjs) and of the A/A control row.
 * Loaded simultaneously with its bare Fastify, an A/A pair spread over 1.00–1.03 in 5 s windows,
 * but the control row over 0.90–1.08 in this bench's 3 s windows (stop 20): a 5-round median can
 * still move by a few hundredths between runs, which the control row of each run shows.
 */
const TARGET_ROUNDS = Math.max(ROUNDS, env('BENCH_TARGET_ROUNDS', 5, 1));
const roundsOf = (s) => (s.target !== undefined || s.control === true ? TARGET_ROUNDS : ROUNDS);
const CONNECTIONS = env('BENCH_CONNECTIONS', 100, 100);
/** Every scenario is measured in each mode: without pipelining (`-c 100`) and with (`-c 100 -p 10`). */
const MODES = [
  { id: 'c100', label: `-c ${CONNECTIONS}`, pipelining: 1 },
  { id: 'c100-p10', label: `-c ${CONNECTIONS} -p 10`, pipelining: 10 },
];
const MEMORY_TOKENS = QUICK ? [10_000, 30_000] : [10_000, 100_000];

// Credentials: the seed's user and self-signed JWT (sub wso2, iss wso2, aud ballerina, scp hello).
const { configDir, issue, basicHeader } = await benchFixtures('pointe-bench-');
const token = await issue('hello');
// A bad signature: one character in the middle of the signature changed (still canonical base64url).
const sigAt = token.lastIndexOf('.') + 20;
const badSignature = token.slice(0, sigAt) + (token[sigAt] === 'A' ? 'B' : 'A') + token.slice(sigAt + 1);
const creds = {
  basicHeader,
  bearerHeader: `Bearer ${token}`,
  badSignatureHeader: `Bearer ${badSignature}`,
  wrongScopeHeader: `Bearer ${await issue('other')}`,
};

let scenarios = scenarioTable(creds);
if (ONLY !== undefined) {
  const wanted = new Set(scenarios.filter((s) => new RegExp(ONLY).test(s.id)).flatMap((s) => [s.id, s.baseline, ...[s.versus ?? []].flat()]));
  scenarios = scenarios.filter((s) => wanted.has(s.id));
}

function startServer(name, extraEnv = {}) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), name, configDir], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...extraEnv } });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
}

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Resident set size of a process in MiB, from /proc (Linux). */
function rssMiB(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

function load(port, headers, duration, pipelining) {
  return autocannon({ url: `http://127.0.0.1:${port}/foo/bar`, connections: CONNECTIONS, pipelining, duration, headers });
}

/** Throws unless every answer had the expected status and nothing errored or timed out. */
function assertAnswers(id, r, expected) {
  const counts = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  const wrong = Object.entries(counts).filter(([code]) => Number(code) !== expected);
  if (wrong.length > 0 || r.errors > 0 || r.timeouts > 0) {
    throw new Error(`${id}: expected every answer ${expected}; got ${JSON.stringify(counts)}, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
}

const key = (s, mode) => `${s.id} ${mode.id}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map();

/** One measured window: req/s, latency, and the server's CPU µs per answered request. */
async function measure(id, child, port, headers, mode, expected) {
  const cpuBefore = cpuSeconds(child.pid);
  const r = await load(port, headers, DURATION, mode.pipelining);
  // A slow peer can answer nothing in a 1 s quick window (its queue still full from warm-up).
  const cpuUs = r.requests.total === 0 ? Number.NaN : ((cpuSeconds(child.pid) - cpuBefore) * 1e6) / r.requests.total;
  assertAnswers(id, r, expected);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuUs };
}

// Every row with a baseline is paired with it, simultaneously: during one measured window the
// row's server and a bare Fastify server of its own are loaded at the same time, each by its own
// autocannon instance with the row's settings (-c 100 each, -p 10 in the pipelined mode) and the
// very same request headers (an introspection row's STS token too). Both sides see the same
// machine at every instant, so the VM's speed swings (±15 % within seconds here) land on both;
// the round's ratio is the capacity ratio (bare Fastify's CPU per request over the row's in that
// window; see "Summaries" for why not req/s), a row's ratio the median over rounds. The bare Fastify server is started
// afresh for each row and checked and warmed exactly as the row's server, so neither side is the
// warmer. The earlier method, 1 s slices of each side in turn, spread an A/A pair (bare Fastify
// against bare Fastify) over 0.91–1.05 per round; loaded together, the same pair stayed within
// 1.00–1.03 (5 s windows; docs/benchmarks.md "Stop 20"). The row's own req/s, latency and CPU in the tables
// come from a window of its own, with nothing else loaded (`measure`).

/** The row's server and its bare Fastify loaded at once for DURATION s: both sides' figures. */
async function measurePaired(s, row, bare, headers, mode, expected) {
  const sides = [{ ...row, expected, id: s.id }, { ...bare, expected: 200, id: `${s.id} (paired bare Fastify)` }];
  const cpuBefore = sides.map((side) => cpuSeconds(side.child.pid));
  const answers = await Promise.all(sides.map((side) => load(side.port, headers, DURATION, mode.pipelining)));
  const [rowSide, bareSide] = answers.map((r, i) => {
    assertAnswers(sides[i].id, r, sides[i].expected);
    const cpu = cpuSeconds(sides[i].child.pid) - cpuBefore[i];
    return { rps: r.requests.total / r.duration, cpuUs: r.requests.total === 0 ? Number.NaN : (cpu * 1e6) / r.requests.total };
  });
  return { row: rowSide, pair: bareSide };
}

const baselineServer = new Set(scenarios.filter((s) => s.baseline === undefined).map((s) => s.server));
if (scenarios.some((s) => s.baseline !== undefined && scenarios.find((b) => b.id === s.baseline)?.server !== 'fastify-bare')) {
  throw new Error('every baseline row must be a fastify-bare row (each paired row is loaded together with a fresh fastify-bare server)');
}
// Rounds interleave the scenarios so drift in machine load spreads over all of them; the rounds
// past ROUNDS hold only the rows with a target.
const allRounds = Math.max(...scenarios.map(roundsOf));
for (let round = 0; round < allRounds; round++) {
  for (const s of scenarios) {
    if (round >= roundsOf(s)) continue;
    const backend = s.setup === undefined ? { env: {}, stop: async () => undefined } : await s.setup({ configDir, quick: QUICK });
    // The control row is bare Fastify paired with another bare Fastify (the method's noise floor).
    const paired = s.baseline !== undefined && (s.control === true || !baselineServer.has(s.server));
    const { child, port } = await startServer(s.server, backend.env);
    const bare = paired ? await startServer('fastify-bare') : undefined;
    // A backend that issues its own credential (an STS's token) replaces the row's headers.
    const headers = backend.headers ?? s.headers;
    try {
      for (const mode of MODES) {
        const expected = s.expect ?? 200;
        // Check and warm-up, the row's server and its bare Fastify alike.
        for (const [side, status] of [[{ port }, expected], ...(bare === undefined ? [] : [[bare, 200]])]) {
          assertAnswers(s.id, await load(side.port, headers, CHECK, mode.pipelining), status);
          await load(side.port, headers, WARMUP, mode.pipelining);
        }
        const row = await measure(s.id, child, port, headers, mode, expected);
        const pair = paired ? await measurePaired(s, { child, port }, bare, headers, mode, expected) : undefined;
        const k = key(s, mode);
        results.set(k, [...(results.get(k) ?? []), { ...row, pairedRowRps: pair?.row.rps, pairedRowCpuUs: pair?.row.cpuUs, pairRps: pair?.pair.rps, pairCpuUs: pair?.pair.cpuUs }]);
        const pairText = pair === undefined ? ''
          : `; loaded with its bare Fastify: ${Math.round(pair.row.rps)} against ${Math.round(pair.pair.rps)} req/s, ${pair.row.cpuUs.toFixed(1)} against ${pair.pair.cpuUs.toFixed(1)} µs: capacity ratio ${(pair.pair.cpuUs / pair.row.cpuUs).toFixed(3)}, req/s ratio ${(pair.row.rps / pair.pair.rps).toFixed(3)}`;
        process.stdout.write(`round ${round + 1} ${k}: ${Math.round(row.rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, server CPU ${row.cpuUs.toFixed(1)} µs/request${pairText}\n`);
      }
    } finally {
      await stopServer(child);
      if (bare !== undefined) await stopServer(bare.child);
      await backend.stop();
    }
  }
}

// Memory: RSS of a Pointe JWT server (token cache capacity 10,000, no memo) after each of N
// distinct valid tokens was sent once. HS256 tokens padded to the RS256 token's length.
async function memoryPhase() {
  const secret = createHmac('sha256', 'pointe-bench').update(configDir).digest('base64url');
  writeFileSync(join(configDir, 'hs256.secret'), secret);
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const makeToken = (i) => {
    const claims = { sub: `user${i}`, iss: 'wso2', aud: 'ballerina', exp, scp: 'hello', jti: String(i) };
    const pad = Math.max(0, token.length - 120 - JSON.stringify(claims).length * 1.34);
    const payload = Buffer.from(JSON.stringify({ ...claims, pad: 'x'.repeat(Math.round(pad * 0.75)) })).toString('base64url');
    const input = `${header}.${payload}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };
  const out = {};
  for (const n of MEMORY_TOKENS) {
    const { child, port } = await startServer('pointe-jwt-memory');
    try {
      const rssStart = rssMiB(child.pid);
      let i = 0;
      const r = await autocannon({
        url: `http://127.0.0.1:${port}/foo/bar`, connections: 50, amount: n,
        requests: [{ setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${makeToken(i++)}` } }) }],
      });
      assertAnswers(`memory ${n}`, r, 200);
      await new Promise((res) => setTimeout(res, 500));
      out[`memory ${n} tokens`] = { tokens: n, capacity: 10_000, rssStartMiB: rssStart, rssMiB: rssMiB(child.pid), tokenLength: makeToken(0).length };
      process.stdout.write(`memory: ${n} distinct tokens, RSS ${rssStart.toFixed(1)} → ${rssMiB(child.pid).toFixed(1)} MiB\n`);
    } finally {
      await stopServer(child);
    }
  }
  return out;
}
const memory = args.includes('--no-memory') ? {} : await memoryPhase();

// The OAuth2 client: a Pointe Client with a client-credentials grant at the STS, calling a bare
// node:http server. Counted at the STS: 1,000 requests → 1 token request; then, once the token
// has expired (the STS's 2-second client, renewed 1 s early), 100 concurrent requests → 1 refresh.
async function oauth2ClientPhase() {
  const { Client } = await import('@pointe/http');
  const { STS_CLIENTS, startBenchSts } = await import('./sts.mjs');
  const { sts } = await startBenchSts();
  const { createServer: createHttpServer } = await import('node:http');
  const server = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Hello, World!'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${server.address().port}`;
  const grant = (client) => ({ tokenUrl: sts.tokenUrl, clientId: client.clientId, clientSecret: client.clientSecret, scopes: ['hello'], clockSkew: 1 });
  try {
    sts.reset();
    const steady = new Client(target, { auth: grant(STS_CLIENTS.seed) });
    const started = performance.now();
    for (let i = 0; i < 1_000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => steady.get('/foo/bar')));
      if (batch.some((r) => r.statusCode !== 200)) throw new Error('oauth2 client: a request was not answered 200');
    }
    const ms = performance.now() - started;
    const tokenRequests = Object.values(sts.counters.token).reduce((a, b) => a + b, 0);
    await steady.close();

    sts.reset();
    const expiring = new Client(target, { auth: grant(STS_CLIENTS.shortLived) });
    await expiring.get('/foo/bar');
    await new Promise((res) => setTimeout(res, 1_200));
    const answers = await Promise.all(Array.from({ length: 100 }, () => expiring.get('/foo/bar')));
    if (answers.some((r) => r.statusCode !== 200)) throw new Error('oauth2 client: a request at expiry was not answered 200');
    const refreshes = Object.values(sts.counters.token).reduce((a, b) => a + b, 0) - 1;
    await expiring.close();
    process.stdout.write(`oauth2 client: 1000 requests → ${tokenRequests} token request(s) (${Math.round(1000 / (ms / 1000))} req/s); 100 concurrent at expiry → ${refreshes} refresh(es)\n`);
    return { 'oauth2 client': { requests: 1000, tokenRequests, reqPerS: Math.round(1000 / (ms / 1000)), concurrentAtExpiry: 100, refreshesAtExpiry: refreshes } };
  } finally {
    server.close();
    await sts.stop();
  }
}
const oauth2Client = ONLY === undefined || /introspection|oauth2|client/.test(ONLY) ? await oauth2ClientPhase() : {};

// Summaries: median req/s, p50 and CPU over rounds, worst p99 (the row's own windows). A row
// with a baseline also gets, from the windows where it was loaded together with its bare
// Fastify, the median over rounds of its **capacity ratio** (bare Fastify's server CPU per
// request ÷ the row's: how many requests the row serves per CPU-second, relative to bare
// Fastify), the figure the targets are read from, with its lowest and highest round, and of the
// req/s ratio in those windows.
//
// Why CPU and not req/s: both servers and autocannon share 2 cores, and autocannon driving two
// servers is the bottleneck of that window (each server idles ~40 % of it), so req/s there is
// pulled towards 1.0 (Fastify + @fastify/jwt with its cache, which costs 2.2 × bare Fastify's
// CPU per request, showed 0.77 in req/s). A server's capacity is its CPU per request; when a
// server alone is the bottleneck (the rows' own windows), its req/s ratio follows its CPU ratio,
// and in the stop 19 run the CPU ratio was the lower, stricter of the two in 7 of the 11 target rows.
const capacityOf = (x) => x.pairCpuUs / x.pairedRowCpuUs;
const togetherOf = (x) => x.pairedRowRps / x.pairRps;
const summary = new Map();
for (const mode of MODES) {
  for (const s of scenarios) {
    const rs = results.get(key(s, mode)) ?? [];
    const pairs = rs.filter((x) => x.pairRps > 0 && x.pairedRowRps > 0 && x.pairedRowCpuUs > 0);
    const capacities = pairs.map(capacityOf);
    summary.set(key(s, mode), {
      s, mode, rounds: rs, rps: median(rs.map((x) => x.rps)), p50: median(rs.map((x) => x.p50)), p99: Math.max(...rs.map((x) => x.p99)), cpuUs: median(rs.map((x) => x.cpuUs)),
      ...(pairs.length === 0 ? {} : {
        capacity: median(capacities), capacityRange: [Math.min(...capacities), Math.max(...capacities)], together: median(pairs.map(togetherOf)),
      }),
    });
  }
}
/**
 * Pointe's row against a peer's: both were loaded together with a bare Fastify receiving the same
 * headers, so the ratio is the quotient of the two rows' capacity ratios (and of their req/s
 * ratios), round by round (median): the machine's speed during each row's windows, minutes
 * apart, cancels out. Rounds where either side has no pair (or answered nothing) do not count;
 * with none left, the quotient of the rows' own windows.
 */
function versusRatio(row, peer) {
  const capacity = [];
  const together = [];
  for (let i = 0; i < Math.min(row.rounds.length, peer.rounds.length); i++) {
    const a = row.rounds[i];
    const b = peer.rounds[i];
    if (!(a.pairRps > 0 && b.pairRps > 0 && a.pairedRowRps > 0 && b.pairedRowRps > 0 && a.pairedRowCpuUs > 0 && b.pairedRowCpuUs > 0)) continue;
    capacity.push(capacityOf(a) / capacityOf(b));
    together.push(togetherOf(a) / togetherOf(b));
  }
  if (capacity.length === 0) return peer.rps > 0 ? { capacity: peer.cpuUs / row.cpuUs, together: row.rps / peer.rps } : undefined;
  return { capacity: median(capacity), together: median(together) };
}
const fmtVersus = (row, peer) => {
  const r = versusRatio(row, peer);
  return r === undefined ? 'n/a (it answered nothing in the window)' : `${r.capacity.toFixed(3)} (req/s ${r.together.toFixed(3)})`;
};
/** The ratio to the baseline: the capacity ratio (and the req/s ratio loaded together), or for an unpaired row its own req/s over the baseline's. */
const fmtBase = (row, base) => {
  if (row.capacity !== undefined) return `${row.capacity.toFixed(3)} (req/s ${row.together.toFixed(3)})`;
  if (!(base.rps > 0)) return 'n/a (it answered nothing in the window)';
  return `(req/s ${(row.rps / base.rps).toFixed(3)}, not paired)`;
};
/** The capacity ratio's lowest and highest round. */
const fmtRange = (row) => (row.capacityRange === undefined ? '' : `${row.capacityRange[0].toFixed(3)} – ${row.capacityRange[1].toFixed(3)}`);
/** The row's target (scenarios.mjs) and whether its capacity ratio meets it; issue 10 set them at `-c 100`, without pipelining. */
const fmtTarget = (row) => (row.s.target === undefined || row.capacity === undefined || row.mode.id !== 'c100' ? ''
  : `≥ ${row.s.target.toFixed(2)}: ${row.capacity >= row.s.target ? 'met' : `**missed by ${(row.s.target - row.capacity).toFixed(3)}**`}`);
const json = {};
for (const [k, row] of summary) {
  json[k] = { rps: Math.round(row.rps), p50Ms: row.p50, p99Ms: row.p99, cpuUsPerRequest: Number.isNaN(row.cpuUs) ? null : Number(row.cpuUs.toFixed(2)) };
  if (row.capacity !== undefined) {
    Object.assign(json[k], {
      ratio: Number(row.capacity.toFixed(3)),
      ratioRounds: row.rounds.filter((x) => x.pairRps > 0 && x.pairedRowRps > 0 && x.pairedRowCpuUs > 0).map((x) => Number(capacityOf(x).toFixed(3))),
      rpsRatioLoadedTogether: Number(row.together.toFixed(3)),
    });
  }
  if (row.s.target !== undefined) json[k].target = row.s.target;
  for (const v of [row.s.versus ?? []].flat()) {
    const peer = summary.get(`${v} ${row.mode.id}`);
    const r = peer === undefined ? undefined : versusRatio(row, peer);
    if (r !== undefined) (json[k].versus ??= {})[v] = Number(r.capacity.toFixed(3));
  }
}
for (const [k, m] of Object.entries({ ...memory, ...oauth2Client })) json[k] = m;
writeFileSync(join(here, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);

const tableFor = (mode) => [
  `| scenario (${mode.label}) | rounds | req/s (median) | p50 ms (median) | p99 ms (worst round) | server CPU µs/request (median) | ratio to bare Fastify: capacity (req/s loaded together) | capacity, rounds (min – max) | target | ratio to the peer: capacity (req/s) |`,
  '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ...scenarios.map((s) => {
    const row = summary.get(key(s, mode));
    const base = summary.get(`${s.baseline} ${mode.id}`);
    const peers = [s.versus ?? []].flat().map((v) => summary.get(`${v} ${mode.id}`)).filter(Boolean)
      .map((p) => `${fmtVersus(row, p)} × ${p.s.id}`).join('; ');
    const expect = s.expect === undefined ? '' : ` (answers ${s.expect})`;
    return `| ${s.label}${expect} | ${row.rounds.length} | ${Math.round(row.rps)} | ${row.p50} | ${row.p99} | ${row.cpuUs.toFixed(1)} | ${base === undefined ? 'baseline' : fmtBase(row, base)} | ${fmtRange(row)} | ${fmtTarget(row)} | ${peers} |`;
  }),
].join('\n');
const tables = MODES.map(tableFor).join('\n\n');
console.log(`\n${tables}\n`);

const bars = MODES.flatMap((mode) => scenarios.map((s) => ({ label: `${s.id} (${mode.label})`, rps: summary.get(key(s, mode)).rps, baseline: s.baseline === undefined })));
writeFileSync(join(here, '..', 'docs', 'benchmarks.svg'), barChartSvg(`Pointe and peers, req/s per scenario (${QUICK ? 'quick run' : 'full run'})`, bars));

const version = (name) => {
  try {
    return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};
const peers = ['fastify', '@fastify/basic-auth', '@node-rs/argon2', '@fastify/jwt', '@nestjs/core', '@nestjs/platform-fastify', '@nestjs/passport', 'passport-jwt', 'hono', '@hono/node-server', 'autocannon'];
const memoryRows = Object.values(memory).map((m) => `| ${m.tokens} | ${m.capacity} | ${m.tokenLength} | ${m.rssStartMiB.toFixed(1)} | ${m.rssMiB.toFixed(1)} |`);
const soakPath = join(here, 'soak-results.json');
const soak = existsSync(soakPath) ? JSON.parse(readFileSync(soakPath, 'utf8')) : undefined;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const doc = `# Benchmarks

Measured by \`pnpm bench${QUICK ? ' --quick' : ''}\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}.${QUICK ? ' **A quick run: 1 s per measurement, one round; a smoke test of the harness, not figures to quote.**' : ''}

- Machine: ${machine}.
- Versions: ${peers.map((p) => `${p} ${version(p)}`).join(', ')}.
- Method: each scenario's server runs in its own child process (plain HTTP on 127.0.0.1, so TLS
  cost, equal for all, does not hide framework cost); autocannon in the parent process sends
  \`GET /foo/bar\` over ${CONNECTIONS} keep-alive connections, once without pipelining and once with 10 requests
  pipelined on each: a ${CHECK} s check run (every answer must have the scenario's status), ${WARMUP} s warm-up,
  then ${DURATION} s measured with nothing else loaded (the req/s, latency and CPU columns). ${ROUNDS} round(s),
  scenarios interleaved, and ${TARGET_ROUNDS} for the rows that carry a target and the A/A control row;
  req/s is the median over rounds, p99 the worst round.
- Ratios to the baseline are **simultaneous** pairs: in every round, after its own window, the
  row's server and a bare Fastify server of its own are loaded **at the same time** for ${DURATION} s,
  each by its own autocannon instance with the same settings (${CONNECTIONS} connections each, and
  10 pipelined in that mode) and the very same request headers (the Basic header, the JWT, an
  introspection row's opaque token). That bare Fastify server is started afresh with each row
  and checked and warmed exactly as the row's server, so neither side is the warmer. Both sides
  see the same machine at every instant: the throughput of the same code swings by ±15 % within
  seconds on this VM, and each swing lands on both.
- The round's ratio is the **capacity ratio**: bare Fastify's server CPU µs per request divided
  by the row's, in that window, i.e. how many requests the row serves per CPU-second relative to
  bare Fastify. A row's ratio is the median over rounds, listed with its lowest and highest
  round; the targets are read from it. The req/s ratio of the same window is listed beside it
  but is not the figure: autocannon driving two servers is that window's bottleneck (each
  server idles part of it), which pulls req/s towards 1.0 (Fastify + @fastify/jwt with its
  cache, at 2.2 × bare Fastify's CPU per request, showed 0.77 in req/s). In a server's own
  window, where the server is the bottleneck, its req/s ratio follows its CPU ratio; in the
  stop 19 run (1 s slices in turn) the CPU ratio was the lower of the two in 7 of the 11 rows
  that carry a target.
- The **control** row is bare Fastify paired with another bare Fastify, so every run shows the
  method's own noise: an A/A ratio of 1.000 is exact, and its spread is what one round can be
  trusted to. Until stop 20 the sides were loaded in turn, in 1 s slices; an A/A pair then spread
  over 0.91–1.05 per round in req/s, against 1.00–1.03 loaded together, both in 5 s windows
  (docs/benchmarks.md, "Stop 20"); the control row shows the spread of this run's windows.
- Ratios to a peer are the quotient of the two rows' capacity ratios (and, in brackets, of their
  req/s ratios), round by round (median over rounds): both were measured against bare Fastify
  receiving the same headers, so the speed the machine happened to have during each row's
  windows, minutes apart, cancels out. Above 1.0, Pointe serves more requests per CPU-second.
- Server CPU µs/request is the server process's user + system CPU time, every thread (from
  /proc), during the measured window divided by the requests it answered.
- Commands: \`pnpm bench\` (full), \`pnpm bench --quick\`, \`pnpm bench --only=jwt\` (a subset, with
  its baselines and peers); BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_ROUNDS,
  BENCH_TARGET_ROUNDS override.
  \`pnpm soak\` for the fault run. Chart: [benchmarks.svg](benchmarks.svg); raw: bench/results.json.

${tables}

Targets (issue 10), read from the capacity ratio at \`-c 100\` (the target column): unprotected
≥ 0.95 × bare Fastify; every mechanism with its cache warm ≥ 0.90 × bare Fastify with the memo
and ≥ 0.85 with \`authMemo: false\`; Pointe ahead of \`@fastify/basic-auth\`, \`@fastify/jwt\`,
NestJS + passport and Hono on the matching row.

What "cache warm" means here: autocannon keeps its connections alive, so after the first request
on a connection the auth chain's per-connection memo answers (docs/ARCHITECTURE.md, "The request
path"); the file store's digest-keyed verification cache and the JWT validator's token cache
answer the first request of every new connection. The \`authMemo: false\` rows show those caches
alone (every request decoded and looked up), the path of every request behind a reverse proxy.
The uncached JWT row has no memo: every request is parsed and its RS256 signature verified, as in
every peer. \`@fastify/basic-auth\` has no cache, so its row verifies argon2id on every request.
The rejection rows measure how fast the 401/403 answers are.

## Memory: the JWT token cache stays bounded

A Pointe JWT server (\`cacheConfig.capacity\` 10,000, \`authMemo: false\`) is sent N distinct valid
tokens once each (HS256, so the bench can sign them fast, padded to the RS256 token's length).

| distinct tokens | capacity | token length | RSS at start MiB | RSS after MiB |
|---:|---:|---:|---:|---:|
${memoryRows.join('\n')}
${oauth2Client['oauth2 client'] === undefined ? '' : `
## OAuth2 client: one token, one refresh

A Pointe \`Client\` with a client-credentials grant at the development STS (oidc-provider on
loopback) calling a bare node:http server, counted at the STS: ${oauth2Client['oauth2 client'].requests} requests (50 at a time) →
**${oauth2Client['oauth2 client'].tokenRequests} token request(s)** (${oauth2Client['oauth2 client'].reqPerS} req/s); then ${oauth2Client['oauth2 client'].concurrentAtExpiry} concurrent requests once the token
has expired → **${oauth2Client['oauth2 client'].refreshesAtExpiry} refresh(es)**. Targets: 1 and 1.
`}
${soak === undefined ? '' : `
## Soak: backends stopped and restarted under load

\`pnpm soak\` (bench/soak.mjs) on ${soak.date}: ${soak.durationS} s of steady load (${soak.concurrency} concurrent
requests, each with a ${soak.timeoutMs} ms timeout) on a Pointe listener.

| fault | down at s | back at s | answers by status | 5xx | hung | recovered after back (s) |
|---|---:|---:|---|---:|---:|---:|
${soak.faults.map((f) => `| ${f.name} | ${f.downAtS} | ${f.upAtS} | ${JSON.stringify(f.statuses)} | ${f.fiveXx} | ${f.hung} | ${f.recoveredAfterS} |`).join('\n')}

Live heap (sampled every 500 ms after a full GC): ${soak.heap.firstMiB.toFixed(1)} MiB in the first quarter of the run, ${soak.heap.lastMiB.toFixed(1)} MiB in the last (median of samples); ${soak.passed ? 'all assertions passed' : `FAILED: ${soak.failures.join('; ')}`}.
`}`;
// Sections written by hand (profiles, findings) sit below this marker; a run keeps them.
const KEPT = '<!-- Written by hand below this line: pnpm bench keeps it. -->';
const docPath = join(here, '..', 'docs', 'benchmarks.md');
const previous = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
const kept = previous.includes(KEPT) ? previous.slice(previous.indexOf(KEPT)) : `${KEPT}\n`;
writeFileSync(docPath, `${doc.trimEnd()}\n\n${kept}`);
console.log('wrote docs/benchmarks.md, docs/benchmarks.svg, bench/results.json');
