/**
 * Packs every publishable workspace package (`packages/*` not marked private) into a `.tgz`,
 * as it would be published (`workspace:*` replaced by the version, only `files`), for tests
 * that install Pointe the way a user will. Built once per content: the directory is named by a
 * hash of the packages' sources and manifests under the OS temp dir, so every test file (and
 * every run until a source changes) shares it; concurrent callers wait on a lock.
 *
 * Nothing in the worktree is written: one tsc program compiles every package's sources into a
 * staging directory (one program is several times faster than a tsc per package), each package
 * is staged there with its manifest rewritten, and `npm pack` packs it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCK_STALE_MS = 10 * 60_000;

interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  manifest: Record<string, unknown>;
}

/** The directory holding one `.tgz` per publishable workspace package, built if needed. */
export async function packWorkspace(): Promise<string> {
  const packages = publishablePackages();
  const out = join(tmpdir(), `pointe-pack-${contentHash(packages)}`);
  const done = join(out, '.complete');
  const lock = `${out}.lock`;
  for (;;) {
    if (existsSync(done)) return out;
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another process is packing: wait for it, unless it died and left its lock behind.
      if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (existsSync(done)) return out;
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const staging = mkdtempSync(join(tmpdir(), 'pointe-pack-staging-'));
    try {
      await compile(packages, join(staging, 'build'));
      const versions = new Map(packages.map((p) => [p.name, p.version]));
      for (const pkg of packages) {
        const dir = join(staging, 'packages', basename(pkg.dir));
        cpSync(join(staging, 'build', basename(pkg.dir), 'src'), join(dir, 'dist'), { recursive: true });
        writeFileSync(join(dir, 'package.json'), `${JSON.stringify(publishedManifest(pkg, versions), null, 2)}\n`);
        for (const extra of ['README.md', 'LICENSE']) {
          if (existsSync(join(pkg.dir, extra))) cpSync(join(pkg.dir, extra), join(dir, extra));
        }
        await run('npm', ['pack', '--pack-destination', out, '--silent'], { cwd: dir });
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    writeFileSync(done, `${packages.map((p) => p.name).join('\n')}\n`);
    return out;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function publishablePackages(): WorkspacePackage[] {
  const base = join(ROOT, 'packages');
  return readdirSync(base).sort().flatMap((entry) => {
    const file = join(base, entry, 'package.json');
    if (!existsSync(file)) return [];
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { name: string; version: string; private?: boolean };
    if (manifest.private === true) return [];
    return [{ name: manifest.name, version: manifest.version, dir: join(base, entry), manifest }];
  });
}

/** Compiles every package's `src` (tests excluded) in one tsc program, imports of siblings mapped to their sources. */
async function compile(packages: readonly WorkspacePackage[], outDir: string): Promise<void> {
  const config = join(dirname(outDir), 'tsconfig.json');
  writeFileSync(config, JSON.stringify({
    extends: join(ROOT, 'tsconfig.base.json'),
    compilerOptions: {
      rootDir: join(ROOT, 'packages'),
      outDir,
      sourceMap: false,
      declarationMap: false,
      // The config sits outside the workspace: resolve @types from the workspace root.
      typeRoots: [join(ROOT, 'node_modules/@types')],
      paths: Object.fromEntries(packages.map((p) => [p.name, [join(p.dir, 'src/index.ts')]])),
    },
    include: packages.map((p) => join(p.dir, 'src/**/*.ts')),
    exclude: packages.map((p) => join(p.dir, 'src/**/*.test.ts')),
  }));
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  try {
    await run(process.execPath, [tsc, '-p', config], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout } = error as { stdout?: string };
    throw new Error(`packWorkspace: the packages do not compile:\n${stdout ?? String(error)}`);
  }
}

/** The manifest as published: `workspace:` ranges replaced by the sibling's version (what pnpm publish does). */
function publishedManifest(pkg: WorkspacePackage, versions: ReadonlyMap<string, string>): Record<string, unknown> {
  const manifest: Record<string, unknown> = { ...pkg.manifest };
  delete manifest['scripts'];
  delete manifest['devDependencies'];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = manifest[field] as Record<string, string> | undefined;
    if (deps === undefined) continue;
    manifest[field] = Object.fromEntries(Object.entries(deps).map(([name, range]) => {
      if (!range.startsWith('workspace:')) return [name, range];
      const version = versions.get(name);
      if (version === undefined) throw new Error(`packWorkspace: ${pkg.name} depends on ${name}, which is not a publishable workspace package`);
      return [name, version];
    }));
  }
  return manifest;
}

/** A hash of what the tarballs are made from: manifests, tsconfigs and sources. */
function contentHash(packages: readonly WorkspacePackage[]): string {
  const hash = createHash('sha256');
  const add = (file: string) => hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  add(join(ROOT, 'tsconfig.base.json'));
  add(fileURLToPath(import.meta.url)); // how they are packed
  for (const pkg of [...packages].sort((a, b) => a.name.localeCompare(b.name))) {
    add(join(pkg.dir, 'package.json'));
    add(join(pkg.dir, 'tsconfig.json'));
    for (const file of walk(join(pkg.dir, 'src'))) add(file);
  }
  return hash.digest('hex').slice(0, 16);
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}
