/**
 * The LDAP user store against a real OpenLDAP (test-support/slapd.ts): the store-level form of
 * issue 8's "done when" lines. One private slapd for this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LDAP_NEEDS_SERVER, LdapUnavailableError, LdapUserStore, type LdapUserStoreConfig } from '@pointe/auth';
import { testCerts } from '../../../test-support/certs.js';
import { LDAP_SUFFIX, type Slapd, ldapStoreConfig, startSlapd } from '../../../test-support/slapd.js';

let slapd: Slapd;
const stores: LdapUserStore[] = [];

beforeAll(async () => {
  const certs = testCerts();
  slapd = await startSlapd({ certFile: certs.serverCert, keyFile: certs.serverKey });
}, 600_000);

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await slapd?.close();
});

function store(overrides: Partial<LdapUserStoreConfig> = {}): LdapUserStore {
  const created = new LdapUserStore(ldapStoreConfig(slapd.url, overrides));
  stores.push(created);
  return created;
}

describe('finding and binding the user', () => {
  it('a user in two groups gets both as scopes; a user in one, one; a user in none, none', async () => {
    const ldap = store();
    expect(await ldap.authenticate('alice', 'alice-pass')).toEqual({ username: 'alice', scopes: expect.arrayContaining(['hello', 'admins']) });
    expect((await ldap.authenticate('alice', 'alice-pass'))!.scopes).toHaveLength(2);
    expect(await ldap.authenticate('bob', 'bob-pass')).toEqual({ username: 'bob', scopes: ['hello'] });
    expect(await ldap.authenticate('carol', 'carol-pass')).toEqual({ username: 'carol', scopes: [] });
  });

  it('rejects a wrong password, an unknown user, and a filter that matches two entries', async () => {
    const ldap = store();
    expect(await ldap.authenticate('alice', 'bob-pass')).toBeUndefined();
    expect(await ldap.authenticate('nobody', 'alice-pass')).toBeUndefined();
    expect(await ldap.authenticate('twin', 'twin-pass')).toBeUndefined();
  });

  it('rejects an empty password (an anonymous bind) and control characters without any bind', async () => {
    const ldap = store();
    await ldap.authenticate('alice', 'alice-pass'); // the pools are open; what follows must add nothing
    await slapd.settled();
    const binds = slapd.bindCount();
    const searches = slapd.searchCount();
    expect(ldap.cached('alice', '')).toBeUndefined();
    expect(await ldap.authenticate('alice', '')).toBeUndefined();
    expect(await ldap.verify('alice', '')).toBeUndefined();
    expect(await ldap.authenticate('ali\u0007ce', 'alice-pass')).toBeUndefined();
    expect(await ldap.authenticate('alice\u0000', 'alice-pass')).toBeUndefined();
    expect(await ldap.authenticate('', 'alice-pass')).toBeUndefined();
    await slapd.settled();
    expect(slapd.bindCount()).toBe(binds);
    expect(slapd.searchCount()).toBe(searches);
  });

  it('matches the directory case-insensitively and reports the directory’s spelling', async () => {
    expect(await store().authenticate('ALICE', 'alice-pass')).toMatchObject({ username: 'alice' });
  });
});

describe('injection in the username', () => {
  const attempts: Array<[string, string]> = [
    ['*', '(uid=\\2A)'],
    [')(uid=*', '(uid=\\29\\28uid=\\2A)'],
    ['\\', '(uid=\\5C)'],
    ['admin)(|(uid=*', '(uid=admin\\29\\28|\\28uid=\\2A)'],
    ['a*', '(uid=a\\2A)'],
  ];
  it.each(attempts)('%j is rejected and reaches the server escaped, as one value', async (username, expected) => {
    const ldap = store();
    await slapd.settled();
    const before = slapd.searchFilters().length;
    for (const password of ['alice-pass', 'bob-pass', 'x']) expect(await ldap.authenticate(username, password)).toBeUndefined();
    const sent = slapd.searchFilters().slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    // slapd prints the filter as it parsed it: escapes in upper case, the value intact.
    for (const filter of sent) expect(filter).toBe(`(&(objectClass=inetOrgPerson)${expected})`);
  });

  it('a NUL in the username is refused before any search', async () => {
    const ldap = store();
    await slapd.settled();
    const before = slapd.searchCount();
    expect(await ldap.authenticate('alice\u0000)(uid=*', 'alice-pass')).toBeUndefined();
    await slapd.settled();
    expect(slapd.searchCount()).toBe(before);
  });
});

describe('groups', () => {
  it('searches every groupSearchBase and merges the names', async () => {
    const ldap = store({ groupSearchBase: [`ou=Groups,${LDAP_SUFFIX}`, `ou=Nowhere,${LDAP_SUFFIX}`, LDAP_SUFFIX] });
    const user = await ldap.authenticate('alice', 'alice-pass');
    expect([...user!.scopes].sort()).toEqual(['admins', 'hello']);
  });

  it('posixGroup: membershipAttribute memberUid matches the user’s name, not the DN', async () => {
    const ldap = store({ groupEntryObjectClass: 'posixGroup', groupNameListFilter: '(objectClass=posixGroup)', membershipAttribute: 'memberUid' });
    expect(await ldap.authenticate('alice', 'alice-pass')).toEqual({ username: 'alice', scopes: ['developers'] });
    expect(await ldap.authenticate('bob', 'bob-pass')).toEqual({ username: 'bob', scopes: [] });
    expect(slapd.searchFilters().at(-1)).toBe('(&(objectClass=posixGroup)(memberUid=bob))');
  });

  it('both kinds at once with an OR filter on member', async () => {
    const ldap = store({ groupNameListFilter: '(|(objectClass=groupOfNames)(objectClass=posixGroup))' });
    expect([...(await ldap.authenticate('alice', 'alice-pass'))!.scopes].sort()).toEqual(['admins', 'hello']);
  });
});

describe('caches', () => {
  it('role cache on: a repeated credential is answered synchronously, with no search', async () => {
    const ldap = store({ userRolesCacheEnabled: true });
    expect(ldap.cached('alice', 'alice-pass')).toBe(LDAP_NEEDS_SERVER);
    await ldap.authenticate('alice', 'alice-pass');
    await slapd.settled();
    const searches = slapd.searchCount();
    const binds = slapd.bindCount();
    for (let i = 0; i < 5; i += 1) {
      const answer = ldap.check('alice', 'alice-pass');
      expect(answer).not.toBeInstanceOf(Promise);
      expect(answer).toMatchObject({ username: 'alice' });
    }
    await slapd.settled();
    expect(slapd.searchCount()).toBe(searches);
    expect(slapd.bindCount()).toBe(binds);
  });

  it('role cache off: the bind is cached, the groups are searched on every request', async () => {
    const ldap = store({ userRolesCacheEnabled: false });
    await ldap.authenticate('alice', 'alice-pass');
    await slapd.settled();
    const searches = slapd.searchCount();
    const binds = slapd.bindCount();
    for (let i = 0; i < 5; i += 1) {
      const answer = ldap.check('alice', 'alice-pass');
      expect(answer).toBeInstanceOf(Promise);
      expect(await answer).toMatchObject({ username: 'alice' });
    }
    // One group search per request per groupSearchBase, no user search and no bind.
    await slapd.settled();
    expect(slapd.searchCount() - searches).toBe(5);
    expect(slapd.bindCount()).toBe(binds);
  });

  it('a wrong password is never cached and never answered from the cache', async () => {
    const ldap = store({ userRolesCacheEnabled: true });
    await ldap.authenticate('alice', 'alice-pass');
    await slapd.settled();
    const binds = slapd.bindCount();
    expect(ldap.cached('alice', 'wrong')).toBe(LDAP_NEEDS_SERVER);
    expect(await ldap.authenticate('alice', 'wrong')).toBeUndefined();
    expect(await ldap.authenticate('alice', 'wrong')).toBeUndefined();
    await slapd.settled();
    expect(slapd.bindCount() - binds).toBe(2);
  });

  it('concurrent checks of one credential make one search and one bind', async () => {
    const ldap = store({ userRolesCacheEnabled: true });
    await slapd.settled();
    const searches = slapd.searchCount();
    const binds = slapd.bindCount();
    const answers = await Promise.all(Array.from({ length: 10 }, () => ldap.authenticate('bob', 'bob-pass')));
    expect(answers.every((answer) => answer?.username === 'bob')).toBe(true);
    await slapd.settled();
    // The user, then the groups (slapd prints the DN as it normalised it).
    expect(slapd.searchFilters().slice(searches)).toEqual([
      '(&(objectClass=inetOrgPerson)(uid=bob))',
      `(&(objectClass=groupOfNames)(member=uid=bob,ou=users,${LDAP_SUFFIX}))`,
    ]);
    // The service account's bind (a new pool) and bob's.
    await slapd.settled();
    expect(slapd.bindCount() - binds).toBe(2);
  });
});

describe('recall (Basic tokens of accepted credentials)', () => {
  const tokenOf = (username: string, password: string) => Buffer.from(`${username}:${password}`).toString('base64');

  it('recalls a token once its credential was accepted with it, from either path; never a refused or mismatched one', async () => {
    const ldap = store({ userRolesCacheEnabled: true });
    const alice = tokenOf('alice', 'alice-pass');
    expect(ldap.recall(alice)).toBeUndefined();
    const user = await ldap.verify('alice', 'alice-pass', alice);
    expect(ldap.recall(alice)).toBe(user);
    // Accepted from the caches (bind and groups) with a token not seen before: remembered too.
    const spaced = tokenOf(' alice', 'alice-pass');
    expect(ldap.cached('alice', 'alice-pass')).toBe(user);
    await ldap.verify(' alice', 'alice-pass');
    expect(ldap.cached(' alice', 'alice-pass', spaced)).toMatchObject({ username: 'alice' });
    expect(ldap.recall(spaced)).toMatchObject({ username: 'alice' });
    const wrong = tokenOf('alice', 'wrong');
    expect(await ldap.verify('alice', 'wrong', wrong)).toBeUndefined();
    expect(ldap.recall(wrong)).toBeUndefined();
    // bob's right credential filed under another token: nothing is remembered under it.
    const other = tokenOf('bob', 'not-bob-pass');
    expect(await ldap.verify('bob', 'bob-pass', other)).toMatchObject({ username: 'bob' });
    expect(ldap.recall(other)).toBeUndefined();
    await slapd.settled();
    const searches = slapd.searchCount();
    for (let i = 0; i < 5; i += 1) expect(ldap.recall(alice)).toBe(user);
    await slapd.settled();
    expect(slapd.searchCount()).toBe(searches);
  });

  it('recalls nothing with the role cache off (the groups are searched on every request)', async () => {
    const ldap = store({ userRolesCacheEnabled: false });
    const alice = tokenOf('alice', 'alice-pass');
    expect(await ldap.verify('alice', 'alice-pass', alice)).toMatchObject({ username: 'alice' });
    expect(ldap.recall(alice)).toBeUndefined();
  });

  it.each([
    ['the bind cache', { bindCacheTtlMs: 1_000, rolesCacheTtlMs: 5_000 }],
    ['the role cache', { bindCacheTtlMs: 5_000, rolesCacheTtlMs: 1_000 }],
  ])('a recalled token expires when %s does, the first of the two', async (_name, ttls) => {
    let now = 10_000;
    const ldap = new LdapUserStore(ldapStoreConfig(slapd.url, { userRolesCacheEnabled: true }), { ...ttls, now: () => now });
    stores.push(ldap);
    const alice = tokenOf('alice', 'alice-pass');
    await ldap.verify('alice', 'alice-pass');
    now += 500;
    // Remembered from the caches half-way through: it still expires with the entries it came from.
    expect(ldap.cached('alice', 'alice-pass', alice)).toMatchObject({ username: 'alice' });
    now += 499;
    expect(ldap.recall(alice)).toMatchObject({ username: 'alice' });
    expect(ldap.cached('alice', 'alice-pass')).toMatchObject({ username: 'alice' });
    now += 1;
    expect(ldap.recall(alice)).toBeUndefined();
    expect(ldap.cached('alice', 'alice-pass', alice)).toBe(LDAP_NEEDS_SERVER);
    // Verified again: the new entry lives until the first of the renewed entry and the one left expires.
    await ldap.verify('alice', 'alice-pass', alice);
    now += 3_999;
    expect(ldap.recall(alice)).toBeUndefined();
    expect(ldap.cached('alice', 'alice-pass')).toBe(LDAP_NEEDS_SERVER);
  });
});

describe('connections', () => {
  it('pooling on: connections are reused; off: every authentication opens its own', async () => {
    const pooled = store({ connectionPoolingEnabled: true });
    const unpooled = store({ connectionPoolingEnabled: false });
    const connections = () => slapd.log().match(/ ACCEPT from IP=/g)?.length ?? 0;
    await pooled.authenticate('bob', 'bob-pass');
    await slapd.settled();
    let before = connections();
    for (const password of ['x1', 'x2', 'x3']) await pooled.authenticate('bob', password);
    await slapd.settled();
    expect(connections() - before).toBe(0);
    before = connections();
    for (const password of ['x1', 'x2', 'x3']) await unpooled.authenticate('bob', password);
    // Each: one service connection (search) and one user-bind connection.
    await slapd.settled();
    expect(connections() - before).toBe(6);
  });

  it('maxConnections bounds the connections: concurrent authentications wait for one', async () => {
    await slapd.settled();
    const from = slapd.log().length;
    const ldap = new LdapUserStore(ldapStoreConfig(slapd.url), { maxConnections: 1 });
    stores.push(ldap);
    const answers = await Promise.all(['alice', 'bob', 'carol', 'nobody', 'alice'].map((user, i) => ldap.authenticate(user, i === 4 ? 'x' : `${user}-pass`)));
    expect(answers.map((answer) => answer?.username)).toEqual(['alice', 'bob', 'carol', undefined, undefined]);
    await slapd.settled();
    expect(slapd.connections(from)).toHaveLength(2); // one service connection, one for user binds
  });

  it('LDAPS trusting secureSocket.cert', async () => {
    const ldap = store({ connectionUrl: slapd.ldapsUrl, secureSocket: { cert: testCerts().caCert } });
    expect(await ldap.authenticate('bob', 'bob-pass')).toEqual({ username: 'bob', scopes: ['hello'] });
    expect(await ldap.authenticate('bob', 'wrong')).toBeUndefined();
    expect(slapd.log()).toMatch(/ TLS established tls_ssf=/);
  });

  it('StartTLS on ldap:// trusting secureSocket.cert; binds happen only after the upgrade', async () => {
    const ldap = store({ startTls: true, secureSocket: { cert: testCerts().caCert }, connectionPoolingEnabled: false });
    expect(await ldap.authenticate('bob', 'bob-pass')).toEqual({ username: 'bob', scopes: ['hello'] });
    // slapd logs "EXT oid=1.3.6.1.4.1.1466.20037" (StartTLS) before each BIND of these connections, with ssf>0.
    const binds = [...slapd.log().matchAll(/BIND dn="([^"]*)" mech=SIMPLE bind_ssf=0 ssf=(\d+)/g)].slice(-2);
    expect(binds.map((m) => Number(m[2]))).toEqual([expect.any(Number), expect.any(Number)]);
    expect(binds.every((m) => Number(m[2]) > 0)).toBe(true);
  });

  it('LDAPS with a certificate that is not trusted: unavailable, not a rejection', async () => {
    const ldap = store({ connectionUrl: slapd.ldapsUrl, secureSocket: { cert: testCerts().rogueCert } });
    await expect(ldap.authenticate('bob', 'bob-pass')).rejects.toBeInstanceOf(LdapUnavailableError);
  });

  it('a wrong service password: unavailable, naming the store and the fix, never the password', async () => {
    const ldap = store({ connectionPassword: 'not-the-service-secret' });
    const error = await ldap.authenticate('bob', 'bob-pass').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LdapUnavailableError);
    expect((error as LdapUnavailableError).code).toBe('POINTE_ERR_LDAP_UNAVAILABLE');
    expect((error as Error).message).toContain("'pointe.test'");
    expect((error as Error).message).toContain('connectionPassword');
    expect((error as Error).message).not.toContain('not-the-service-secret');
    expect((error as Error).message).not.toContain('bob-pass');
  });

  it('close() ends every connection, and the store answers no more', async () => {
    await slapd.settled();
    const from = slapd.log().length;
    const ldap = store();
    await Promise.all([ldap.authenticate('bob', 'bob-pass'), ldap.authenticate('alice', 'alice-pass'), ldap.authenticate('carol', 'x')]);
    await slapd.settled();
    expect(slapd.connections(from).length).toBeGreaterThanOrEqual(2);
    expect(slapd.connections(from).some((conn) => !conn.closed)).toBe(true);
    await ldap.close();
    await slapd.settled();
    expect(slapd.connections(from).filter((conn) => !conn.closed)).toEqual([]);
    await expect(ldap.authenticate('bob', 'other')).rejects.toBeInstanceOf(LdapUnavailableError);
  });
});

describe('timing', () => {
  it('an unknown user and a wrong password take the same time (medians within 2×)', async () => {
    const ldap = store();
    await ldap.authenticate('alice', 'warm-up');
    await slapd.settled();
    const binds = slapd.bindCount();
    const time = async (username: string) => {
      const start = process.hrtime.bigint();
      await ldap.authenticate(username, `wrong-${Math.random()}`);
      return Number(process.hrtime.bigint() - start);
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      unknown.push(await time(`nobody${i}`));
      wrong.push(await time('alice'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // Each costs one bind, the unknown users too (of a DN that does not exist).
    await slapd.settled();
    expect(slapd.bindCount() - binds).toBe(80);
  });
});
