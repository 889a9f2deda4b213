/** Plain HTTP, detach, catch-all resources, and the imperative file-store handler. */
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Forbidden, Get, Listener, ListenerFileUserStoreBasicAuthHandler, Resource, ServiceConfig, Unauthorized,
  type RequestContext,
} from '@pointe/http';
import { basic, call, SEED_USERS, startListener, writeConfigToml } from './support.js';
import { testCerts } from '../../../test-support/certs.js';

const certs = testCerts();
const started: Listener[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(started.splice(0).map((l) => l.immediateStop()));
});

class Hello {
  @Get('bar')
  bar(): string {
    return 'Hello, World!';
  }
}

function httpGet(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('plain HTTP', () => {
  it('serves without secureSocket and warns once per listener that credentials travel in clear', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { listener } = await startListener([[new Hello(), '/foo']], { host: '127.0.0.1' });
    started.push(listener);
    expect((await httpGet(listener.port, '/foo/bar')).body).toBe('Hello, World!');
    await httpGet(listener.port, '/foo/bar');
    const ours = warn.mock.calls.filter(([, options]) => (options as { code?: string } | undefined)?.code === 'POINTE_WARN_PLAIN_HTTP');
    expect(ours).toHaveLength(1);
    expect(String(ours[0]![0])).toMatch(/plain HTTP/);
  });
});

describe('detach', () => {
  it('before start removes the service; after start its routes answer 404', async () => {
    const listener = new Listener(0, { host: '127.0.0.1' });
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const hello = new Hello();
    listener.attach(hello, '/gone');
    listener.detach(hello);
    const kept = new Hello();
    listener.attach(kept, '/foo');
    await listener.start();
    started.push(listener);
    expect((await httpGet(listener.port, '/gone/bar')).status).toBe(404);
    expect((await httpGet(listener.port, '/foo/bar')).status).toBe(200);
    listener.detach(kept);
    expect((await httpGet(listener.port, '/foo/bar')).status).toBe(404);
    expect(() => listener.detach(kept)).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_SERVICE' }));
  });

  it('attach after start fails with a code', async () => {
    const { listener } = await startListener([[new Hello(), '/foo']]);
    started.push(listener);
    expect(() => listener.attach(new Hello(), '/late')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_SERVICE' }));
  });
});

describe('@Resource("*")', () => {
  it('answers every method, behind the same auth', async () => {
    const path = writeConfigToml(SEED_USERS);
    @ServiceConfig({ auth: [{ fileUserStoreConfig: { path } }] })
    class Any {
      @Resource('*', 'any')
      any(ctx: RequestContext): string {
        return ctx.request.method;
      }
    }
    const { listener, url } = await startListener([[new Any(), '/x']]);
    started.push(listener);
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      expect((await call(`${url}/x/any`, { ca: certs.caCert, method })).status).toBe(401);
      const res = await call(`${url}/x/any`, { ca: certs.caCert, method, headers: { authorization: basic('eve', 'password3') } });
      expect(res.body).toBe(method);
    }
  });
});

describe('ListenerFileUserStoreBasicAuthHandler', () => {
  const handler = new ListenerFileUserStoreBasicAuthHandler({ path: writeConfigToml(SEED_USERS) });

  it('authenticates a header value or a request', async () => {
    expect(await handler.authenticate(basic('bob', 'password2'))).toEqual({ scheme: 'basic', username: 'bob', scopes: ['scope2', 'scope3'] });
    expect(await handler.authenticate({ headers: { authorization: basic('alice', 'password1') } })).toMatchObject({ username: 'alice' });
  });

  it('answers Unauthorized with the Basic challenge for a bad or missing credential', async () => {
    for (const input of [basic('bob', 'nope'), 'Bearer x', { headers: {} }]) {
      const result = await handler.authenticate(input);
      expect(result).toBeInstanceOf(Unauthorized);
      expect((result as Unauthorized).headers['www-authenticate']).toEqual(['Basic realm="pointe", charset="UTF-8"']);
    }
  });

  it('authorizes any-of by default and all-of on request', async () => {
    const bob = await handler.authenticate(basic('bob', 'password2'));
    if (bob instanceof Unauthorized) throw new Error('bob should authenticate');
    expect(handler.authorize(bob, ['scope1', 'scope3'])).toBeUndefined();
    expect(handler.authorize(bob, 'scope1')).toBeInstanceOf(Forbidden);
    expect(handler.authorize(bob, ['scope2', 'scope3'], true)).toBeUndefined();
    expect(handler.authorize(bob, ['scope1', 'scope2'], true)).toBeInstanceOf(Forbidden);
  });

  it('checks its config like an auth element: an unknown field fails, naming the handler', () => {
    expect(() => new ListenerFileUserStoreBasicAuthHandler({ pth: 'Config.toml' } as never)).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG', message: expect.stringContaining("ListenerFileUserStoreBasicAuthHandler: config has unknown field 'pth'") }),
    );
  });

  it('fails at construction for a bad store', () => {
    expect(() => new ListenerFileUserStoreBasicAuthHandler({ path: writeConfigToml('[[auth.users]]\nusername="x"\n') })).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_USER_STORE' }),
    );
  });
});
