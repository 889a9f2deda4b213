import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dummyHashLike, dummyPasswordFor } from './dummy.js';
import { hashPassword } from './hash.js';
import { inspectStoredPassword } from './scheme.js';
import { parseScryptHash } from './scrypt.js';
import { plainDigest, plainDigestEquals, verifyPassword } from './verify.js';

describe.each(['argon2id', 'bcrypt', 'scrypt'] as const)('%s', (algorithm) => {
  it('round-trips, rejects a wrong password, and salts every hash', async () => {
    const hash = await hashPassword('correct horse: battery', { algorithm });
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword(hash, 'correct horse: battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse: batterY')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
    expect(await hashPassword('correct horse: battery', { algorithm })).not.toBe(hash);
    expect(inspectStoredPassword(hash).problem).toBeUndefined();
  });

  it('treats a truncated hash as a failed verification, and reports it malformed', async () => {
    const hash = (await hashPassword('pw', { algorithm })).slice(0, -6);
    expect(await verifyPassword(hash, 'pw')).toBe(false);
    expect(inspectStoredPassword(hash).problem).toMatch(/^is not a valid/);
  });

  it('builds a dummy hash with the same parameters that nothing matches', async () => {
    const hash = await hashPassword('pw', { algorithm });
    const dummy = dummyHashLike(hash);
    expect(inspectStoredPassword(dummy)).toEqual(inspectStoredPassword(hash));
    // Scheme and cost parameters: all but salt and hash.
    const params = (h: string) => (algorithm === 'bcrypt' ? h.slice(0, 7) : h.replace(/\$[^$]*\$[^$]*$/, ''));
    expect(params(dummy)).toBe(params(hash));
    expect(dummy).not.toBe(hash);
    expect(await verifyPassword(dummy, 'pw')).toBe(false);
  });
});

describe('hash formats and parameters', () => {
  it('uses argon2id m=19456 t=2 p=1 by default', async () => {
    expect(await hashPassword('pw')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  it('uses bcrypt $2b$ with cost 10', async () => {
    expect(await hashPassword('pw', { algorithm: 'bcrypt' })).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
  });

  it('writes scrypt as $scrypt$ln=15,r=8,p=1$<salt>$<hash>', async () => {
    const hash = await hashPassword('pw', { algorithm: 'scrypt' });
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const parsed = parseScryptHash(hash);
    expect(typeof parsed === 'object' && [parsed.salt.length, parsed.hash.length]).toEqual([16, 32]);
  });

  it('refuses an empty password, an unknown algorithm, and a password bcrypt would truncate', async () => {
    await expect(hashPassword('')).rejects.toMatchObject({ code: 'POINTE_ERR_PASSWORD_HASH' });
    await expect(hashPassword('pw', { algorithm: 'md5' as 'bcrypt' })).rejects.toMatchObject({ code: 'POINTE_ERR_PASSWORD_HASH' });
    await expect(hashPassword('é'.repeat(37), { algorithm: 'bcrypt' })).rejects.toMatchObject({ code: 'POINTE_ERR_PASSWORD_HASH' });
  });
});

describe('verifyPassword', () => {
  it('verifies $argon2i$ and $argon2d$ hashes ', async () => {
    // Made with @node-rs/argon2 (Argon2i / Argon2d, salt "somesaltsomesalt") for the password "password".
    const argon2i = '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8pDKuQWnVyn1WubqZygCiwFvgGZldOecJANYh9ZnKbA';
    const argon2d = '$argon2d$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$f8gkm257MoQwfrhrC6CGHp8l1JUBBHjt1pQXNTyG5OQ';
    expect(inspectStoredPassword(argon2i).problem).toBeUndefined();
    expect(await verifyPassword(argon2i, 'password')).toBe(true);
    expect(await verifyPassword(argon2d, 'password')).toBe(true);
    expect(await verifyPassword(argon2d, 'Password')).toBe(false);
  });

  it('verifies $2a$ and $2y$ bcrypt hashes', async () => {
    // The OpenBSD test vector for "U*U" (cost 5), under each accepted prefix.
    const hash = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
    expect(await verifyPassword(hash, 'U*U')).toBe(true);
    expect(await verifyPassword(hash.replace('$2a$', '$2y$'), 'U*U')).toBe(true);
    expect(await verifyPassword(hash.replace('$2a$', '$2b$'), 'U*U')).toBe(true);
    expect(await verifyPassword(hash.replace('$2a$', '$2x$'), 'U*U')).toBe(false);
    expect(inspectStoredPassword(hash.replace('$2a$', '$2x$')).problem).toMatch(/not \$2a\$, \$2b\$ or \$2y\$/);
  });

  it('compares plain text exactly, whatever the lengths', async () => {
    expect(await verifyPassword('password1', 'password1')).toBe(true);
    expect(await verifyPassword('password1', 'password')).toBe(false);
    expect(await verifyPassword('password1', 'password12')).toBe(false);
    expect(await verifyPassword('password1', 'Password1')).toBe(false);
    expect(inspectStoredPassword('password1')).toEqual({ scheme: 'plain', cost: 0 });
  });

  it.each([
    ['$argon2id$v=19$m=1,t=2,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'],
    ['$argon2x$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA'],
    ['$2b$10$tooshort'],
    ['$2$10$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['$scrypt$ln=15,r=8,p=1$c2FsdA$'],
    ['$scrypt$ln=99,r=8,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZXNhbHRzb21lc2FsdA'],
    ['$scrypt$ln=15,r=8,p=1$c29tZXNhbHRzb21lc2FsdA==$c29tZXNhbHRzb21lc2FsdA'],
  ])('fails to verify, and reports as malformed, %s', async (stored) => {
    expect(await verifyPassword(stored, 'pw')).toBe(false);
    expect(inspectStoredPassword(stored).problem).toBeDefined();
  });
});

describe('plainDigest', () => {
  it('is a keyed, fixed-length digest that holds nothing of the password', () => {
    const digest = plainDigest('password4');
    expect(digest).toHaveLength(44);
    expect(plainDigest('password4')).toBe(digest);
    expect(plainDigest('x'.repeat(10_000))).toHaveLength(44);
    // Keyed per process: not the bare SHA-256 of the password, so it can't be looked up offline.
    expect(digest).not.toBe(createHash('sha256').update('password4').digest('base64'));
    expect(digest).not.toContain('password4');
  });

  it('matches only the same password, whatever position the difference is at', () => {
    const stored = plainDigest('password4');
    expect(plainDigestEquals(stored, 'password4')).toBe(true);
    for (const other of ['password5', 'Password4', 'password', 'password44', ' password4', 'pässword4']) {
      expect(plainDigestEquals(stored, other)).toBe(false);
    }
    // A digest differing in its last character only, and digests of another length.
    const last = stored.slice(0, -1) + (stored.endsWith('A') ? 'B' : 'A');
    expect(plainDigestEquals(last, 'password4')).toBe(false);
    expect(plainDigestEquals(stored.slice(0, -1), 'password4')).toBe(false);
    expect(plainDigestEquals('', 'password4')).toBe(false);
  });
});

describe('dummyPasswordFor', () => {
  it('models the dummy on the slowest hash present', async () => {
    const bcrypt = await hashPassword('pw', { algorithm: 'bcrypt' });
    const scrypt = await hashPassword('pw', { algorithm: 'scrypt' });
    const argon2 = await hashPassword('pw');
    expect(dummyPasswordFor(['plain', argon2, bcrypt, scrypt])).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect(dummyPasswordFor(['plain', argon2, bcrypt])).toMatch(/^\$2b\$10\$/);
    expect(dummyPasswordFor(['plain', argon2])).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('is a random plain-text password when no hash is present', () => {
    const dummy = dummyPasswordFor(['a', 'b']);
    expect(inspectStoredPassword(dummy).scheme).toBe('plain');
    expect(dummyPasswordFor([])).not.toBe(dummy);
  });
});
