/**
 * Each tested template, generated into a temp dir, installed with npm against tarballs packed
 * from this workspace (third-party packages from the registry), passes its own `npm test`
 * and type-checks with the workspace's TypeScript.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWorkspace } from '../../../test-support/pack.js';
import { scaffold } from '../src/scaffold.js';

const run = promisify(execFile);

/** The templates whose generated projects are installed and tested end to end. */
export const TESTED_TEMPLATES = ['basic-file', 'jwt', 'client', 'oauth2', 'ldap'] as const;

/**
 * The oauth2 project's authorization server (`src/sts.ts`, via `tsx`) on a free port, with
 * `pointe.doctor.json` pointed at it (it names the default port 9445, which may be in use here).
 */
async function startProjectSts(dir: string): Promise<ChildProcess> {
  const tsx = join(dir, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['-e', "import('./src/sts.ts').then(async ({ startSts }) => console.log((await startSts(0)).url))"], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('https://')) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the project's STS exited (${code})`)));
    setTimeout(() => reject(new Error("the project's STS did not start in 30 s")), 30_000).unref();
  });
  const doctorFile = join(dir, 'pointe.doctor.json');
  writeFileSync(doctorFile, readFileSync(doctorFile, 'utf8').replaceAll('https://localhost:9445', url));
  return child;
}

let tarballs: string;
const root = mkdtempSync(join(tmpdir(), 'pointe-create-'));
beforeAll(async () => {
  tarballs = await packWorkspace();
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The templates install and test in parallel: npm's work is mostly waiting on the network and disk.
describe.concurrent.each(TESTED_TEMPLATES)('create-pointe-app --template %s', (template) => {
  const dir = join(root, `my-${template}-svc`);

  it('installs against the packed workspace, passes its own npm test and type-checks', async () => {
    await scaffold({ directory: dir, template, pointeFrom: tarballs });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['@pointe/http']).toBe(`file:${join(tarballs, 'pointe-http-0.1.0.tgz')}`);

    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, timeout: 150_000 });
    const tested = await run('npm', ['test'], { cwd: dir, timeout: 60_000 }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`npm test failed in ${dir}:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    // node:test reports TAP (`# fail 0`) on Node 20 and its spec reporter (`ℹ fail 0`) on 23+ when not on a terminal.
    expect(tested.stdout).toMatch(/^[#ℹ] fail 0$/m);
    expect(tested.stdout).toMatch(/^[#ℹ] pass [1-9]/m);
    expect(tested.stdout).toMatch(/^[#ℹ] skipped 0$/m);

    // The pointe CLI from its tarball, on the project's own pointe.doctor.json. The oauth2
    // project's doctor probes its introspection endpoint: start the project's own STS for it.
    const sts = template === 'oauth2' ? await startProjectSts(dir) : undefined;
    const doctor = await run('npm', ['run', '-s', 'doctor'], { cwd: dir, timeout: 60_000 })
      .catch((error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout ?? '' }))
      .finally(() => sts?.kill());
    expect(doctor.stdout).toMatch(/^PASS TLS key certs\/public\.crt: /m);
    if (template === 'ldap') {
      // The project's directory (its own slapd, started by its tests) is not running now: the
      // service-account bind is the one check that fails, and says so.
      expect(doctor.stdout).toMatch(/^FAIL auth\[0\] LDAP ldap:\/\/localhost:3389: /m);
      expect(doctor.stdout).toMatch(/^\d+ passed, 1 failed, 0 warnings/m);
    } else {
      expect(doctor.stdout).toMatch(/^\d+ passed, 0 failed, 0 warnings/m);
    }

    const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
    const typecheck = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    const errors = typecheck.split('\n').filter((line) => line.includes('error TS'));
    expect(errors).toEqual([]);

    // The generated tests have teeth: a service that wants another scope fails them.
    const service = join(dir, 'src/service.ts');
    const source = readFileSync(service, 'utf8');
    expect(source).toContain("scopes: ['hello']");
    writeFileSync(service, source.replaceAll("scopes: ['hello']", "scopes: ['nobody']"));
    const broken = await run('npm', ['test'], { cwd: dir, timeout: 60_000 }).then(() => undefined, (error: { code?: number; stdout?: string }) => error);
    expect(broken?.code).toBe(1);
    expect(broken?.stdout).toMatch(/^[#ℹ] fail [1-9]/m);
  }, 240_000);
});
