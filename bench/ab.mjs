// Head-to-head runs of a few scenarios, for before/after work on the hot path:
// `node bench/ab.mjs fastify-bare pointe-basic-plain-nomemo [--rounds=5] [--duration=5] [--pipelining=1]`.
// Each round starts every scenario's server in turn (bench/server.mjs), warms it, measures
// req/s and the server's CPU µs per request; prints the medians and the ratio to the first.
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

function start(name) {
  const env = { ...process.env, ...(ldap?.env ?? {}) };
  const pin = process.env.AB_PIN === undefined ? [] : ['taskset', '-c', process.env.AB_PIN];
  const child = spawn(pin[0] ?? process.env.AB_NODE ?? process.execPath, [...pin.slice(1), ...(pin.length > 0 ? [process.env.AB_NODE ?? process.execPath] : []), ...(process.env.AB_NODE_ARGS ?? '').split(' ').filter(Boolean), join(here, 'server.mjs'), name, configDir], { stdio: ['ignore', 'pipe', 'inherit'], env });
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
for (let round = 0; round < ROUNDS; round++) {
  for (const name of names) {
    const { child, port } = await start(name.split('@')[0]);
    await load(port, name, 2);
    const before = cpu(child.pid);
    const sysBefore = sys(child.pid);
    const threadsBefore = threads(child.pid);
    const r = await load(port, name, DURATION);
    const cpuUs = ((cpu(child.pid) - before) * 1e6) / r.requests.total;
    const sysUs = ((sys(child.pid) - sysBefore) * 1e6) / r.requests.total;
    const threadsAfter = threads(child.pid);
    const perThread = Object.entries(threadsAfter).map(([n, v]) => `${n} ${(((v - (threadsBefore[n] ?? 0)) * 1e6) / r.requests.total).toFixed(1)}`).filter((x) => !x.endsWith(' 0.0')).join(', ');
    const bad = Object.keys(r.statusCodeStats ?? {}).filter((c) => c !== '200');
    if (bad.length > 0 || r.errors > 0) throw new Error(`${name}: ${JSON.stringify(r.statusCodeStats)} ${r.errors} errors`);
    samples.get(name).push({ rps: r.requests.average, cpuUs });
    child.kill('SIGTERM');
    await new Promise((res) => child.once('exit', res));
    process.stdout.write(`round ${round + 1} ${name}: ${Math.round(r.requests.average)} req/s, ${cpuUs.toFixed(1)} µs/request (system ${sysUs.toFixed(1)}; ${perThread})\n`);
  }
}
const base = samples.get(names[0]);
const baseRps = median(base.map((s) => s.rps));
const baseCpu = median(base.map((s) => s.cpuUs));
for (const [name, s] of samples) {
  const rps = median(s.map((x) => x.rps));
  const cpuUs = median(s.map((x) => x.cpuUs));
  console.log(`${name.padEnd(34)} ${String(Math.round(rps)).padStart(6)} req/s  ${cpuUs.toFixed(1).padStart(5)} µs  ratio ${(rps / baseRps).toFixed(3)}  (CPU ${(baseCpu / cpuUs).toFixed(3)})`);
}
await ldap?.stop();
