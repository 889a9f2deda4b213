/**
 * The LDAP store when the server goes away: slapd stopped (unavailable error, fast, no crash),
 * started again (the same store succeeds, no restart), and a server that drops idle connections
 * (the pool reconnects by itself: ballerina-library#5906). Private slapds, as these stop them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapUnavailableError, LdapUserStore, type LdapUserStoreConfig } from '@pointe/auth';
import { testCerts } from '../../../test-support/certs.js';
import { type Slapd, ldapStoreConfig, startSlapd } from '../../../test-support/slapd.js';

let slapd: Slapd;
let idle: Slapd;
const stores: LdapUserStore[] = [];

beforeAll(async () => {
  const certs = testCerts();
  [slapd, idle] = await Promise.all([
    startSlapd({ certFile: certs.serverCert, keyFile: certs.serverKey }),
    startSlapd({ certFile: certs.serverCert, keyFile: certs.serverKey, idleTimeoutSeconds: 1 }),
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all([slapd?.close(), idle?.close()]);
});

function store(url: string, overrides: Partial<LdapUserStoreConfig> = {}): LdapUserStore {
  const created = new LdapUserStore(ldapStoreConfig(url, { connectionTimeout: 2, readTimeout: 2, ...overrides }));
  stores.push(created);
  return created;
}

async function timed<T>(promise: Promise<T>): Promise<{ ms: number; result: T | undefined; error: unknown }> {
  const start = performance.now();
  try {
    const result = await promise;
    return { ms: performance.now() - start, result, error: undefined };
  } catch (error) {
    return { ms: performance.now() - start, result: undefined, error };
  }
}

describe.each([
  ['pooled', true],
  ['unpooled', false],
])('slapd stopped and started again (%s)', (_, connectionPoolingEnabled) => {
  it('stopped: unavailable error within the timeout; started: the same store succeeds', async () => {
    const ldap = store(slapd.url, { connectionPoolingEnabled });
    expect(await ldap.authenticate('bob', 'bob-pass')).toEqual({ username: 'bob', scopes: ['hello'] });
    await slapd.stop();
    try {
      for (const password of ['bob-pass', 'other']) {
        const outcome = await timed(ldap.authenticate('bob', password === 'bob-pass' ? 'bob-pass-2' : password));
        expect(outcome.error).toBeInstanceOf(LdapUnavailableError);
        expect((outcome.error as LdapUnavailableError).code).toBe('POINTE_ERR_LDAP_UNAVAILABLE');
        expect(outcome.ms).toBeLessThan(2_500); // connectionTimeout is 2 s; a refused connection is immediate
      }
      // The cached success of 'bob-pass' needs no server only with the role cache; without it, unavailable too.
      await expect(ldap.authenticate('bob', 'bob-pass')).rejects.toBeInstanceOf(LdapUnavailableError);
    } finally {
      const start = performance.now();
      await slapd.start();
      // slapd is ready in well under 0.2 s on an idle machine; the bound tolerates a loaded one.
      expect(performance.now() - start).toBeLessThan(2_000);
    }
    expect(await ldap.authenticate('bob', 'bob-pass')).toEqual({ username: 'bob', scopes: ['hello'] });
    expect(await ldap.authenticate('alice', 'alice-pass')).toMatchObject({ username: 'alice' });
    expect(await ldap.authenticate('alice', 'wrong')).toBeUndefined();
  });
});

describe('a server that hangs', () => {
  it('readTimeout bounds an operation the server never answers', async () => {
    const ldap = store(slapd.url, { readTimeout: 0.5, connectionTimeout: 0.5 });
    expect(await ldap.authenticate('bob', 'bob-pass')).toBeDefined();
    // SIGSTOP: connections stay open and nothing answers, the fault a crashed-but-listening server gives.
    const pid = slapd.pid();
    process.kill(pid, 'SIGSTOP');
    try {
      const outcome = await timed(ldap.authenticate('alice', 'alice-pass'));
      expect(outcome.error).toBeInstanceOf(LdapUnavailableError);
      expect(outcome.ms).toBeGreaterThanOrEqual(400);
      expect(outcome.ms).toBeLessThan(3_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(await ldap.authenticate('alice', 'alice-pass')).toMatchObject({ username: 'alice' });
  });
});

describe('idle connections dropped by the server', () => {
  it('the pool notices and reconnects, with no error to the caller', async () => {
    const ldap = store(idle.url, { connectionPoolingEnabled: true });
    expect(await ldap.authenticate('bob', 'bob-pass')).toBeDefined();
    await idle.settled();
    const from = idle.log().length;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // idletimeout is 1 s
    await idle.settled();
    expect(idle.log().slice(from)).toMatch(/closed \(idletimeout\)/);
    expect(await ldap.authenticate('alice', 'alice-pass')).toMatchObject({ username: 'alice' });
    expect(await ldap.authenticate('bob', 'wrong')).toBeUndefined();
  });
});
