/**
 * `ldapUserStoreConfig` on a real TLS Listener against a real OpenLDAP (test-support/slapd.ts):
 * the seed's transcripts, the 401s, injection (as slapd logs the filter), LDAPS and StartTLS,
 * an outage and recovery without a listener restart, the role cache seen in slapd's search
 * count, a chain of LDAP and the file store, the login throttle, config errors at `attach()`,
 * and the imperative `ListenerLdapUserStoreBasicAuthHandler`. One private slapd for this file;
 * the outage test stops and restarts it, last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LdapUserStoreConfig } from '@pointe/auth';
import {
  ConfigError, Get, Listener, ListenerLdapUserStoreBasicAuthHandler, ServiceConfig, Unauthorized, type ListenerAuthConfig,
} from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { type Slapd, ldapStoreConfig, startSlapd } from '../../../test-support/slapd.js';
import { SEED_USERS, basic, call, startListener, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
let slapd: Slapd;
let listener: Listener;
let url: string;
const handlers: ListenerLdapUserStoreBasicAuthHandler[] = [];

/** The seed's record pointed at the test server over LDAPS, trusting the test CA. */
const ldaps = (overrides: Partial<LdapUserStoreConfig> = {}): LdapUserStoreConfig =>
  ldapStoreConfig(slapd.ldapsUrl, { secureSocket: { cert: certs.caCert }, ...overrides });

function service(auth: ListenerAuthConfig[]): object {
  @ServiceConfig({ auth })
  class Foo {
    @Get('bar')
    bar(): string {
      return 'Hello, World!';
    }
  }
  return new Foo();
}

beforeAll(async () => {
  slapd = await startSlapd({ certFile: certs.serverCert, keyFile: certs.serverKey });
  const files = writeConfigToml(SEED_USERS);
  ({ listener, url } = await startListener([
    // The seed's block: LDAPS, scopes ["hello"].
    [service([{ ldapUserStoreConfig: ldaps(), scopes: ['hello'] }]), '/foo'],
    [service([{ ldapUserStoreConfig: ldapStoreConfig(slapd.url, { startTls: true, secureSocket: { cert: certs.caCert } }), scopes: ['hello'] }]), '/starttls'],
    [service([{ ldapUserStoreConfig: ldapStoreConfig(slapd.url, { userRolesCacheEnabled: true, domainName: 'cached' }) }]), '/roles-cached'],
    [service([{ ldapUserStoreConfig: ldapStoreConfig(slapd.url, { userRolesCacheEnabled: false, domainName: 'uncached' }) }]), '/roles-uncached'],
    [service([
      { ldapUserStoreConfig: ldaps(), scopes: ['hello'] },
      { fileUserStoreConfig: { path: files }, scopes: ['scope2'] },
    ]), '/chain'],
    [service([{ ldapUserStoreConfig: ldapStoreConfig(slapd.url, { connectionTimeout: 2, readTimeout: 2, domainName: 'outage' }), scopes: ['hello'] }]), '/outage'],
  ], tlsConfig({ authMemo: false })));
}, 600_000);

afterAll(async () => {
  await listener?.immediateStop();
  await Promise.all(handlers.map((handler) => handler.close()));
  await slapd?.close();
});

const get = (path: string, authorization?: string) =>
  call(`${url}${path}`, { ca: certs.caCert, headers: authorization === undefined ? {} : { authorization } });

describe("the seed's transcripts (LDAPS)", () => {
  it('no Authorization header: 401 with the Basic challenge, empty text/plain body', async () => {
    const res = await get('/foo/bar');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('a user without the group: 403; a user in it: 200 Hello, World!', async () => {
    expect((await get('/foo/bar', basic('carol', 'carol-pass'))).status).toBe(403);
    for (const user of ['alice', 'bob']) {
      const res = await get('/foo/bar', basic(user, `${user}-pass`));
      expect(res.status).toBe(200);
      expect(res.body).toBe('Hello, World!');
    }
  });

  it('StartTLS on ldap:// works the same', async () => {
    expect((await get('/starttls/bar', basic('bob', 'bob-pass'))).status).toBe(200);
    expect((await get('/starttls/bar', basic('carol', 'carol-pass'))).status).toBe(403);
    expect((await get('/starttls/bar', basic('bob', 'wrong'))).status).toBe(401);
  });
});

describe('401 with the challenge', () => {
  it.each([
    ['a wrong password', 'alice', 'bob-pass'],
    ['an unknown user', 'nobody', 'alice-pass'],
    ['two entries matching the filter', 'twin', 'twin-pass'],
  ])('%s', async (_, user, password) => {
    const res = await get('/foo/bar', basic(user, password));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
  });

  it('an empty password, without any bind reaching slapd', async () => {
    await get('/foo/bar', basic('alice', 'alice-pass')); // the pools are open; what follows must add nothing
    await slapd.settled();
    const binds = slapd.bindCount();
    expect((await get('/foo/bar', basic('alice', ''))).status).toBe(401);
    await slapd.settled();
    expect(slapd.bindCount()).toBe(binds);
  });
});

describe("the directory's matching rules decide who a username is", () => {
  it('uid is case-insensitive and ignores surrounding spaces (RFC 4518): BOB and " bob " are bob', async () => {
    for (const user of ['BOB', 'Bob', ' bob', 'bob  ']) {
      expect((await get('/foo/bar', basic(user, 'bob-pass'))).status).toBe(200);
    }
    expect((await get('/foo/bar', basic('b ob', 'bob-pass'))).status).toBe(401);
  });
});

describe('injection in the username', () => {
  it.each([
    ['*', '(uid=\\2A)'],
    [')(uid=*', '(uid=\\29\\28uid=\\2A)'],
    ['\\', '(uid=\\5C)'],
    ['admin)(|(uid=*', '(uid=admin\\29\\28|\\28uid=\\2A)'],
  ])('%j: 401, and slapd received the escaped filter', async (username, expected) => {
    await slapd.settled();
    const before = slapd.searchFilters().length;
    for (const password of ['alice-pass', 'x']) expect((await get('/foo/bar', basic(username, password))).status).toBe(401);
    await slapd.settled();
    const sent = slapd.searchFilters().slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const filter of sent) expect(filter).toBe(`(&(objectClass=inetOrgPerson)${expected})`);
  });

  it('a NUL in the username: 401 and no search at all', async () => {
    await slapd.settled();
    const before = slapd.searchCount();
    expect((await get('/foo/bar', basic('alice\u0000)(uid=*', 'alice-pass'))).status).toBe(401);
    await slapd.settled();
    expect(slapd.searchCount()).toBe(before);
  });
});

describe('userRolesCacheEnabled, seen in the searches slapd receives', () => {
  it('on: the first request searches user and groups, repeats search nothing; off: every repeat searches the groups', async () => {
    const searchesFor = async (path: string): Promise<number> => {
      await slapd.settled();
      const before = slapd.searchCount();
      // A new connection per request (authMemo is off on this listener anyway): only the store's caches can answer.
      for (let i = 0; i < 3; i++) expect((await get(`${path}/bar`, basic('bob', 'bob-pass'))).status).toBe(200);
      await slapd.settled();
      return slapd.searchCount() - before;
    };
    expect(await searchesFor('/roles-cached')).toBe(2); // one user search, one group search
    expect(await searchesFor('/roles-uncached')).toBe(4); // the bind is cached; the groups are searched each time
  });
});

describe('a chain [ldap, fileUserStore]', () => {
  it('each element lets in its own users; a wrong password for both is 401', async () => {
    expect((await get('/chain/bar', basic('bob', 'bob-pass'))).status).toBe(200); // LDAP bob, group hello
    expect((await get('/chain/bar', basic('bob', 'password2'))).status).toBe(200); // file-store bob, scope2
    expect((await get('/chain/bar', basic('carol', 'carol-pass'))).status).toBe(403); // LDAP carol, no group
    expect((await get('/chain/bar', basic('bob', 'neither'))).status).toBe(401);
  });
});

describe('loginThrottle counts LDAP failures', () => {
  it('past maxFailures wrong LDAP passwords: 429, before any bind', async () => {
    const throttled = await startListener([[service([{ ldapUserStoreConfig: ldapStoreConfig(slapd.url) }]), '/t']], tlsConfig({ loginThrottle: { maxFailures: 2, windowSeconds: 60 } }));
    try {
      const at = (password: string) => call(`${throttled.url}/t/bar`, { ca: certs.caCert, headers: { authorization: basic('alice', password) } });
      expect((await at('wrong-1')).status).toBe(401);
      expect((await at('wrong-2')).status).toBe(401);
      await slapd.settled();
      const binds = slapd.bindCount();
      const res = await at('alice-pass');
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      await slapd.settled();
      expect(slapd.bindCount()).toBe(binds);
    } finally {
      await throttled.listener.immediateStop();
    }
  });
});

describe('config errors at attach()', () => {
  const attach = (config: unknown) => {
    const l = new Listener(0, tlsConfig());
    l.attach(service([{ ldapUserStoreConfig: config as LdapUserStoreConfig }]), '/bad');
  };
  it('a bad field names the service, the element and the field', () => {
    expect(() => attach(ldapStoreConfig('http://127.0.0.1:1'))).toThrow(
      expect.objectContaining({
        code: 'POINTE_ERR_LDAP_CONFIG',
        message: expect.stringMatching(/^service '\/bad'.*auth\[0\]\.ldapUserStoreConfig\.connectionUrl must use ldap:\/\/ or ldaps:\/\//),
      }),
    );
    expect(() => attach({ ...ldapStoreConfig(slapd.url), conectionName: 'x' })).toThrow(/service '\/bad'.*unknown field\(s\) 'conectionName'/);
    expect(() => attach(ldapStoreConfig(slapd.url, { connectionTimeout: 5_000_000 }))).toThrow(/connectionTimeout .*seconds/);
  });

  it('an unreadable secureSocket.cert fails attach(), naming the service', () => {
    let error: unknown;
    try {
      attach(ldaps({ secureSocket: { cert: '/nonexistent/ca.pem' } }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/service '\/bad'.*ldapUserStoreConfig\.secureSocket/);
  });

  it('a misspelled field is a compile error too', () => {
    const typo: ListenerAuthConfig = {
      // @ts-expect-error: 'connectionURL' is not a field of LdapUserStoreConfig
      ldapUserStoreConfig: { ...ldapStoreConfig('ldap://x'), connectionURL: 'ldap://x' },
    };
    expect(typo).toBeDefined();
  });
});

describe('ListenerLdapUserStoreBasicAuthHandler', () => {
  it('authenticates, authorizes, and answers Unauthorized for a wrong password or a server that is down', async () => {
    const handler = new ListenerLdapUserStoreBasicAuthHandler(ldaps());
    handlers.push(handler);
    const principal = await handler.authenticate(basic('alice', 'alice-pass'));
    expect(principal).toMatchObject({ scheme: 'basic', username: 'alice' });
    expect(handler.authorize(principal as never, 'admins')).toBeUndefined();
    expect(handler.authorize(principal as never, 'nope')).toMatchObject({ status: 403 });
    expect(await handler.authenticate({ headers: { authorization: basic('alice', 'wrong') } })).toBeInstanceOf(Unauthorized);
    const down = new ListenerLdapUserStoreBasicAuthHandler(ldapStoreConfig('ldap://127.0.0.1:1', { connectionTimeout: 1 }));
    handlers.push(down);
    expect(await down.authenticate(basic('alice', 'alice-pass'))).toBeInstanceOf(Unauthorized);
  });

  it('a bad config throws at construction, naming the handler and config.<field>', () => {
    expect(() => new ListenerLdapUserStoreBasicAuthHandler(ldapStoreConfig('ldap://x', { groupSearchBase: [] }))).toThrow(
      /ListenerLdapUserStoreBasicAuthHandler: config\.groupSearchBase/,
    );
  });
});

// Last: stops slapd.
describe('outage', () => {
  it('slapd stopped: 401 (never 500), bounded latency, the listener up; started again: 200 without a restart', async () => {
    expect((await get('/outage/bar', basic('bob', 'bob-pass'))).status).toBe(200);
    await slapd.stop();
    try {
      const started = performance.now();
      // The cached bind still needs the groups (no role cache), a new credential the whole round: both fail over to 401.
      const answers = await Promise.all([
        get('/outage/bar', basic('bob', 'bob-pass')),
        get('/outage/bar', basic('alice', 'alice-pass')),
        get('/outage/bar', basic('carol', 'wrong')),
        get('/foo/bar', basic('bob', 'bob-pass')),
      ]);
      // connectionTimeout is 2 s and a refused connection is immediate; the bound tolerates a loaded machine.
      expect(performance.now() - started).toBeLessThan(6_000);
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      }
    } finally {
      await slapd.start();
    }
    expect((await get('/outage/bar', basic('bob', 'bob-pass'))).status).toBe(200);
    expect((await get('/foo/bar', basic('alice', 'alice-pass'))).status).toBe(200);
    expect((await get('/outage/bar', basic('carol', 'carol-pass'))).status).toBe(403);
  });
});
