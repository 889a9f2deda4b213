/**
 * The per-connection memo: a keep-alive client repeating the same Authorization header is
 * checked once per connection (for providers that allow it), never across connections, never
 * past memoTtlMs or the credential's own exp, and never for a different header.
 */
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Listener, ResourceConfig, registerAuthMechanism, type ListenerAuthConfig, type Principal } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { basic, startListener, tlsConfig } from './support.js';

const calls = { memo: 0, plain: 0, expired: 0 };
const accept = (credential: { scheme: string; password?: string }, principal: Principal) =>
  credential.scheme === 'basic' && credential.password === 'ok' ? principal : undefined;
registerAuthMechanism({
  key: 'memoTestConfig',
  scheme: 'basic',
  validate: (c) => c,
  create: (config) => {
    const kind = (config as { kind: keyof typeof calls }).kind;
    return {
      scheme: 'basic',
      memoTtlMs: kind === 'plain' ? undefined : 60_000,
      authenticate(credential) {
        calls[kind]++;
        const exp = kind === 'expired' ? Math.floor(Date.now() / 1000) - 10 : undefined;
        return accept(credential, { scheme: 'basic', username: 'u', scopes: ['s'], ...(exp === undefined ? {} : { claims: { exp } }) });
      },
    };
  },
});
const el = (kind: string, scopes?: string[]) => [{ memoTestConfig: { kind }, ...(scopes ? { scopes } : {}) }] as unknown as ListenerAuthConfig[];

class Service {
  @ResourceConfig({ auth: el('memo') })
  @Get('memo')
  memo() {
    return 'memo';
  }

  @ResourceConfig({ auth: el('memo', ['other']) })
  @Get('memo-forbidden')
  memoForbidden() {
    return 'never';
  }

  @ResourceConfig({ auth: el('plain') })
  @Get('plain')
  plain() {
    return 'plain';
  }

  @ResourceConfig({ auth: el('expired') })
  @Get('expired')
  expired() {
    return 'expired';
  }
}

const certs = testCerts();
let listener: Listener;
let port: number;
beforeAll(async () => {
  const started = await startListener([[new Service(), '/s']]);
  listener = started.listener;
  port = listener.port;
});
afterAll(async () => {
  await listener.immediateStop();
});

/** One keep-alive connection: every call goes over the same socket. */
function connection() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: readFileSync(certs.caCert) });
  const get = (path: string, authorization: string) =>
    new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
      const req = request({ host: 'localhost', port, path, agent, headers: { authorization } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket }));
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

describe('the per-connection memo', () => {
  it('checks a repeated header once per connection', async () => {
    const c = connection();
    const before = calls.memo;
    const a = await c.get('/s/memo', basic('u', 'ok'));
    const b = await c.get('/s/memo', basic('u', 'ok'));
    const d = await c.get('/s/memo', basic('u', 'ok'));
    expect([a.status, b.status, d.status]).toEqual([200, 200, 200]);
    expect(a.socket).toBe(d.socket);
    expect(calls.memo - before).toBe(1);
    c.close();
  });

  it('never reuses a verdict for another header, and a failure does not displace the memo', async () => {
    const c = connection();
    const before = calls.memo;
    expect((await c.get('/s/memo', basic('u', 'ok'))).status).toBe(200);
    expect((await c.get('/s/memo', basic('u', 'wrong'))).status).toBe(401);
    expect((await c.get('/s/memo', basic('u', 'ok'))).status).toBe(200);
    expect(calls.memo - before).toBe(2);
    c.close();
  });

  it('never crosses connections', async () => {
    const before = calls.memo;
    for (let i = 0; i < 2; i++) {
      const c = connection();
      expect((await c.get('/s/memo', basic('u', 'ok'))).status).toBe(200);
      c.close();
    }
    expect(calls.memo - before).toBe(2);
  });

  it('keeps the scope check: a forbidden principal is never memoised', async () => {
    const c = connection();
    const before = calls.memo;
    expect((await c.get('/s/memo-forbidden', basic('u', 'ok'))).status).toBe(403);
    expect((await c.get('/s/memo-forbidden', basic('u', 'ok'))).status).toBe(403);
    expect(calls.memo - before).toBe(2);
    c.close();
  });

  it('is off for providers without memoTtlMs', async () => {
    const c = connection();
    const before = calls.plain;
    for (let i = 0; i < 3; i++) expect((await c.get('/s/plain', basic('u', 'ok'))).status).toBe(200);
    expect(calls.plain - before).toBe(3);
    c.close();
  });

  it('is off on a listener with authMemo: false', async () => {
    const off = await startListener([[new Service(), '/s']], tlsConfig({ authMemo: false }));
    const previousPort = port;
    port = off.listener.port;
    try {
      const c = connection();
      const before = calls.memo;
      for (let i = 0; i < 3; i++) expect((await c.get('/s/memo', basic('u', 'ok'))).status).toBe(200);
      expect(calls.memo - before).toBe(3);
      c.close();
    } finally {
      port = previousPort;
      await off.listener.immediateStop();
    }
  });

  it('never outlives the credential exp', async () => {
    const c = connection();
    const before = calls.expired;
    for (let i = 0; i < 2; i++) await c.get('/s/expired', basic('u', 'ok'));
    expect(calls.expired - before).toBe(2);
    c.close();
  });
});
