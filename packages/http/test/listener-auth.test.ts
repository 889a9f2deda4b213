/**
 * The auth chain over real TLS: every override rule, scopes, principals, challenges, and
 * that a backend error or a malformed header is a 401, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@pointe/auth';
import {
  Get, Head, HttpError, Listener, Post, ResourceConfig, ServiceConfig, registerAuthMechanism,
  type ListenerAuthConfig, type RequestContext,
} from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { basic, call, rawCall, SEED_USERS, startListener, writeConfigToml } from './support.js';

const certs = testCerts();
let listener: Listener;
let url: string;
let storePath: string;
const get = (path: string, authorization?: string, method = 'GET') =>
  call(`${url}${path}`, { ca: certs.caCert, method, headers: authorization === undefined ? {} : { authorization } });

// A mechanism whose backend is down: it throws for every credential.
let brokenCalls = 0;
registerAuthMechanism({
  key: 'brokenBackendConfig',
  scheme: 'basic',
  validate: (c) => c,
  create: () => ({
    scheme: 'basic',
    async authenticate() {
      brokenCalls++;
      throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    },
  }),
});

beforeAll(async () => {
  const [argon, bcrypt, scrypt] = await Promise.all([
    hashPassword('argon-pass', { algorithm: 'argon2id' }),
    hashPassword('bcrypt-pass', { algorithm: 'bcrypt' }),
    hashPassword('scrypt-pass', { algorithm: 'scrypt' }),
  ]);
  storePath = writeConfigToml(`${SEED_USERS}
[[auth.users]]
username="carol"
password="${argon}"
scopes=["scope2"]

[[auth.users]]
username="dave"
password="${bcrypt}"
scopes=["scope2"]

[[auth.users]]
username="frank"
password="${scrypt}"
scopes=["scope2"]

[[auth.users]]
username="colon"
password="pa:ss:word"
scopes=["scope2"]

[[auth.users]]
username="zoë"
password="pässwörd"
scopes=["scope2"]
`);
  const store = { fileUserStoreConfig: { path: storePath } };

  @ServiceConfig({ auth: [{ ...store, scopes: ['scope2'] }] })
  class Secured {
    @Get('bar')
    bar(): string {
      return 'Hello, World!';
    }

    @Get('whoami')
    whoami(ctx: RequestContext) {
      return ctx.auth;
    }

    @Post('echo')
    echo(ctx: RequestContext) {
      return ctx.request.body as object;
    }

    @ResourceConfig({ auth: [{ ...store, scopes: ['scope1'] }] })
    @Get('replaced')
    replaced(): string {
      return 'replaced';
    }

    @ResourceConfig({ auth: { scopes: 'scope1' } })
    @Get('rescoped')
    rescoped(): string {
      return 'rescoped';
    }

    @ResourceConfig({ auth: false })
    @Get('public')
    open(ctx: RequestContext) {
      return { auth: ctx.auth ?? null };
    }

    @ResourceConfig({ auth: [] })
    @Get('nobody')
    nobody(): string {
      return 'never';
    }

    @ResourceConfig({ auth: [{ ...store, scopes: ['scope2', 'scope3'], matchAllScopes: true }] })
    @Get('all-of')
    allOf(): string {
      return 'all-of';
    }

    @ResourceConfig({ auth: [{ ...store, scopes: ['scope1', 'scope2'], matchAllScopes: true }] })
    @Get('all-of-missing')
    allOfMissing(): string {
      return 'all-of-missing';
    }

    @ResourceConfig({ auth: [{ ...store }] })
    @Get('any-user')
    anyUser(): string {
      return 'any-user';
    }

    @ResourceConfig({ auth: [{ ...store, scopes: ['scope1'] }, { ...store, scopes: ['scope2'] }] })
    @Get('first-403-wins')
    first403(): string {
      return 'unreachable for bob';
    }

    @ResourceConfig({ auth: [{ brokenBackendConfig: {} } as unknown as ListenerAuthConfig, { ...store, scopes: ['scope2'] }] })
    @Get('broken-then-store')
    brokenThenStore(): string {
      return 'store after broken';
    }

    @ResourceConfig({ auth: [{ brokenBackendConfig: {} } as unknown as ListenerAuthConfig] })
    @Get('broken-only')
    brokenOnly(): string {
      return 'never';
    }

    @Head('probe')
    probe(): undefined {
      return undefined;
    }

    @Get('items/:id')
    item(ctx: RequestContext) {
      return { id: ctx.request.params.id, q: ctx.request.query.q };
    }

    @Get('teapot')
    teapot(): never {
      throw new HttpError(418, { error: 'short and stout' });
    }

    @Get('crash')
    crash(): never {
      throw new Error('database password is hunter2');
    }

    @Get('empty')
    empty(): undefined {
      return undefined;
    }
  }

  class Open {
    @Get('')
    root(): string {
      return 'open root';
    }
  }

  ({ listener, url } = await startListener([[new Secured(), '/foo'], [new Open(), '/open']]));
});

afterAll(async () => {
  await listener?.gracefulStop();
});

describe('the seed transcripts', () => {
  it('no Authorization header: 401, empty body, text/plain, Basic challenge', async () => {
    const res = await get('/foo/bar');
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['www-authenticate']).toBe('Basic realm="pointe", charset="UTF-8"');
  });

  it('authenticated without the scope: 403 with an empty body and no challenge', async () => {
    for (const [user, pass] of [['alice', 'password1'], ['eve', 'password3']] as const) {
      const res = await get('/foo/bar', basic(user, pass));
      expect(res.status).toBe(403);
      expect(res.body).toBe('');
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('authenticated with the scope: 200 Hello, World!', async () => {
    const res = await get('/foo/bar', basic('bob', 'password2'));
    expect(res.status).toBe(200);
    expect(res.body).toBe('Hello, World!');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-length']).toBe('13');
  });

  it('wrong password and unknown user: 401', async () => {
    expect((await get('/foo/bar', basic('bob', 'password1'))).status).toBe(401);
    expect((await get('/foo/bar', basic('mallory', 'password2'))).status).toBe(401);
  });
});

describe('which auth applies', () => {
  it('a resource auth array replaces the service auth', async () => {
    expect((await get('/foo/replaced', basic('alice', 'password1'))).status).toBe(200);
    expect((await get('/foo/replaced', basic('bob', 'password2'))).status).toBe(403);
  });

  it('auth: { scopes } keeps the service mechanisms with new scopes', async () => {
    expect((await get('/foo/rescoped', basic('alice', 'password1'))).status).toBe(200);
    expect((await get('/foo/rescoped', basic('bob', 'password2'))).status).toBe(403);
    expect((await get('/foo/rescoped')).status).toBe(401);
  });

  it('auth: false makes one resource public and ctx.auth undefined', async () => {
    const res = await get('/foo/public');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ auth: null });
  });

  it('auth: [] denies every request with 401, even valid credentials', async () => {
    const res = await get('/foo/nobody', basic('bob', 'password2'));
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
  });

  it('no auth anywhere: public', async () => {
    const res = await get('/open');
    expect(res.status).toBe(200);
    expect(res.body).toBe('open root');
  });

  it('without scopes only authentication is checked', async () => {
    expect((await get('/foo/any-user', basic('eve', 'password3'))).status).toBe(200);
    expect((await get('/foo/any-user', basic('eve', 'nope'))).status).toBe(401);
  });

  it('matchAllScopes requires every scope', async () => {
    expect((await get('/foo/all-of', basic('bob', 'password2'))).status).toBe(200);
    expect((await get('/foo/all-of', basic('carol', 'argon-pass'))).status).toBe(403);
    expect((await get('/foo/all-of-missing', basic('bob', 'password2'))).status).toBe(403);
  });

  it('an element that authenticates but lacks the scope ends with 403 at once', async () => {
    const res = await get('/foo/first-403-wins', basic('bob', 'password2'));
    expect(res.status).toBe(403);
    expect((await get('/foo/first-403-wins', basic('alice', 'password1'))).status).toBe(200);
  });

  it('a backend error is a failed element: the next one decides, never a 500', async () => {
    const before = brokenCalls;
    expect((await get('/foo/broken-then-store', basic('bob', 'password2'))).status).toBe(200);
    const res = await get('/foo/broken-only', basic('bob', 'password2'));
    expect(res.status).toBe(401);
    expect(brokenCalls - before).toBe(2);
  });

  it('HEAD of a secured GET is secured too, and explicit HEAD resources work', async () => {
    expect((await get('/foo/bar', undefined, 'HEAD')).status).toBe(401);
    expect((await get('/foo/bar', basic('bob', 'password2'), 'HEAD')).status).toBe(200);
    expect((await get('/foo/probe', undefined, 'HEAD')).status).toBe(401);
    expect((await get('/foo/probe', basic('bob', 'password2'), 'HEAD')).status).toBe(204);
  });

  it('auth runs before the body is read: a bad JSON body without credentials is a 401, not a 400', async () => {
    const post = (authorization?: string) => call(`${url}/foo/echo`, {
      ca: certs.caCert, method: 'POST', body: '{"not json',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    });
    expect((await post()).status).toBe(401);
    expect((await post(basic('bob', 'password2'))).status).toBe(400);
    const ok = await call(`${url}/foo/echo`, {
      ca: certs.caCert, method: 'POST', body: '{"a":1}',
      headers: { 'content-type': 'application/json', authorization: basic('bob', 'password2') },
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ a: 1 });
  });
});

describe('the principal', () => {
  it('carries scheme, username and scopes', async () => {
    const res = await get('/foo/whoami', basic('bob', 'password2'));
    expect(JSON.parse(res.body)).toEqual({ scheme: 'basic', username: 'bob', scopes: ['scope2', 'scope3'] });
  });
});

describe('hashed and plain passwords', () => {
  it.each([
    ['carol', 'argon-pass', 'argon2id'],
    ['dave', 'bcrypt-pass', 'bcrypt'],
    ['frank', 'scrypt-pass', 'scrypt'],
  ])('%s (%s) signs in with the right password only', async (user, pass) => {
    expect((await get('/foo/bar', basic(user, pass))).status).toBe(200);
    expect((await get('/foo/bar', basic(user, pass))).status).toBe(200); // warm cache path
    expect((await get('/foo/bar', basic(user, `${pass}x`))).status).toBe(401);
  });

  it('a password containing ":" splits at the first colon', async () => {
    expect((await get('/foo/bar', basic('colon', 'pa:ss:word'))).status).toBe(200);
  });

  it('UTF-8 user names and passwords', async () => {
    expect((await get('/foo/bar', basic('zoë', 'pässwörd'))).status).toBe(200);
  });
});

describe('reading the Authorization header', () => {
  const token = Buffer.from('bob:password2').toString('base64');

  it('matches the scheme case-insensitively, with one or more spaces', async () => {
    for (const scheme of ['basic', 'BASIC', 'bAsIc']) {
      expect((await get('/foo/bar', `${scheme} ${token}`)).status).toBe(200);
    }
    expect((await get('/foo/bar', `Basic    ${token}`)).status).toBe(200);
  });

  it.each([
    ['no scheme', token],
    ['bad base64', 'Basic !!!not-base64!!!'],
    ['bad padding', `Basic ${token.replace(/=+$/, '')}=`],
    ['no colon', `Basic ${Buffer.from('bobpassword2').toString('base64')}`],
    ['empty user', `Basic ${Buffer.from(':password2').toString('base64')}`],
    ['empty password', `Basic ${Buffer.from('bob:').toString('base64')}`],
    ['NUL in the password', `Basic ${Buffer.from('bob:password2\u0000').toString('base64')}`],
    ['tab in the user', `Basic ${Buffer.from('b\tob:password2').toString('base64')}`],
    ['DEL in the password', `Basic ${Buffer.from('bob:pass\u007fword2').toString('base64')}`],
    ['invalid UTF-8', `Basic ${Buffer.from([0x62, 0x6f, 0x62, 0x3a, 0xff, 0xfe]).toString('base64')}`],
    ['8 KB header', `Basic ${'A'.repeat(8 * 1024)}`],
    ['only the scheme', 'Basic'],
    ['scheme and spaces', 'Basic    '],
    ['unknown scheme', `Digest ${token}`],
    ['Bearer on a Basic-only resource', 'Bearer abc.def.ghi'],
  ])('%s → 401 with the Basic challenge', async (_name, header) => {
    const res = await get('/foo/bar', header);
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    expect(res.headers['www-authenticate']).toBe('Basic realm="pointe", charset="UTF-8"');
  });

  it('raw control characters in the header are refused with a 4xx, never a 5xx', async () => {
    const res = await rawCall(listener.port, `GET /foo/bar HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic \u0001${token}`, certs.caCert);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe('responses from resources', () => {
  it('path parameters and query', async () => {
    const res = await get('/foo/items/42?q=x', basic('bob', 'password2'));
    expect(JSON.parse(res.body)).toEqual({ id: '42', q: 'x' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('a thrown HttpError sets status and body', async () => {
    const res = await get('/foo/teapot', basic('bob', 'password2'));
    expect(res.status).toBe(418);
    expect(JSON.parse(res.body)).toEqual({ error: 'short and stout' });
  });

  it('a thrown Error is a 500 that reveals nothing', async () => {
    const res = await get('/foo/crash', basic('bob', 'password2'));
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('hunter2');
  });

  it('undefined is an empty 204', async () => {
    const res = await get('/foo/empty', basic('bob', 'password2'));
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
  });

  it('an unknown path is a 404', async () => {
    expect((await get('/foo/nope', basic('bob', 'password2'))).status).toBe(404);
  });
});
