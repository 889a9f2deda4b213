// Head-to-head runs of a few scenarios, for before/after work on the hot path:
// `node bench/ab.mjs fastify-bare pointe-basic-plain-nomemo [--rounds=5] [--duration=5] [--pipelining=1] [--slices=1]`.
// Each round starts every scenario's server (bench/server.mjs), warms it, measures req/s and the
// server's CPU µs per request; prints the medians and the ratio to the first.
// - `--slices=1` (default): the servers one after the other, each measured for `--duration` s
//   and stopped before the next starts.
// - `--slices=N` (N > 1): paired. Every server of the round is up at once, and each one's
//   `--duration` s are cut into N slices, interleaved (ABAB, then BABA in the next pass), so a
//   swing in the VM's speed lands on every side. A round's ratio is then its requests over the
//   first server's in the same slices; the output adds each round's ratio, sorted.
// - `--together`: every server of the round is up and loaded at the same time for `--duration` s,
//   each by its own autocannon instance (100 connections each), as `pnpm bench` pairs a row with
//   its bare Fastify. A round's ratio is then the first server's CPU µs per request over this
//   one's (its capacity ratio; req/s beside it), with no drift between the sides at all.
// - `AB_ROOT=<dir>`: a server name `old:<scenario>` runs `<dir>/bench/server.mjs` (another
//   checkout's build, e.g. the commit before a change), so `old:pointe-public pointe-public
//   --together` measures a change head to head.
// Basic scenarios send the bench's Basic header, JWT scenarios its token. Writes nothing.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { LDAP_BASIC_HEADER, benchFixtures, cpuSeconds as cpu } from './fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const names = args.filter((a) => !a.startsWith('--'));
const ROUNDS = opt('rounds', 5);
const DURATION = opt('duration', 5);
const PIPELINING = opt('pipelining', 1);
const SLICES = Math.max(1, Math.round(opt('slices', 1)));
const TOGETHER = args.includes('--together');

const { configDir, issue, basicHeader } = await benchFixtures('pointe-ab-');
const token = await issue('hello');
// `server@basic`, `server@bearer`, `server@ldap` send that credential to any server (a bare baseline).
const headersFor = (name) =>
  /jwt|@bearer/.test(name) ? { authorization: `Bearer ${token}` } : /ldap/.test(name) ? { authorization: LDAP_BASIC_HEADER } : /basic/.test(name) ? { authorization: basicHeader } : {};

let ldap;
if (names.some((n) => n.includes('ldap'))) {
  const { startBenchSlapd } = await import('./slapd.mjs');
  const { slapd, support } = await startBenchSlapd(configDir);
  ldap = { env: { POINTE_BENCH_LDAP: JSON.stringify(support.ldapStoreConfig(slapd.url, { userRolesCacheEnabled: true })) }, stop: () => slapd.close() };
}

/** `old:<scenario>` is `<scenario>` of the checkout in AB_ROOT. */
const serverScript = (name) => (name.startsWith('old:') ? join(process.env.AB_ROOT ?? '', 'bench', 'server.mjs') : join(here, 'server.mjs'));
function start(name) {
  const env = { ...process.env, ...(ldap?.env ?? {}) };
  const pin = process.env.AB_PIN === undefined ? [] : ['taskset', '-c', process.env.AB_PIN];
  const child = spawn(pin[0] ?? process.env.AB_NODE ?? process.execPath, [...pin.slice(1), ...(pin.length > 0 ? [process.env.AB_NODE ?? process.execPath] : []), ...(process.env.AB_NODE_ARGS ?? '').split(' ').filter(Boolean), serverScript(name), name.replace(/^old:/, ''), configDir], { stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}
/** CPU seconds per thread name (main thread, V8 GC helpers, libuv pool). */
function threads(pid) {
  const out = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) / 100;
    } catch {}
  }
  return out;
}
const sys = (pid) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[12]) / 100;
const load = (port, name, duration) =>
  autocannon({ url: `http://127.0.0.1:${port}/foo/bar`, connections: 100, pipelining: PIPELINING, duration, headers: headersFor(name) });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const samples = new Map(names.map((n) => [n, []]));
/** One measured window of a running server: requests, seconds, CPU seconds (user, system), per-thread CPU seconds. */
async function window(server, name, duration) {
  const { child, port } = server;
  const before = { cpu: cpu(child.pid), sys: sys(child.pid), threads: threads(child.pid) };
  const r = await load(port, name, duration);
  const bad = Object.keys(r.statusCodeStats ?? {}).filter((c) => c !== '200');
  if (bad.length > 0 || r.errors > 0) throw new Error(`${name}: ${JSON.stringify(r.statusCodeStats)} ${r.errors} errors`);
  const after = threads(child.pid);
  const perThread = Object.fromEntries(Object.entries(after).map(([n, v]) => [n, v - (before.threads[n] ?? 0)]));
  return { requests: r.requests.total, seconds: r.duration, cpu: cpu(child.pid) - before.cpu, sys: sys(child.pid) - before.sys, perThread };
}
function add(total, w) {
  if (total === undefined) return { ...w, perThread: { ...w.perThread } };
  for (const [n, v] of Object.entries(w.perThread)) total.perThread[n] = (total.perThread[n] ?? 0) + v;
  return { ...total, requests: total.requests + w.requests, seconds: total.seconds + w.seconds, cpu: total.cpu + w.cpu, sys: total.sys + w.sys };
}
async function stop(child) {
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
}
/** Every server of the round up at once, each warmed for 2 s (all at the same time with --together). */
async function startAll() {
  const servers = new Map();
  for (const name of names) servers.set(name, await start(name.split('@')[0]));
  const warm = (name) => load(servers.get(name).port, name, 2);
  if (TOGETHER) await Promise.all(names.map(warm));
  else for (const name of names) await warm(name);
  return servers;
}
async function stopAll(servers) {
  for (const { child } of servers.values()) await stop(child);
}
for (let round = 0; round < ROUNDS; round++) {
  const totals = new Map();
  if (TOGETHER) {
    const servers = await startAll();
    const windows = await Promise.all(names.map((name) => window(servers.get(name), name, DURATION)));
    names.forEach((name, i) => totals.set(name, windows[i]));
    await stopAll(servers);
  } else if (SLICES === 1) {
    for (const name of names) {
      const server = await start(name.split('@')[0]);
      await load(server.port, name, 2);
      totals.set(name, await window(server, name, DURATION));
      await stop(server.child);
    }
  } else {
    const servers = await startAll();
    for (let i = 0; i < SLICES; i++) {
      for (const name of (i + round) % 2 === 0 ? names : [...names].reverse()) {
        totals.set(name, add(totals.get(name), await window(servers.get(name), name, DURATION / SLICES)));
      }
    }
    await stopAll(servers);
  }
  for (const name of names) {
    const t = totals.get(name);
    const us = (seconds) => ((seconds * 1e6) / t.requests).toFixed(1);
    const perThread = Object.entries(t.perThread).map(([n, v]) => `${n} ${us(v)}`).filter((x) => !x.endsWith(' 0.0')).join(', ');
    samples.get(name).push({ rps: t.requests / t.seconds, cpuUs: (t.cpu * 1e6) / t.requests });
    process.stdout.write(`round ${round + 1} ${name}: ${Math.round(t.requests / t.seconds)} req/s, ${us(t.cpu)} µs/request (system ${us(t.sys)}; ${perThread})\n`);
  }
}
const base = samples.get(names[0]);
const baseRps = median(base.map((s) => s.rps));
const baseCpu = median(base.map((s) => s.cpuUs));
for (const [name, s] of samples) {
  const rps = median(s.map((x) => x.rps));
  const cpuUs = median(s.map((x) => x.cpuUs));
  console.log(`${name.padEnd(34)} ${String(Math.round(rps)).padStart(6)} req/s  ${cpuUs.toFixed(1).padStart(5)} µs  ratio ${(rps / baseRps).toFixed(3)}  (CPU ${(baseCpu / cpuUs).toFixed(3)})`);
  if (TOGETHER && name !== names[0]) {
    // Loaded together: the round's capacity ratio (CPU per request of the first over this one's).
    const capacity = s.map((x, i) => base[i].cpuUs / x.cpuUs).sort((a, b) => a - b);
    const together = s.map((x, i) => x.rps / base[i].rps).sort((a, b) => a - b);
    console.log(`${''.padEnd(34)} capacity ratio per round: median ${median(capacity).toFixed(3)}, ${capacity.map((r) => r.toFixed(3)).join(' ')}; req/s ratio: median ${median(together).toFixed(3)}`);
  } else if (SLICES > 1 && name !== names[0]) {
    // Paired: the round's own ratio (same slices), whose median is the figure to quote.
    const ratios = s.map((x, i) => x.rps / base[i].rps).sort((a, b) => a - b);
    console.log(`${''.padEnd(34)} paired ratio per round: median ${median(ratios).toFixed(3)}, ${ratios.map((r) => r.toFixed(3)).join(' ')}`);
  }
}
await ldap?.stop();
