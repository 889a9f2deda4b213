/**
 * `packWorkspace()`: every workspace package packed with `pnpm pack` (which turns `workspace:*`
 * into real versions, as a publish would), one `.tgz` per package in the returned directory.
 *
 * Built once per change, not once per caller: the packages are built (turbo, cached) and the
 * tarballs written under `node_modules/.cache/pointe-pack/<digest of every package's
 * package.json, README, LICENSE and dist>`. Several test files (or runs) calling it at once
 * serialise on a lock directory; the second finds the first one's tarballs.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const cacheRoot = join(root, 'node_modules', '.cache', 'pointe-pack');
const lockDir = join(cacheRoot, '.lock');
const STALE_LOCK_MS = 5 * 60_000;

/** The workspace's publishable packages (every `packages/*` with a package.json). */
export function workspacePackages(): Array<{ dir: string; name: string }> {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((d) => join(packagesDir, d))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, name: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name }));
}

export async function packWorkspace(): Promise<string> {
  mkdirSync(cacheRoot, { recursive: true });
  await acquireLock();
  try {
    await run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const packages = workspacePackages();
    const target = join(cacheRoot, digest(packages.map((p) => p.dir)));
    if (existsSync(join(target, '.complete'))) return target;
    rmSync(target, { recursive: true, force: true });
    const staging = `${target}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    await Promise.all(packages.map(({ dir }) => run('pnpm', ['pack', '--pack-destination', staging], { cwd: dir })));
    writeFileSync(join(staging, '.complete'), '');
    renameSync(staging, target);
    // Only the current set is kept: older digests are tarballs of sources that no longer exist.
    for (const old of readdirSync(cacheRoot)) if (join(cacheRoot, old) !== target && old !== '.lock') rmSync(join(cacheRoot, old), { recursive: true, force: true });
    return target;
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** The `.tgz` for each package name in a `packWorkspace()` directory. */
export function tarballs(dir: string): Map<string, string> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  const byName = new Map<string, string>();
  for (const { name } of workspacePackages()) {
    const file = files.find((f) => f.replace(/-\d+\.\d+\.\d+.*\.tgz$/, '') === name.replace(/^@/, '').replace('/', '-'));
    if (file === undefined) throw new Error(`packWorkspace: no tarball for ${name} in ${dir}`);
    byName.set(name, join(dir, file));
  }
  return byName;
}

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A crashed run leaves its lock behind; a live one packs in well under a minute.
      if (Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      await sleep(250);
    }
  }
}

function digest(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const file of ['package.json', 'README.md', 'LICENSE', ...listFiles(join(dir, 'dist')).map((f) => relative(dir, f))]) {
      const path = join(dir, file);
      hash.update(`${relative(root, path)}\0`);
      if (existsSync(path)) hash.update(readFileSync(path));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}
