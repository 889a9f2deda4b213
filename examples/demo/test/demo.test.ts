/**
 * Runs the demo as `npm run demo` does (`node examples/demo/dist/main.js`), as a child process
 * on free ports bound to 127.0.0.1:
 * - `--once`: every row of the table passes, it exits 0, and nothing is left behind (slapd's
 *   process, the certificate directory, the listener's port);
 * - kept up: the printed curl lines carry real credentials (the JWT line answers 200), and
 *   Ctrl-C (SIGINT) stops everything with exit code 0.
 * The demo's dist/ is built first (turbo, cached), so the child runs the current sources.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { slapdInstalled } from '@pointe/slapd';
import { call } from '../../../test-support/https.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

beforeAll(() => {
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter', '@pointe-examples/demo...', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'pipe',
    timeout: 120_000,
  });
}, 150_000);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Demo {
  child: ChildProcess;
  port: number;
  /** Everything printed on stdout so far. */
  out(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

async function startDemo(args: string[]): Promise<Demo> {
  const port = await freePort();
  const child = spawn(process.execPath, [main, ...args], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', POINTE_STS_PORT: '0', DEMO_ONCE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, out: () => (err === '' ? out : `${out}\n[stderr]\n${err}`), exited };
}

async function until(demo: Demo, text: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!demo.out().includes(text)) {
    if (demo.child.exitCode !== null) throw new Error(`the demo exited (${demo.child.exitCode}) before printing '${text}':\n${demo.out()}`);
    if (Date.now() > deadline) throw new Error(`the demo did not print '${text}' within ${ms} ms:\n${demo.out()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** What the demo says it left around: slapd's pid (when it ran one) and the certificate directory. */
function leftovers(out: string): { slapdPid?: number; certDir: string } {
  const certDir = /certificates in (\S+)/.exec(out)?.[1];
  if (certDir === undefined) throw new Error(`no certificate directory in:\n${out}`);
  const pid = /slapd \(pid (\d+)\)/.exec(out)?.[1];
  return { certDir, ...(pid === undefined ? {} : { slapdPid: Number(pid) }) };
}

describe('npm run demo', () => {
  it('--once: prints the table with every row passing, exits 0 and leaves nothing running', async () => {
    const demo = await startDemo(['--once']);
    const code = await demo.exited;
    const out = demo.out();
    expect(code, out).toBe(0);

    const rows = out.split('\n').filter((line) => / → \d{3} → /.test(line));
    expect(rows.filter((line) => !line.endsWith(' ✓')), out).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(11);
    expect(out).toContain(`demo: ${rows.length} of ${rows.length} rows as expected`);
    for (const expected of [
      'GET /foo/bar no auth',
      'GET /foo/bar Basic alex:password4',
      'GET /jwt/bar self-signed JWT',
      'GET /jwt/bar Bearer JWT (scp read)',
      'POST STS /oauth2/token client_credentials',
    ]) {
      expect(rows.some((line) => line.includes(expected)), `${expected}\n${out}`).toBe(true);
    }
    if (slapdInstalled()) expect(rows.filter((line) => line.includes('/ldap/bar'))).toHaveLength(4);

    const { slapdPid, certDir } = leftovers(out);
    if (slapdInstalled()) expect(slapdPid).toBeTypeOf('number');
    if (slapdPid !== undefined) expect(alive(slapdPid)).toBe(false);
    expect(existsSync(certDir)).toBe(false);
    expect(await portFree(demo.port)).toBe(true);
  }, 60_000);

  it('keeps the services up with working curl lines until Ctrl-C, which stops everything', async () => {
    const demo = await startDemo([]);
    try {
      await until(demo, 'Ctrl-C stops everything.', 45_000);
      const out = demo.out();
      const line = /curl --cacert (\S+) (https:\/\/\S+\/jwt\/bar) -H "Authorization: (Bearer [^"]+)"/.exec(out);
      expect(line, out).not.toBeNull();
      const [, cacert, url, authorization] = line!;
      // The listener binds 127.0.0.1 here; the printed URL names it.
      const res = await call(url!, { ca: cacert!, headers: { authorization: authorization! } });
      expect(res.status).toBe(200);
      expect(res.body).toBe('Hello, World!');

      const { slapdPid, certDir } = leftovers(out);
      if (slapdPid !== undefined) expect(alive(slapdPid)).toBe(true);
      demo.child.kill('SIGINT');
      expect(await demo.exited, demo.out()).toBe(0);
      expect(demo.out()).toContain('demo: stopping');
      if (slapdPid !== undefined) expect(alive(slapdPid)).toBe(false);
      expect(existsSync(certDir)).toBe(false);
      expect(await portFree(demo.port)).toBe(true);
    } finally {
      if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
    }
  }, 60_000);
});
