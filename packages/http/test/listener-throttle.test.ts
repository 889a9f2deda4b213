/**
 * `loginThrottle` on a real TLS listener (issue 12 item 2): 429 with `Retry-After` past the
 * limit, before any hash (the right password is refused too), known and unknown usernames
 * alike, never by address alone, recovery after the window, and a success resets the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@pointe/auth';
import { Get, type Listener, type ListenerAuthConfig, ServiceConfig, registerAuthMechanism } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { basic, call, startListener, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
let listener: Listener;
let url: string;

beforeAll(async () => {
  const hash = await hashPassword('argon-pass');
  const path = writeConfigToml(`
[[auth.users]]
username = "alice"
password = "${hash}"

[[auth.users]]
username = "bob"
password = "${hash}"

[[auth.users]]
username = "carol"
password = "${hash}"
`);
  @ServiceConfig({ auth: [{ fileUserStoreConfig: { path } }] })
  class Foo {
    @Get('bar')
    bar() {
      return 'ok';
    }
  }
  ({ listener, url } = await startListener([[new Foo(), '/foo']], tlsConfig({ loginThrottle: { maxFailures: 3, windowSeconds: 2 } })));
});

afterAll(async () => {
  await listener.immediateStop();
});

const login = (user: string, password: string) =>
  call(`${url}/foo/bar`, { ca: certs.caCert, headers: { authorization: basic(user, password) } });

describe('loginThrottle', () => {
  it('answers 429 with Retry-After past maxFailures, for a known and an unknown user alike, then recovers after the window', async () => {
    for (const user of ['alice', 'nobody-by-this-name']) {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await login(user, 'wrong')).status);
      expect(statuses).toEqual([401, 401, 401]);
      const throttled = await login(user, 'wrong');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(2);
      expect(throttled.body).toBe('');
    }
    // Decided before any hash: the right password is refused too while throttled.
    expect((await login('alice', 'argon-pass')).status).toBe(429);
    // Never by address alone: bob, from the same address, is served.
    expect((await login('bob', 'argon-pass')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await login('alice', 'argon-pass')).status).toBe(200);
  });

  it('starts the count over after a success', async () => {
    const statuses = [];
    for (const password of ['wrong', 'wrong', 'argon-pass', 'wrong', 'wrong', 'argon-pass']) statuses.push((await login('carol', password)).status);
    expect(statuses).toEqual([401, 401, 200, 401, 401, 200]);
  });

  it('is off by default', async () => {
    const plain = writeConfigToml('[[auth.users]]\nusername = "dave"\npassword = "pw"\n');
    @ServiceConfig({ auth: [{ fileUserStoreConfig: { path: plain } }] })
    class Open {
      @Get('x')
      x() {
        return 'x';
      }
    }
    const other = await startListener([[new Open(), '/o']]);
    try {
      const statuses = [];
      for (let i = 0; i < 15; i++) {
        statuses.push((await call(`${other.url}/o/x`, { ca: certs.caCert, headers: { authorization: basic('dave', 'bad') } })).status);
      }
      expect(new Set(statuses)).toEqual(new Set([401]));
    } finally {
      await other.listener.immediateStop();
    }
  });

  it('counts the spellings a directory treats as one user (case, surrounding and repeated spaces) under one name', async () => {
    // LDAP compares uid ignoring case and insignificant spaces: `BOB`, ` bob` and `bob  ` are bob.
    const statuses = [];
    for (const user of ['BOB', ' bob', 'bob  ']) statuses.push((await login(user, 'wrong')).status);
    expect(statuses).toEqual([401, 401, 401]);
    expect((await login('bob', 'argon-pass')).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await login('bob', 'argon-pass')).status).toBe(200);
  });

  it('does not count an attempt whose backend was down (it says nothing about the password)', async () => {
    registerAuthMechanism({
      key: 'unreachableStoreConfig',
      scheme: 'basic',
      validate: (config) => config,
      create: () => ({
        scheme: 'basic',
        authenticate: () => {
          throw new Error('directory unreachable');
        },
      }),
    });
    const auth = [{ unreachableStoreConfig: {} }] as unknown as ListenerAuthConfig[];
    @ServiceConfig({ auth })
    class Down {
      @Get('x')
      x() {
        return 'x';
      }
    }
    const other = await startListener([[new Down(), '/d']], tlsConfig({ loginThrottle: { maxFailures: 2, windowSeconds: 60 } }));
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await call(`${other.url}/d/x`, { ca: certs.caCert, headers: { authorization: basic('erin', 'pw') } })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    } finally {
      await other.listener.immediateStop();
    }
  });
});
