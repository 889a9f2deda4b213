/**
 * A newcomer's project, from the tarballs a publish would upload: every package packed
 * (`pnpm pack`), installed with npm into a project outside the workspace, the README's files
 * written there as they are, compiled with tsc in both decorator conventions, run with node,
 * and asked with curl-like requests. Catches a missing file, export or dependency, and a README
 * that does not work.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWorkspace, tarballs } from '../../../test-support/pack.js';
import { testCerts } from '../../../test-support/certs.js';
import { basic, call } from './support.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
let project: string;
let packDir: string;

/** The fenced block after `<!-- file: name -->` in the README. */
function readmeFile(name: string): string {
  const match = new RegExp(`<!-- file: ${name.replace(/[.]/g, '\\.')} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (match === null) throw new Error(`README has no <!-- file: ${name} --> block`);
  return match[1]!;
}

/** The README's client snippet, pointed at the running service. */
function readmeClient(): string {
  const block = /```ts\n(import \{ Client \} from '@pointe\/http';[\s\S]*?)```/.exec(readme);
  if (block === null) throw new Error('README has no Client snippet');
  return block[1]!.replace("'https://localhost:9090'", 'process.env.POINTE_URL!');
}

beforeAll(async () => {
  packDir = await packWorkspace();
  project = mkdtempSync(join(tmpdir(), 'pointe-newcomer-'));
  const deps = Object.fromEntries([...tarballs(packDir)].map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(join(project, 'package.json'), JSON.stringify({
    name: 'hello', version: '1.0.0', private: true, type: 'module',
    dependencies: deps,
    devDependencies: { '@types/node': '^20.19.0' },
    // The packages depend on each other by version; these make npm use the tarballs, never the registry.
    overrides: deps,
  }, null, 2));
  for (const file of ['tsconfig.json', 'tsconfig.legacy.json', 'src/service.ts', 'Config.toml']) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), readmeFile(file));
  }
  writeFileSync(join(project, 'src/client.ts'), readmeClient());
  // A self-signed certificate for localhost, as the README's openssl line makes.
  mkdirSync(join(project, 'certs'));
  copyFileSync(testCerts().rogueCert, join(project, 'certs/public.crt'));
  copyFileSync(testCerts().rogueKey, join(project, 'certs/private.key'));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: project, timeout: 100_000 });
}, 150_000);

afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('each tarball holds dist, README.md and LICENSE', async () => {
    for (const [name, file] of tarballs(packDir)) {
      const { stdout } = await run('tar', ['tzf', file]);
      const entries = stdout.split('\n');
      expect(entries, name).toContain('package/README.md');
      expect(entries, name).toContain('package/LICENSE');
      expect(entries.some((e) => e.startsWith('package/dist/') && e.endsWith('index.js')) || name === 'pointe', name).toBe(true);
      expect(entries.some((e) => e.includes('.test.')), `${name} ships tests`).toBe(false);
    }
  });
});

describe.each([['standard decorators', 'tsconfig.json'], ['legacy decorators', 'tsconfig.legacy.json']])('the README service with %s', (_name, tsconfig) => {
  let service: ChildProcess | undefined;
  let url: string;

  beforeAll(async () => {
    rmSync(join(project, 'dist'), { recursive: true, force: true });
    await run(process.execPath, [tsc, '-p', tsconfig], { cwd: project, timeout: 60_000 }).catch((err: { stdout?: string }) => {
      throw new Error(`tsc -p ${tsconfig} failed:\n${err.stdout ?? String(err)}`);
    });
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    delete env.POINTE_CONFIG_FILES;
    const child = spawn(process.execPath, ['dist/service.js'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    service = child;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`service did not log its start-up line; stderr: ${stderr}`)), 20_000);
      child.once('exit', (code) => reject(new Error(`service exited with ${code}; stderr: ${stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; address?: string };
        if (entry.msg?.startsWith('pointe: listening') === true) {
          clearTimeout(timer);
          resolve(`https://localhost:${/:(\d+)$/.exec(entry.address!)![1]}`);
        }
      });
    });
  }, 90_000);

  afterAll(() => {
    service?.kill();
  });

  it('answers 401, 403 and 200 as the README says', async () => {
    const ca = join(project, 'certs/public.crt');
    const get = (authorization?: string) => call(`${url}/foo/bar`, { ca, headers: authorization === undefined ? {} : { authorization } });
    expect((await get()).status).toBe(401);
    expect((await get(basic('alice', 'password1'))).status).toBe(403);
    const ok = await get(basic('alex', 'password4'));
    expect([ok.status, ok.body]).toEqual([200, 'Hello, World!']);
  });

  it("the README's client snippet gets 200 from it", async () => {
    const { stdout } = await run(process.execPath, ['dist/client.js'], { cwd: project, env: { ...process.env, POINTE_URL: url }, timeout: 20_000 });
    expect(stdout.trim()).toBe('200 Hello, World!');
  });
});
