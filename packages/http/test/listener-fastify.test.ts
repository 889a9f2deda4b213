/**
 * The Listener in the Fastify ecosystem: plugins registered before Pointe's routes (so their
 * global hooks reach 401/403 answers), `ready()` without listening, `inject()`, `start()` after
 * `ready()`, and the start-up line. Real @fastify/cors, @fastify/helmet and @fastify/rate-limit.
 */
import { Writable } from 'node:stream';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Get, Listener, ServiceConfig, registerAuthMechanism, type ListenerAuthConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { basic, call, SEED_USERS, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
const storePath = writeConfigToml(SEED_USERS);

@ServiceConfig({ auth: [{ fileUserStoreConfig: { path: storePath }, scopes: ['scope1'] }] })
class Foo {
  @Get('bar')
  bar(): string {
    return 'Hello, World!';
  }
}

// A user store that counts the passwords it checks: the signal that a request reached auth.
let verifications = 0;
registerAuthMechanism({
  key: 'countingUserStoreConfig',
  scheme: 'basic',
  validate: (c) => c,
  create: () => ({
    scheme: 'basic',
    authenticate(credential) {
      verifications++;
      return credential.scheme === 'basic' && credential.password === 'right' ? { scheme: 'basic', username: credential.username, scopes: [] } : undefined;
    },
  }),
});

@ServiceConfig({ auth: [{ countingUserStoreConfig: {} } as unknown as ListenerAuthConfig] })
class Counted {
  @Get('bar')
  bar(): string {
    return 'counted';
  }
}

let closed = 0;
registerAuthMechanism({
  key: 'closableUserStoreConfig',
  scheme: 'basic',
  validate: (c) => c,
  create: () => ({ scheme: 'basic', authenticate: () => undefined, close: async () => { closed++; } }),
});

@ServiceConfig({ auth: [{ closableUserStoreConfig: {} } as unknown as ListenerAuthConfig] })
class Closable {
  @Get('bar')
  bar(): string {
    return 'closable';
  }
}

const running: Listener[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.immediateStop()));
});
function listener(extra: Parameters<typeof tlsConfig>[0] = {}): Listener {
  const l = new Listener(0, tlsConfig(extra));
  running.push(l);
  return l;
}
const ORIGIN = 'https://app.example';

describe('listener.register, ready and inject', () => {
  it('builds Fastify at ready() without listening; inject answers 401/403/200', async () => {
    const l = listener();
    l.attach(new Foo(), '/foo');
    expect(l.fastify).toBeUndefined();
    await l.ready();
    expect(l.fastify).toBeDefined();
    expect(l.fastify!.server.listening).toBe(false);
    expect((await l.inject({ method: 'GET', url: '/foo/bar' })).statusCode).toBe(401);
    expect((await l.inject({ method: 'GET', url: '/foo/bar', headers: { authorization: basic('bob', 'password2') } })).statusCode).toBe(403);
    const ok = await l.inject({ method: 'GET', url: '/foo/bar', headers: { authorization: basic('alice', 'password1') } });
    expect([ok.statusCode, ok.body]).toEqual([200, 'Hello, World!']);
    // start() after ready() listens on the same instance.
    const fastify = l.fastify;
    await l.start();
    expect(l.fastify).toBe(fastify);
    expect((await call(`https://localhost:${l.port}/foo/bar`, { ca: certs.caCert, headers: { authorization: basic('alice', 'password1') } })).status).toBe(200);
  });

  it('ready() is idempotent, and a listener stopped before it listened closes its providers', async () => {
    const l = listener();
    l.attach(new Closable(), '/c');
    await Promise.all([l.ready(), l.ready()]);
    const fastify = l.fastify!;
    await l.ready();
    expect(l.fastify).toBe(fastify);
    closed = 0;
    await l.gracefulStop();
    expect(closed).toBe(1);
    await expect(l.inject('/c/bar')).rejects.toMatchObject({ code: 'POINTE_ERR_LISTENER_STATE' });
    await expect(l.start()).rejects.toMatchObject({ code: 'POINTE_ERR_LISTENER_STATE' });
  });

  it('refuses register() and attach() once built', async () => {
    const l = listener();
    l.attach(new Foo(), '/foo');
    await l.ready();
    expect(() => l.register(fastifyCors)).toThrow(expect.objectContaining({ code: 'POINTE_ERR_LISTENER_STATE' }));
    expect(() => l.attach(new Foo(), '/again')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_SERVICE' }));
  });

  it('a CORS preflight to a protected route gets its CORS answer; a 401 carries CORS and helmet headers', async () => {
    const l = listener();
    l.register(fastifyCors, { origin: ORIGIN, credentials: true }).register(fastifyHelmet);
    l.attach(new Foo(), '/foo');
    await l.start();
    const url = `https://localhost:${l.port}/foo/bar`;
    const preflight = await call(url, {
      ca: certs.caCert,
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');

    const denied = await call(url, { ca: certs.caCert, headers: { origin: ORIGIN } });
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toMatch(/^Basic/);
    expect(denied.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(denied.headers['x-content-type-options']).toBe('nosniff');
    expect(denied.headers['strict-transport-security']).toMatch(/max-age=/);

    const forbidden = await call(url, { ca: certs.caCert, headers: { origin: ORIGIN, authorization: basic('bob', 'password2') } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(forbidden.headers['x-frame-options']).toBeDefined();
  });

  it('a rate limit answers 429 before any password is verified', async () => {
    const l = listener();
    l.register(fastifyRateLimit, { max: 2, timeWindow: '1 minute' });
    l.attach(new Counted(), '/c');
    await l.start();
    verifications = 0;
    const statuses: number[] = [];
    // A fresh connection per request (call() uses no agent), so no per-connection memo helps.
    for (let i = 0; i < 5; i++) {
      statuses.push((await call(`https://localhost:${l.port}/c/bar`, { ca: certs.caCert, headers: { authorization: basic('mallory', `guess${i}`) } })).status);
    }
    expect(statuses).toEqual([401, 401, 429, 429, 429]);
    expect(verifications).toBe(2);
  });
});

describe('the start-up line', () => {
  it('logs the address and each service with its mechanisms at info', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk: Buffer, _e, done) { lines.push(chunk.toString()); done(); } });
    @ServiceConfig({})
    class Open {
      @Get('')
      root(): string { return 'open'; }
    }
    const l = listener({ logger: { level: 'info', stream } });
    l.attach(new Foo(), '/foo');
    l.attach(new Open(), '/open');
    await l.start();
    const startup = lines.map((s) => JSON.parse(s) as { level: number; msg: string; address?: string }).filter((e) => e.msg.startsWith('pointe: listening'));
    expect(startup).toHaveLength(1);
    expect(startup[0]!.level).toBe(30);
    expect(startup[0]!.address).toBe(`https://127.0.0.1:${l.port}`);
    expect(startup[0]!.msg).toBe(`pointe: listening on https://127.0.0.1:${l.port}; services: /foo (fileUserStoreConfig); /open (public)`);
  });

  it('prints nothing with logger: false', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      const l = listener({ logger: false });
      l.attach(new Foo(), '/foo');
      await l.start();
      await call(`https://localhost:${l.port}/foo/bar`, { ca: certs.caCert });
      const written = [...out.mock.calls, ...err.mock.calls].map((c) => String(c[0]));
      expect(written.filter((s) => s.includes('pointe') || s.includes('listening'))).toEqual([]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
