import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFiles } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pointe-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('which files are read', () => {
  it('reads <cwd>/Config.toml when nothing is listed', () => {
    const path = write('Config.toml', '[auth]\nrealm = "x"\n');
    const loaded = loadConfigFiles({ cwd: dir, env: {} });
    expect(loaded.files).toEqual([path]);
    expect(loaded.data).toEqual({ auth: { realm: 'x' } });
  });

  it('returns empty data when there is no Config.toml', () => {
    expect(loadConfigFiles({ cwd: dir, env: {} })).toMatchObject({ data: {}, files: [] });
  });

  it('prefers POINTE_CONFIG_FILES over Config.toml, ignoring empty parts, relative to cwd', () => {
    write('Config.toml', 'a = 1\n');
    const b = write('b.toml', 'b = 2\n');
    const c = write('c.toml', 'c = 3\n');
    const loaded = loadConfigFiles({ cwd: dir, env: { POINTE_CONFIG_FILES: `:b.toml::${c}:` } });
    expect(loaded.files).toEqual([b, c]);
    expect(loaded.data).toEqual({ b: 2, c: 3 });
  });

  it('prefers options.files over the environment', () => {
    const b = write('b.toml', 'b = 2\n');
    write('c.toml', 'c = 3\n');
    const loaded = loadConfigFiles({ cwd: dir, files: ['b.toml'], env: { POINTE_CONFIG_FILES: 'c.toml' } });
    expect(loaded.files).toEqual([b]);
  });

  it('rejects a listed file that does not exist, naming it', () => {
    const error = thrown(() => loadConfigFiles({ cwd: dir, files: ['missing.toml'] }));
    expect(error.code).toBe('POINTE_ERR_CONFIG_FILE');
    expect(error.message).toContain(join(dir, 'missing.toml'));
    expect(error.message).toContain('ENOENT');
  });

  it('rejects a missing file listed in the environment', () => {
    const error = thrown(() => loadConfigFiles({ cwd: dir, env: { POINTE_CONFIG_FILES: 'nope.toml' } }));
    expect(error.code).toBe('POINTE_ERR_CONFIG_FILE');
  });

  it('rejects a directory', () => {
    expect(thrown(() => loadConfigFiles({ files: [dir] })).code).toBe('POINTE_ERR_CONFIG_FILE');
  });
});

describe('bad TOML', () => {
  it('names file, line, column and reason, without echoing the source', () => {
    const path = write('Config.toml', '[[auth.users]]\nusername = "alice"\npassword = "s3cret\n');
    const error = thrown(() => loadConfigFiles({ cwd: dir, env: {} }));
    expect(error.code).toBe('POINTE_ERR_CONFIG_TOML');
    expect(error.message).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: invalid TOML: \\S`));
    expect(error.message).not.toContain('s3cret');
  });

  it('reports a redefined key with its line', () => {
    write('Config.toml', 'a = 1\n\na = 2\n');
    const error = thrown(() => loadConfigFiles({ cwd: dir, env: {} }));
    expect(error.message).toMatch(/Config\.toml:3:\d+: invalid TOML: Can't redefine existing key$/);
  });

  it('accepts a byte-order mark', () => {
    write('Config.toml', '\uFEFFa = 1\n');
    expect(loadConfigFiles({ cwd: dir, env: {} }).data).toEqual({ a: 1 });
  });
});

describe('merging several files', () => {
  it('merges tables deeply, concatenates arrays of tables, later scalar wins', () => {
    const one = write('one.toml', [
      'name = "one"',
      'list = [1, 2]',
      '[server]',
      'port = 1',
      'host = "a"',
      '[[auth.users]]',
      'username = "alice"',
      'password = "p1"',
    ].join('\n'));
    const two = write('two.toml', [
      'name = "two"',
      'list = [3]',
      '[server]',
      'port = 2',
      '[[auth.users]]',
      'username = "bob"',
      'password = "p2"',
      '[[auth.users]]',
      'username = "eve"',
      'password = "p3"',
    ].join('\n'));
    const loaded = loadConfigFiles({ files: [one, two] });
    expect(loaded.data).toEqual({
      name: 'two',
      list: [3],
      server: { port: 2, host: 'a' },
      auth: {
        users: [
          { username: 'alice', password: 'p1' },
          { username: 'bob', password: 'p2' },
          { username: 'eve', password: 'p3' },
        ],
      },
    });
    expect(loaded.sources.get('auth.users')).toEqual([
      { file: one, line: 6 },
      { file: two, line: 5 },
      { file: two, line: 8 },
    ]);
  });

  it('rejects a table in one file and a value in another', () => {
    const one = write('one.toml', '[auth]\nx = 1\n');
    const two = write('two.toml', 'auth = "yes"\n');
    const error = thrown(() => loadConfigFiles({ files: [one, two] }));
    expect(error.code).toBe('POINTE_ERR_CONFIG_MERGE');
    expect(error.message).toContain(`${two}: 'auth' is a value here but a table in an earlier file`);
  });

  it('rejects an array of tables against an array of values', () => {
    const one = write('one.toml', '[[auth.users]]\nusername = "a"\n');
    const two = write('two.toml', '[auth]\nusers = ["a"]\n');
    expect(thrown(() => loadConfigFiles({ files: [one, two] })).code).toBe('POINTE_ERR_CONFIG_MERGE');
  });

  it('does not let a __proto__ key reach the prototype', () => {
    const one = write('one.toml', '[__proto__]\npolluted = true\n');
    const loaded = loadConfigFiles({ files: [one] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(loaded.data)).toBe(Object.prototype);
    expect(Object.hasOwn(loaded.data, '__proto__')).toBe(true);
  });
});

describe('entry sources', () => {
  it('gives inline-table entries a file but no line', () => {
    const one = write('one.toml', '[auth]\nusers = [{ username = "a" }, { username = "b" }]\n');
    expect(loadConfigFiles({ files: [one] }).sources.get('auth.users')).toEqual([{ file: one }, { file: one }]);
  });

  it('tracks nested tables and quoted keys', () => {
    const one = write('one.toml', '[[ a . "b.c" ]] # comment\nx = 1\n\n[[a."b.c"]]\nx = 2\n');
    expect(loadConfigFiles({ files: [one] }).sources.get('a."b.c"')).toEqual([
      { file: one, line: 1 },
      { file: one, line: 4 },
    ]);
  });
});
