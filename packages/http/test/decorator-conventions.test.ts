/**
 * The decorators exactly as TypeScript 5.9 emits them for `target: ES2022`: TC39 standard
 * decorators (the default), legacy `experimentalDecorators`, and legacy with
 * `emitDecoratorMetadata`. The fixture is compiled with the workspace's own `typescript`,
 * type-checked in each convention (TS1241 would fail here), and the emitted JavaScript (no
 * decorator syntax left, so vitest's own decorator transform never touches it) is attached to
 * a real TLS listener.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Listener, Get, ServiceConfig, ResourceConfig, defineService } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { basic, call, SEED_USERS, tlsConfig, writeConfigToml } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures', 'decorated-service.ts');
const outDir = join(here, 'fixtures', '.out');
const certs = testCerts();

const conventions = {
  standard: {},
  legacy: { experimentalDecorators: true },
  'legacy + emitDecoratorMetadata': { experimentalDecorators: true, emitDecoratorMetadata: true },
} satisfies Record<string, ts.CompilerOptions>;

const base: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  types: ['node'],
  noEmit: true,
  paths: { '@pointe/http': [join(here, '../src/index.ts')] },
};

// One host for the three type checks: the workspace's sources and lib files are parsed once
// (parsing does not depend on the decorator settings; checking does).
const host = ts.createCompilerHost(base);
const parsed = new Map<string, ts.SourceFile | undefined>();
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
  if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile(fileName, languageVersion, onError, shouldCreate));
  return parsed.get(fileName);
};

beforeAll(() => {
  process.env.FIXTURE_CONFIG_TOML = writeConfigToml(SEED_USERS);
  mkdirSync(outDir, { recursive: true });
});

describe.each(Object.entries(conventions))('decorators compiled by TypeScript, %s', (name, options) => {
  let listener: Listener;
  let url: string;

  beforeAll(async () => {
    const source = readFileSync(fixture, 'utf8');
    const emitted = ts.transpileModule(source, { compilerOptions: { ...base, ...options, noEmit: false }, fileName: fixture });
    const file = join(outDir, `${name.replace(/\W+/g, '-')}.mjs`);
    writeFileSync(file, emitted.outputText);
    expect(emitted.outputText).not.toMatch(/^\s*@/m); // lowered: nothing left for vitest to transform
    if (name === 'standard') expect(emitted.outputText).toContain('__esDecorate');
    else expect(emitted.outputText).toContain('__decorate(');
    if (name.includes('Metadata')) expect(emitted.outputText).toContain('design:paramtypes');
    const mod = (await import(pathToFileURL(file).href)) as { Hello: new () => object; Listener: typeof Listener };
    // The fixture's '@pointe/http' is this test's: one module, one metadata store.
    expect(mod.Listener).toBe(Listener);
    listener = new Listener(0, tlsConfig());
    listener.attach(new mod.Hello(), '/hello');
    await listener.start();
    url = `https://localhost:${listener.port}/hello`;
  });
  afterAll(() => listener?.immediateStop());

  it('type-checks the fixture in this convention', () => {
    const program = ts.createProgram([fixture], { ...base, ...options }, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 60_000);

  it('answers 401 without credentials, 403 without the scope, 200 with it', async () => {
    const get = (path: string, auth?: string) => call(`${url}/${path}`, { ca: certs.caCert, headers: auth === undefined ? {} : { authorization: auth } });
    expect((await get('bar')).status).toBe(401);
    expect((await get('bar', basic('bob', 'password2'))).status).toBe(403);
    const ok = await get('bar', basic('alice', 'password1'));
    expect([ok.status, ok.body]).toEqual([200, 'Hello, alice!']);
    // @ResourceConfig above @Get and below it both apply.
    expect((await get('scoped', basic('alice', 'password1'))).status).toBe(403);
    expect((await get('scoped', basic('bob', 'password2'))).status).toBe(200);
    expect((await get('public')).status).toBe(200);
    expect((await get('helper')).status).toBe(404);
  });
});

// esbuild is what tsx runs: standard decorators unless the tsconfig says experimentalDecorators.
describe.each([['standard', false], ['legacy', true]] as const)('decorators compiled by esbuild (tsx), %s', (name, experimentalDecorators) => {
  it('serves 401, 403 and 200', async () => {
    const { code } = await esbuild.transform(readFileSync(fixture, 'utf8'), {
      loader: 'ts', format: 'esm', target: 'es2022', sourcefile: fixture,
      tsconfigRaw: { compilerOptions: { experimentalDecorators } },
    });
    expect(code).not.toMatch(/^\s*@/m);
    expect(code).toContain(experimentalDecorators ? '__decorateClass' : '__decorateElement');
    const file = join(outDir, `esbuild-${name}.mjs`);
    writeFileSync(file, code);
    const mod = (await import(pathToFileURL(file).href)) as { Hello: new () => object };
    const listener = new Listener(0, tlsConfig());
    listener.attach(new mod.Hello(), '/hello');
    await listener.start();
    try {
      const get = (path: string, auth?: string) => call(`https://localhost:${listener.port}/hello/${path}`, { ca: certs.caCert, headers: auth === undefined ? {} : { authorization: auth } });
      expect((await get('bar')).status).toBe(401);
      expect((await get('bar', basic('bob', 'password2'))).status).toBe(403);
      expect((await get('bar', basic('alice', 'password1'))).body).toBe('Hello, alice!');
      expect((await get('scoped', basic('bob', 'password2'))).status).toBe(200);
      expect((await get('public')).status).toBe(200);
    } finally {
      await listener.immediateStop();
    }
  });
});

describe('without decorator syntax', () => {
  it('defineService and calling the decorators as functions serve the same service', async () => {
    const path = writeConfigToml(SEED_USERS);
    class Plain {
      bar(): string { return 'plain'; }
      open(): string { return 'open'; }
    }
    defineService(Plain, {
      auth: [{ fileUserStoreConfig: { path }, scopes: ['scope1'] }],
      resources: [{ method: 'GET', path: 'bar', handler: 'bar' }, { method: 'GET', path: 'open', handler: 'open', auth: false }],
    });
    class Called {
      bar(): string { return 'called'; }
    }
    ServiceConfig({ auth: [{ fileUserStoreConfig: { path }, scopes: ['scope2'] }] })(Called);
    Get('bar')(Called.prototype, 'bar');
    ResourceConfig({ auth: { scopes: ['scope1'] } })(Called.prototype, 'bar');
    const listener = new Listener(0, tlsConfig());
    listener.attach(new Plain(), '/plain');
    listener.attach(new Called(), '/called');
    await listener.start();
    try {
      const get = (p: string, auth?: string) => call(`https://localhost:${listener.port}${p}`, { ca: certs.caCert, headers: auth === undefined ? {} : { authorization: auth } });
      expect((await get('/plain/bar')).status).toBe(401);
      expect((await get('/plain/bar', basic('bob', 'password2'))).status).toBe(403);
      expect((await get('/plain/bar', basic('alice', 'password1'))).body).toBe('plain');
      expect((await get('/plain/open')).status).toBe(200);
      expect((await get('/called/bar', basic('bob', 'password2'))).status).toBe(403);
      expect((await get('/called/bar', basic('alice', 'password1'))).body).toBe('called');
    } finally {
      await listener.immediateStop();
    }
  });

  it('defineService refuses a handler that is not a method, naming it', () => {
    class Svc { bar(): string { return ''; } }
    expect(() => defineService(Svc, { resources: [{ method: 'GET', path: 'x', handler: 'nope' }] }))
      .toThrow(/handler 'nope', which is not a method/);
  });
});

describe('a class with no recognisable resources', () => {
  it('fails attach() with POINTE_ERR_NO_RESOURCES naming both decorator settings and the fix', () => {
    @ServiceConfig({ auth: [] })
    class Undecorated { bar(): string { return ''; } }
    let error: unknown;
    try {
      new Listener(0, tlsConfig()).attach(new Undecorated(), '/u');
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'POINTE_ERR_NO_RESOURCES' });
    const message = (error as Error).message;
    expect(message).toContain("service '/u': Undecorated has no resources");
    expect(message).toContain('"experimentalDecorators": true');
    expect(message).toContain('without "experimentalDecorators"');
    expect(message).toContain('defineService(Undecorated');
  });
});
