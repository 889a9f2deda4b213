import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { verifyPassword } from '@pointe/auth';
import { certKeyToPem, loadCertificates } from '@pointe/crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DECORATOR_CONVENTION, tarballSource } from './project-settings.js';
import { runCreate } from './run.js';
import { scaffold } from './scaffold.js';
import { TEMPLATES } from './templates/index.js';

const root = mkdtempSync(join(tmpdir(), 'pointe-scaffold-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe.each(TEMPLATES.map((t) => t.name))('the %s template', (template) => {
  const dir = join(root, `svc-${template}`);

  it('writes a TypeScript project with its own dev certificate, tests, README, doctor file and loginThrottle on', async () => {
    const files = await scaffold({ directory: dir, template });
    for (const file of ['package.json', 'tsconfig.json', 'README.md', 'pointe.doctor.json', 'src/listener.ts', 'src/main.ts', 'src/service.ts', 'certs/public.crt', 'certs/private.key']) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => /^test\/.+\.test\.ts$/.test(f))).toBe(true);
    expect(() => certKeyToPem({ certFile: join(dir, 'certs/public.crt'), keyFile: join(dir, 'certs/private.key') })).not.toThrow();
    expect(loadCertificates(join(dir, 'certs/public.crt'))[0]!.subjectAltName).toContain('DNS:localhost');
    expect(statSync(join(dir, 'certs/private.key')).mode & 0o777).toBe(0o600);
    expect(read(dir, 'src/listener.ts')).toContain('loginThrottle: {},');
    const manifest = JSON.parse(read(dir, 'package.json')) as { name: string; scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(manifest.name).toBe(`svc-${template}`);
    expect(manifest.dependencies['@pointe/http']).toBe('^0.1.0');
    expect(manifest.scripts['test']).toBe('node --import tsx --test test/*.test.ts');
    const readme = read(dir, 'README.md');
    expect(readme).toMatch(/```sh\n[^\n]*npm start[^\n]*\nnpm test /);
    expect(JSON.parse(read(dir, 'tsconfig.json')).compilerOptions.experimentalDecorators).toBe(DECORATOR_CONVENTION === 'legacy' ? true : undefined);
  });
});

describe('generated secrets', () => {
  it('hashes basic-file users with argon2id at generation time, different per project, plain passwords only in tests and README', async () => {
    const [a, b] = [join(root, 'hash-a'), join(root, 'hash-b')];
    await scaffold({ directory: a, template: 'basic-file' });
    await scaffold({ directory: b, template: 'basic-file' });
    const toml = read(a, 'Config.toml');
    const hashes = [...toml.matchAll(/password = "(\$argon2id\$[^"]+)"/g)].map((m) => m[1]!);
    expect(hashes).toHaveLength(2);
    const alice = /ALICE = \{ username: 'alice', password: '([^']+)' \}/.exec(read(a, 'test/dev-users.ts'))![1]!;
    expect(await verifyPassword(hashes[0]!, alice)).toBe(true);
    expect(toml).not.toContain(alice);
    expect(read(a, 'README.md')).toContain(`-u alice:${alice}`);
    expect(read(b, 'test/dev-users.ts')).not.toContain(alice);
    expect(read(a, 'certs/public.crt')).not.toBe(read(b, 'certs/public.crt'));
  });
});

describe('--pointe-from', () => {
  it('depends on file: tarballs, pinned by overrides for npm and pnpm', async () => {
    const tgz = join(root, 'tgz');
    mkdirSync(tgz);
    for (const f of ['pointe-http-0.1.0.tgz', 'pointe-auth-0.1.0.tgz', 'pointe-0.1.0.tgz', 'create-pointe-app-0.1.0.tgz', 'notes.txt']) writeFileSync(join(tgz, f), '');
    expect([...tarballSource(tgz).keys()].sort()).toEqual(['@pointe/auth', '@pointe/http', 'pointe']);
    const dir = join(root, 'from-tgz');
    await scaffold({ directory: dir, template: 'basic-file', pointeFrom: tgz });
    const manifest = JSON.parse(read(dir, 'package.json')) as Record<string, Record<string, unknown>>;
    expect(manifest['dependencies']!['@pointe/http']).toBe(`file:${join(tgz, 'pointe-http-0.1.0.tgz')}`);
    expect(manifest['devDependencies']!['pointe']).toBe(`file:${join(tgz, 'pointe-0.1.0.tgz')}`);
    expect(manifest['overrides']!['@pointe/auth']).toBe(`file:${join(tgz, 'pointe-auth-0.1.0.tgz')}`);
    expect((manifest['pnpm']!['overrides'] as Record<string, string>)['@pointe/auth']).toBe(`file:${join(tgz, 'pointe-auth-0.1.0.tgz')}`);
  });
});

describe('create-pointe-app command line, not at a terminal', () => {
  async function create(argv: string[]) {
    const out = { stdout: '', stderr: '' };
    const stream = (name: 'stdout' | 'stderr') => {
      const s = new PassThrough();
      s.on('data', (c: Buffer) => (out[name] += c.toString()));
      return s;
    };
    const code = await runCreate(argv, { stdout: stream('stdout'), stderr: stream('stderr'), interactive: false, cwd: root });
    return { code, ...out };
  }

  it('generates with a directory and --template, and says what to run next', async () => {
    const dir = join(root, 'cli-jwt');
    const { code, stdout } = await create([dir, '--template', 'jwt']);
    expect(code).toBe(0);
    expect(stdout).toContain('created cli-jwt from the jwt template');
    expect(stdout).toContain('cd cli-jwt\n  npm install\n  npm test');
    expect(read(dir, 'src/service.ts')).toContain('jwtValidatorConfig');
  });

  it('--yes fills in the template', async () => {
    const { code } = await create([join(root, 'cli-yes'), '--yes']);
    expect(code).toBe(0);
    expect(read(join(root, 'cli-yes'), 'src/service.ts')).toContain('fileUserStoreConfig');
  });

  it.each([
    [['only-a-dir'], 2, 'not a terminal: give the directory and --template, or --yes'],
    [['a', 'b', '--yes'], 2, 'one directory, not 2'],
    [['x', '--template', 'saml'], 1, "unknown template 'saml'; choose one of basic-file, jwt, oauth2, ldap, client"],
    [['x', '--bogus'], 2, "Unknown option '--bogus'"],
    [['x', '--yes', '--pointe-from', '/nonexistent'], 1, '--pointe-from /nonexistent: cannot read the directory'],
  ])('%j exits %i', async (argv, exit, message) => {
    const { code, stderr } = await create(argv.map((a) => (a === 'x' ? join(root, 'never') : a)));
    expect(stderr).toContain(message);
    expect(code).toBe(exit);
  });

  it('refuses a directory that is not empty, exit 1, touching nothing', async () => {
    const dir = join(root, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const { code, stderr } = await create([dir, '--yes']);
    expect(code).toBe(1);
    expect(stderr).toContain('exists and is not empty');
    expect(read(dir, 'keep.txt')).toBe('mine');
  });
});

describe('create-pointe-app at a terminal (@clack/prompts)', () => {
  /**
   * Runs the prompts on fake terminal streams. Each step waits until the screen shows `when`
   * (so no keystroke arrives between two prompts, however loaded the machine), then types `keys`.
   */
  async function interactive(argv: string[], steps: Array<{ when: string; keys: string[] }>) {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 40 });
    let screen = '';
    output.on('data', (c: Buffer) => (screen += c.toString()));
    const sink = new PassThrough();
    const running = runCreate(argv, { stdout: sink, stderr: sink, interactive: true, cwd: root, promptInput: input, promptOutput: output });
    for (const step of steps) {
      for (let waited = 0; !screen.includes(step.when); waited += 10) {
        if (waited > 10_000) throw new Error(`the prompt never showed '${step.when}':\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const key of step.keys) input.write(key);
    }
    return { code: await running, screen };
  }

  it('asks for the directory and the template, and generates what was picked', async () => {
    const dir = join(root, 'asked');
    // Type the directory and Enter; then arrow down once (jwt) and Enter.
    const { code, screen } = await interactive([], [
      { when: 'Where should the project go?', keys: [dir, '\r'] },
      { when: 'Which template?', keys: ['\x1b[B', '\r'] },
    ]);
    expect(screen).toContain('Where should the project go?');
    expect(screen).toContain('Which template?');
    expect(code).toBe(0);
    expect(read(dir, 'src/service.ts')).toContain('jwtValidatorConfig');
  });

  it('asks only for what was not given, and Ctrl-C cancels with exit 130, writing nothing', async () => {
    const dir = join(root, 'cancelled');
    const { code, screen } = await interactive([dir], [{ when: 'Which template?', keys: ['\x03'] }]);
    expect(screen).not.toContain('Where should the project go?');
    expect(screen).toContain('Cancelled.');
    expect(code).toBe(130);
    expect(() => statSync(dir)).toThrow();
  });
});
