/**
 * The choices every generated project shares, each made in one place: the decorator
 * convention of its tsconfig, the versions it depends on, and where the `@pointe/*` packages
 * come from (the registry, or `file:` tarballs with `--pointe-from`).
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The decorator convention generated projects compile with: `'tc39'`, the standard decorators
 * TypeScript (since 5.0) and tsx use by default, which the docs name as the default; `'legacy'`
 * is TypeScript's `experimentalDecorators`, which `@pointe/http` supports as well.
 */
export const DECORATOR_CONVENTION: 'legacy' | 'tc39' = 'tc39';

/** The generated `tsconfig.json`. */
export function tsconfig(): Record<string, unknown> {
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      ...(DECORATOR_CONVENTION === 'legacy' ? { experimentalDecorators: true } : {}),
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['src/**/*.ts', 'test/**/*.ts'],
  };
}

/** The version range of Pointe packages when they come from the registry. */
export const POINTE_VERSION = '^0.1.0';

/** Third-party packages generated projects use, and their ranges. */
export const THIRD_PARTY = {
  tsx: '^4.20.0',
  typescript: '5.9.3',
  '@types/node': '^20.19.0',
  'oidc-provider': '^9.5.0',
  '@types/oidc-provider': '^9.12.1',
} as const;

/** Where the `@pointe/*` packages (and the `pointe` CLI) are taken from: package name → spec. */
export type PointeSource = ReadonlyMap<string, string>;

/**
 * The tarballs in `dir` (`pnpm pack` / `npm pack` names: `pointe-http-0.1.0.tgz` is
 * `@pointe/http`, `pointe-0.1.0.tgz` the `pointe` CLI) as `file:` specs.
 * @throws Error when `dir` cannot be read or holds no Pointe tarball.
 */
export function tarballSource(dir: string): PointeSource {
  const absolute = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(absolute);
  } catch (error) {
    throw new Error(`--pointe-from ${dir}: cannot read the directory (${error instanceof Error ? error.message : String(error)})`);
  }
  const specs = new Map<string, string>();
  for (const file of names) {
    const match = /^(.+?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz$/.exec(file);
    if (match === null) continue;
    const base = match[1]!;
    const name = base === 'pointe' ? 'pointe' : base.startsWith('pointe-') ? `@pointe/${base.slice('pointe-'.length)}` : undefined;
    if (name !== undefined) specs.set(name, `file:${resolve(absolute, file)}`);
  }
  if (!specs.has('@pointe/http')) throw new Error(`--pointe-from ${dir}: no pointe-http-<version>.tgz there (pack the workspace with pnpm -r pack)`);
  return specs;
}

/**
 * The generated `package.json`. With tarballs, every Pointe package is also pinned by
 * `overrides` (npm) and `pnpm.overrides`, so their dependencies on each other resolve to the
 * tarballs too rather than to a registry that does not have them yet.
 */
export function packageJson(options: {
  name: string;
  source: PointeSource | undefined;
  dependencies: readonly string[];
  devDependencies?: readonly string[];
  scripts: Record<string, string>;
}): Record<string, unknown> {
  const spec = (pkg: string): string => {
    if (pkg in THIRD_PARTY) return THIRD_PARTY[pkg as keyof typeof THIRD_PARTY];
    if (options.source === undefined) return POINTE_VERSION;
    const file = options.source.get(pkg);
    if (file === undefined) throw new Error(`--pointe-from: no tarball for ${pkg}`);
    return file;
  };
  const record = (names: readonly string[]) => Object.fromEntries([...names].sort().map((pkg) => [pkg, spec(pkg)]));
  const overrides = options.source === undefined ? undefined : Object.fromEntries([...options.source].sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20.18.1' },
    scripts: options.scripts,
    dependencies: record(options.dependencies),
    devDependencies: record(['tsx', 'typescript', '@types/node', 'pointe', ...(options.devDependencies ?? [])]),
    ...(overrides === undefined ? {} : { overrides, pnpm: { overrides } }),
  };
}
