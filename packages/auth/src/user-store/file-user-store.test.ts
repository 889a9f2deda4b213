import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { hashPassword } from '../password/hash.js';
import { type PasswordVerifier, verifyPassword } from '../password/verify.js';
import { FileUserStore } from './file-user-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pointe-users-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeConfig = (text: string, name = 'Config.toml'): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const loadError = (text: string): ConfigError => {
  writeConfig(text);
  try {
    FileUserStore.load({ cwd: dir, env: {} });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the store to refuse the configuration');
};

/** A verifier that counts its calls and does the real work. */
const countingVerify = () => vi.fn<PasswordVerifier>((stored, password) => verifyPassword(stored, password));

// The seed's Config.toml.
const SEED = `[[auth.users]]
username="alice"
password="password1"
scopes=["scope1"]

[[auth.users]]
username="bob"
password="password2"
scopes=["scope2", "scope3"]

[[auth.users]]
username="eve"
password="password3"
`;

describe('loading [[auth.users]]', () => {
  it("reads the seed's plain-text users from <cwd>/Config.toml", async () => {
    writeConfig(SEED);
    const store = FileUserStore.load({ cwd: dir, env: {} });
    expect(store.size).toBe(3);
    expect(await store.authenticate('alice', 'password1')).toEqual({ username: 'alice', scopes: ['scope1'] });
    expect(await store.authenticate('bob', 'password2')).toEqual({ username: 'bob', scopes: ['scope2', 'scope3'] });
    expect(await store.authenticate('eve', 'password3')).toEqual({ username: 'eve', scopes: [] });
    expect(await store.authenticate('alice', 'password2')).toBeUndefined();
    expect(await store.authenticate('mallory', 'password1')).toBeUndefined();
  });

  it('compares usernames exactly', async () => {
    const store = FileUserStore.fromUsers([{ username: 'alice', password: 'pw' }]);
    expect(await store.authenticate('Alice', 'pw')).toBeUndefined();
    expect(await store.authenticate('alice ', 'pw')).toBeUndefined();
    expect(await store.authenticate('alice', 'pw')).toBeDefined();
  });

  it('accepts a single string as scopes', async () => {
    writeConfig('[[auth.users]]\nusername = "a"\npassword = "p"\nscopes = "admin"\n');
    expect(await FileUserStore.load({ cwd: dir, env: {} }).authenticate('a', 'p')).toEqual({ username: 'a', scopes: ['admin'] });
  });

  it('reads the one file given as path', async () => {
    writeConfig(SEED);
    const other = writeConfig('[[auth.users]]\nusername = "zed"\npassword = "pz"\n', 'other.toml');
    const store = FileUserStore.load({ path: other, env: { POINTE_CONFIG_FILES: 'Config.toml' }, cwd: dir });
    expect(store.size).toBe(1);
    expect(await store.authenticate('zed', 'pz')).toBeDefined();
  });

  it('refuses to load with no Config.toml or no [[auth.users]], naming where it looked and POINTE_CONFIG_FILES', async () => {
    expect(() => FileUserStore.load({ cwd: dir, env: {} })).toThrow(
      expect.objectContaining({
        code: 'POINTE_ERR_USER_STORE_EMPTY',
        message: expect.stringContaining(
          `file user store has no users: no configuration file found: looked for ${join(dir, 'Config.toml')} (POINTE_CONFIG_FILES is not set)`,
        ),
      }),
    );
    const file = writeConfig('[server]\nport = 1\n');
    expect(() => FileUserStore.load({ cwd: dir, env: {} })).toThrow(`${file} (POINTE_CONFIG_FILES is not set) hold no [[auth.users]] entries`);
    expect(() => FileUserStore.load({ cwd: dir, env: { POINTE_CONFIG_FILES: 'Config.toml' } })).toThrow('(from POINTE_CONFIG_FILES=Config.toml)');
    expect(() => FileUserStore.load({ cwd: dir, env: {} })).toThrow(/or point POINTE_CONFIG_FILES or fileUserStoreConfig.path/);
    const store = FileUserStore.load({ cwd: dir, env: {}, allowEmpty: true });
    expect(store.size).toBe(0);
    expect(await store.authenticate('alice', 'x')).toBeUndefined();
  });

  it('normalises usernames to NFC: café in NFD logs in as café in NFC', async () => {
    writeConfig('[[auth.users]]\nusername = "caf\u0065\u0301"\npassword = "p"\n');
    const store = FileUserStore.load({ cwd: dir, env: {} });
    expect(await store.authenticate('caf\u00e9', 'p')).toEqual({ username: 'caf\u00e9', scopes: [] });
    expect(await store.authenticate('cafe\u0301', 'p')).toBeDefined();
    expect(await store.authenticate('cafe', 'p')).toBeUndefined();
  });

  it('refuses two users that are equal after NFC normalisation, with file and line', () => {
    const file = writeConfig('[[auth.users]]\nusername = "caf\u00e9"\npassword = "p"\n\n[[auth.users]]\nusername = "cafe\u0301"\npassword = "q"\n');
    expect(() => FileUserStore.load({ cwd: dir, env: {} })).toThrow(
      expect.objectContaining({
        code: 'POINTE_ERR_USER_STORE',
        message: expect.stringContaining(
          `${file}:5: [[auth.users]] entry #2 repeats username 'caf\u00e9' (first defined at ${file}:1: [[auth.users]] entry #1)`,
        ),
      }),
    );
  });

  it('joins users from several files and names the right file and line in errors', () => {
    writeConfig('[[auth.users]]\nusername = "a"\npassword = "p"\n', 'one.toml');
    const two = writeConfig('# more users\n\n[[auth.users]]\nusername = "b"\n', 'two.toml');
    expect(() => FileUserStore.load({ cwd: dir, env: { POINTE_CONFIG_FILES: 'one.toml:two.toml' } })).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_USER_STORE', message: `${two}:3: [[auth.users]] entry #2 has no password` }),
    );
  });
});

describe('refusing a bad [[auth.users]] at load', () => {
  const path = () => join(dir, 'Config.toml');

  it('names file, line and entry for a missing password', () => {
    const error = loadError(`[[auth.users]]
username = "alice"
password = "password1"

# bob forgot his password

[[auth.users]]
username = "bob"
`);
    expect(error.code).toBe('POINTE_ERR_USER_STORE');
    expect(error.message).toBe(`${path()}:7: [[auth.users]] entry #2 has no password`);
    expect(error.message).not.toContain('password1');
  });

  it.each([
    ['no username', '[[auth.users]]\npassword = "s3cret"\n', 'has no username'],
    ['an empty username', '[[auth.users]]\nusername = ""\npassword = "s3cret"\n', 'has a username that is not a non-empty string'],
    ['a numeric username', '[[auth.users]]\nusername = 7\npassword = "s3cret"\n', 'has a username that is not a non-empty string'],
    ['a username with a colon', '[[auth.users]]\nusername = "a:b"\npassword = "s3cret"\n', "has a username with ':'"],
    ['a username with a tab', '[[auth.users]]\nusername = "a\\tb"\npassword = "s3cret"\n', "has a username with ':' or a control character"],
    ['an empty password', '[[auth.users]]\nusername = "a"\npassword = ""\n', 'has a password that is not a non-empty string'],
    ['a numeric password', '[[auth.users]]\nusername = "a"\npassword = 123456\n', 'has a password that is not a non-empty string'],
    ['a misspelt field', '[[auth.users]]\nusername = "a"\npasword = "s3cret"\n', "has unknown field 'pasword' (expected username, password, scopes)"],
    ['scopes of numbers', '[[auth.users]]\nusername = "a"\npassword = "s3cret"\nscopes = [1]\n', "has 'scopes' that is neither a string nor an array of strings"],
    ['a malformed argon2 hash', '[[auth.users]]\nusername = "a"\npassword = "$argon2id$v=19$m=19456,t=2,p=1$s3cret"\n', 'has a password that is not a valid argon2 hash'],
    ['an unknown argon2 variant', '[[auth.users]]\nusername = "a"\npassword = "$argon2x$s3cret"\n', 'has a password that starts like an argon2 hash'],
    ['a malformed bcrypt hash', '[[auth.users]]\nusername = "a"\npassword = "$2b$10$s3cret"\n', 'has a password that is not a valid bcrypt hash'],
    ['a malformed scrypt hash', '[[auth.users]]\nusername = "a"\npassword = "$scrypt$ln=15$s3cret"\n', 'has a password that is not a valid scrypt hash'],
  ])('%s', (_name, toml, problem) => {
    const error = loadError(toml);
    expect(error.code).toBe('POINTE_ERR_USER_STORE');
    expect(error.message).toContain(`${path()}:1: [[auth.users]] entry #1 ${problem}`);
    expect(error.message).not.toContain('s3cret');
  });

  it('names both places of a duplicate username', () => {
    const error = loadError('[[auth.users]]\nusername = "a"\npassword = "p"\n\n[[auth.users]]\nusername = "a"\npassword = "q"\n');
    expect(error.message).toContain(
      `${path()}:5: [[auth.users]] entry #2 repeats username 'a' (first defined at ${path()}:1: [[auth.users]] entry #1)`,
    );
  });

  it('refuses auth.users that is not an array of tables, and auth that is not a table', () => {
    expect(loadError('[auth.users]\nusername = "a"\n').message).toContain("'auth.users' must be an array of tables");
    expect(loadError('auth = "users"\n').message).toContain("'auth' must be a table");
  });

  it('names inline-table entries by file and number', () => {
    const error = loadError('[auth]\nusers = [{ username = "a", password = "p" }, { username = "b" }]\n');
    expect(error.code).toBe('POINTE_ERR_USER_STORE');
    expect(error.message).toBe(`${path()}: [[auth.users]] entry #2 has no password`);
  });

  it('checks fromUsers entries the same way', () => {
    expect(() => FileUserStore.fromUsers([{ username: 'a', password: 'p' }, { username: 'b', password: '' }])).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_USER_STORE', message: 'user entry #2 has a password that is not a non-empty string' }),
    );
  });

  it('passes TOML errors through with their own code', () => {
    expect(loadError('[[auth.users]\n').code).toBe('POINTE_ERR_CONFIG_TOML');
  });
});

describe('authenticate', () => {
  let bcryptHash: string;
  let argon2Hash: string;
  beforeAll(async () => {
    [bcryptHash, argon2Hash] = await Promise.all([hashPassword('b-pass', { algorithm: 'bcrypt' }), hashPassword('a-pass')]);
  });

  it('verifies hashed users', async () => {
    const store = FileUserStore.fromUsers([
      { username: 'bob', password: bcryptHash, scopes: ['x'] },
      { username: 'ann', password: argon2Hash },
    ]);
    expect(await store.authenticate('bob', 'b-pass')).toEqual({ username: 'bob', scopes: ['x'] });
    expect(await store.authenticate('ann', 'a-pass')).toEqual({ username: 'ann', scopes: [] });
    expect(await store.authenticate('bob', 'a-pass')).toBeUndefined();
    // The hash string itself is not a password.
    expect(await store.authenticate('bob', bcryptHash)).toBeUndefined();
  });

  it('makes an unknown user cost a verification against a dummy of the slowest scheme', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers(
      [
        { username: 'bob', password: bcryptHash },
        { username: 'ann', password: argon2Hash },
        { username: 'eve', password: 'plain' },
      ],
      { verify },
    );
    expect(await store.authenticate('mallory', 'b-pass')).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1);
    const [dummy, password] = verify.mock.calls[0] ?? [];
    expect(password).toBe('b-pass');
    // bcrypt at cost 10 is the slowest here (about 45 ms against argon2id's 10 to 15 ms).
    expect(dummy).toMatch(/^\$2b\$10\$.{53}$/);
    expect(dummy).not.toBe(bcryptHash);
  });

  it('waits for the dummy verification before answering', async () => {
    let finish: (matches: boolean) => void = () => undefined;
    const verify = vi.fn<PasswordVerifier>(() => new Promise((resolve) => (finish = resolve)));
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash }], { verify });
    let settled = false;
    const answer = store.authenticate('nobody', 'pw').then((user) => {
      settled = true;
      return user;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(verify).toHaveBeenCalledTimes(1);
    expect(settled).toBe(false);
    // Even a "match" against the dummy must not authenticate an unknown user.
    finish(true);
    expect(await answer).toBeUndefined();
  });

  it('uses a plain-text dummy in a plain-text store', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'eve', password: 'plain' }], { verify });
    expect(await store.authenticate('nobody', 'plain')).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]?.[0]).not.toMatch(/^\$/);
  });

  it('caches a successful verification, not a failed one', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash, scopes: ['x'] }], { verify });
    expect(await store.authenticate('bob', 'b-pass')).toBeDefined();
    expect(await store.authenticate('bob', 'b-pass')).toEqual({ username: 'bob', scopes: ['x'] });
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await store.authenticate('bob', 'wrong')).toBeUndefined();
    expect(await store.authenticate('bob', 'wrong')).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('does not cache plain-text users', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'eve', password: 'plain' }], { verify });
    await store.authenticate('eve', 'plain');
    await store.authenticate('eve', 'plain');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('keeps the cache bounded: the least recently used credential is verified again', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers(
      [
        { username: 'bob', password: bcryptHash },
        { username: 'ann', password: argon2Hash },
      ],
      { verify, cacheCapacity: 1 },
    );
    await store.authenticate('bob', 'b-pass');
    await store.authenticate('ann', 'a-pass');
    expect(verify).toHaveBeenCalledTimes(2);
    expect(await store.authenticate('bob', 'b-pass')).toBeDefined();
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('forgets a cached credential after the TTL', async () => {
    let now = 1_000;
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash }], { verify, cacheTtlMs: 100, now: () => now });
    await store.authenticate('bob', 'b-pass');
    now += 99;
    await store.authenticate('bob', 'b-pass');
    expect(verify).toHaveBeenCalledTimes(1);
    now += 1;
    await store.authenticate('bob', 'b-pass');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('shares one verification between concurrent checks of the same credential', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash }], { verify });
    const users = await Promise.all(Array.from({ length: 5 }, () => store.authenticate('bob', 'b-pass')));
    expect(users.every((user) => user?.username === 'bob')).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('shares one dummy verification between concurrent checks of the same unknown credential, as for a known user', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash }], { verify });
    const burst = (username: string) => Promise.all(Array.from({ length: 8 }, () => store.authenticate(username, 'wrong')));
    await burst('bob');
    expect(verify).toHaveBeenCalledTimes(1);
    await burst('nobody');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('runs slow verifications through the schedule it is given, and passes its refusal on', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash }], { verify });
    const scheduled: string[] = [];
    const schedule = <T>(task: () => Promise<T>): Promise<T> => {
      scheduled.push('task');
      return task();
    };
    expect(await store.check('bob', 'b-pass', schedule)).toEqual({ username: 'bob', scopes: [] });
    expect(await store.check('nobody', 'x', schedule)).toBeUndefined();
    expect(scheduled).toHaveLength(2);
    // A cache hit does not go through the schedule.
    expect(store.check('bob', 'b-pass', schedule)).toEqual({ username: 'bob', scopes: [] });
    expect(scheduled).toHaveLength(2);
    const refusal = new Error('refused');
    await expect(store.check('bob', 'other', () => Promise.reject(refusal))).rejects.toBe(refusal);
  });

  it('never matches a bcrypt hash with a password over 72 bytes', async () => {
    const long = 'A'.repeat(72);
    const hash = await hashPassword(long, { algorithm: 'bcrypt' });
    const store = FileUserStore.fromUsers([{ username: 'bob', password: hash }]);
    expect(await store.authenticate('bob', long)).toBeDefined();
    expect(await store.authenticate('bob', `${long}EXTRA`)).toBeUndefined();
    expect(await verifyPassword(hash, `${long}EXTRA`)).toBe(false);
  });

  it('warns at load when the store mixes hash schemes, and not when it uses one', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }): void => {
      if (warning.code === 'POINTE_WARN_MIXED_HASHES') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      writeConfig(`[[auth.users]]\nusername = "a"\npassword = "${argon2Hash}"\n[[auth.users]]\nusername = "b"\npassword = "${argon2Hash}"\n`);
      FileUserStore.load({ cwd: dir, env: {} });
      writeConfig(`[[auth.users]]\nusername = "a"\npassword = "${argon2Hash}"\n[[auth.users]]\nusername = "b"\npassword = "${bcryptHash}"\n`);
      FileUserStore.load({ cwd: dir, env: {} });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('argon2, bcrypt');
    expect(warnings[0]).not.toContain(argon2Hash);
  });

  it('hands out frozen users: one caller cannot grant another a scope', async () => {
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash, scopes: ['x'] }]);
    const first = await store.authenticate('bob', 'b-pass');
    expect(() => first?.scopes.push('admin')).toThrow(TypeError);
    expect(await store.authenticate('bob', 'b-pass')).toEqual({ username: 'bob', scopes: ['x'] });
  });

  it('check() answers plain-text users and cached hashes without a promise', async () => {
    const store = FileUserStore.fromUsers([
      { username: 'alice', password: 'a-pass', scopes: ['a'] },
      { username: 'bob', password: bcryptHash, scopes: ['x'] },
    ]);
    expect(store.check('alice', 'a-pass')).toEqual({ username: 'alice', scopes: ['a'] });
    expect(store.check('alice', 'wrong')).toBeUndefined();
    const first = store.check('bob', 'b-pass');
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual({ username: 'bob', scopes: ['x'] });
    expect(store.check('bob', 'b-pass')).toEqual({ username: 'bob', scopes: ['x'] });
    expect(store.check('bob', 'wrong')).toBeInstanceOf(Promise);
  });
});

describe('recall (Basic tokens of accepted credentials)', () => {
  const tokenOf = (username: string, password: string) => Buffer.from(`${username}:${password}`).toString('base64');
  let bcryptHash: string;
  beforeAll(async () => {
    bcryptHash = await hashPassword('b-pass', { algorithm: 'bcrypt' });
  });

  it('recalls a token only once check accepted exactly that credential with it', async () => {
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash, scopes: ['x'] }, { username: 'eve', password: 'plain' }], { verify });
    const bob = tokenOf('bob', 'b-pass');
    expect(store.recall(bob)).toBeUndefined();
    // Accepted without the token: nothing to recall it by.
    expect(await store.check('bob', 'b-pass')).toBeDefined();
    expect(store.recall(bob)).toBeUndefined();
    const user = store.check('bob', 'b-pass', undefined, bob);
    expect(user).toEqual({ username: 'bob', scopes: ['x'] });
    expect(store.recall(bob)).toBe(user);
    expect(verify).toHaveBeenCalledTimes(1);
    // Plain-text users too (their check is cheap, but decoding and comparing still cost per request).
    const eve = tokenOf('eve', 'plain');
    expect(await store.check('eve', 'plain', undefined, eve)).toBeDefined();
    expect(store.recall(eve)).toEqual({ username: 'eve', scopes: [] });
    // Another spelling of the token (not canonical base64: no padding) is not the same key.
    expect(bob).toMatch(/==$/);
    expect(store.recall(bob.replace(/=+$/, ''))).toBeUndefined();
  });

  it('never remembers a refused credential, nor a token that is not the checked credential', async () => {
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash }, { username: 'eve', password: 'plain' }]);
    const wrong = tokenOf('bob', 'wrong');
    expect(await store.check('bob', 'wrong', undefined, wrong)).toBeUndefined();
    expect(store.recall(wrong)).toBeUndefined();
    const unknown = tokenOf('nobody', 'plain');
    expect(await store.check('nobody', 'plain', undefined, unknown)).toBeUndefined();
    expect(store.recall(unknown)).toBeUndefined();
    // A caller that pairs eve's right credential with another token files nothing under it.
    for (const token of [tokenOf('eve', 'other'), tokenOf('bob', 'b-pass'), 'not base64', tokenOf('eve', 'plain') + 'AAAA']) {
      expect(store.check('eve', 'plain', undefined, token)).toBeDefined();
      expect(store.recall(token), token).toBeUndefined();
    }
  });

  it('answers check from a recalled token without verifying, and forgets it after the TTL', async () => {
    let now = 1_000;
    const verify = countingVerify();
    const store = FileUserStore.fromUsers([{ username: 'bob', password: bcryptHash }], { verify, cacheTtlMs: 100, now: () => now });
    const bob = tokenOf('bob', 'b-pass');
    await store.check('bob', 'b-pass', undefined, bob);
    now += 99;
    expect(store.recall(bob)).toBeDefined();
    expect(store.check('bob', 'b-pass', undefined, bob)).toEqual({ username: 'bob', scopes: [] });
    now += 1;
    expect(store.recall(bob)).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('keeps at most cacheCapacity tokens', async () => {
    const store = FileUserStore.fromUsers([{ username: 'eve', password: 'plain' }, { username: 'ann', password: 'plain2' }], { cacheCapacity: 1 });
    store.check('eve', 'plain', undefined, tokenOf('eve', 'plain'));
    store.check('ann', 'plain2', undefined, tokenOf('ann', 'plain2'));
    expect(store.recall(tokenOf('eve', 'plain'))).toBeUndefined();
    expect(store.recall(tokenOf('ann', 'plain2'))).toBeDefined();
  });
});
