/**
 * Pointe inside an existing Fastify app: `fastifyPointe` mounts decorated services with the
 * same resolution and chain as the Listener; `app.pointeAuth(records)` guards a plain route;
 * providers are closed on the app's `onClose`. Real TLS, real requests.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { fastifyPointe, Get, ResourceConfig, ServiceConfig, registerAuthMechanism, type ListenerAuthConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { seedClaims, serverPrivateKey, signToken } from './jwt-support.js';
import { basic, call, SEED_USERS, writeConfigToml } from './support.js';

const certs = testCerts();
const storePath = writeConfigToml(SEED_USERS);
const jwtRecord = { jwtValidatorConfig: { issuer: 'wso2', scopeKey: 'scp', signatureConfig: { certFile: certs.serverCert } }, scopes: ['hello'] };

@ServiceConfig({ auth: [{ fileUserStoreConfig: { path: storePath }, scopes: ['scope1'] }] })
class Foo {
  @Get('bar')
  bar(): string {
    return 'Hello, World!';
  }

  @ResourceConfig({ auth: false })
  @Get('open')
  open(): string {
    return 'open';
  }
}

let closed = 0;
registerAuthMechanism({
  key: 'closableStoreConfig',
  scheme: 'basic',
  validate: (c) => c,
  create: () => ({ scheme: 'basic', authenticate: () => undefined, close: async () => { closed++; } }),
});

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function tlsApp(): Promise<FastifyInstance> {
  const app = Fastify({ https: { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) } });
  apps.push(app);
  return app;
}
async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `https://localhost:${typeof address === 'object' && address !== null ? address.port : 0}`;
}
const get = (url: string, authorization?: string) => call(url, { ca: certs.caCert, headers: authorization === undefined ? {} : { authorization } });

describe('fastifyPointe', () => {
  it('mounts a decorated service: 401, 403, 200, and public resources stay public', async () => {
    const app = await tlsApp();
    await app.register(fastifyPointe, { services: [{ service: new Foo(), basePath: '/foo' }] });
    app.get('/mine', async () => 'the app\'s own route');
    const url = await listen(app);
    const denied = await get(`${url}/foo/bar`);
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toMatch(/^Basic/);
    expect((await get(`${url}/foo/bar`, basic('bob', 'password2'))).status).toBe(403);
    expect((await get(`${url}/foo/bar`, basic('alice', 'password1'))).body).toBe('Hello, World!');
    expect((await get(`${url}/foo/open`)).status).toBe(200);
    expect((await get(`${url}/mine`)).status).toBe(200);
  });

  it('fails registration with the same config error as attach()', async () => {
    const app = await tlsApp();
    @ServiceConfig({ auth: [{ fileUserStoreConfig: { path: storePath }, scopes: ['scope1'] }] })
    class Empty {}
    await expect(app.register(fastifyPointe, { services: [{ service: new Empty(), basePath: '/e' }] })).rejects
      .toMatchObject({ code: 'POINTE_ERR_NO_RESOURCES' });
  });
});

describe('app.pointeAuth', () => {
  it('guards a plain Fastify route with the same records: 401, 403, 200', async () => {
    const app = await tlsApp();
    await app.register(fastifyPointe);
    app.get('/hello', { onRequest: app.pointeAuth([jwtRecord]) }, async (request) => `Hello, ${String(request.pointeAuth?.username)}`);
    const url = await listen(app);
    const denied = await get(`${url}/hello`);
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrongScope = signToken({ alg: 'RS256' }, seedClaims({ scp: 'other' }), serverPrivateKey());
    const forbidden = await get(`${url}/hello`, `Bearer ${wrongScope}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toMatch(/insufficient_scope/);
    const good = signToken({ alg: 'RS256' }, seedClaims({ scp: 'hello' }), serverPrivateKey());
    const ok = await get(`${url}/hello`, `Bearer ${good}`);
    expect([ok.status, ok.body]).toEqual([200, `Hello, ${String(seedClaims({}).sub)}`]);
  });

  it('refuses a bad record when the hook is built, not at the first request', async () => {
    const app = await tlsApp();
    await app.register(fastifyPointe);
    expect(() => app.pointeAuth([{ fileUserStoreConfig: { path: storePath }, scopes: ['bad scope'] }]))
      .toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG' }));
  });

  it('a plain route can put a rate limit before its auth', async () => {
    const app = await tlsApp();
    await app.register(fastifyRateLimit, { global: false });
    await app.register(fastifyPointe);
    app.get('/limited', { onRequest: [app.rateLimit({ max: 1, timeWindow: 60_000 }), app.pointeAuth([{ fileUserStoreConfig: { path: storePath } }])] }, async () => 'ok');
    const url = await listen(app);
    expect((await get(`${url}/limited`, basic('alice', 'password1'))).status).toBe(200);
    expect((await get(`${url}/limited`, basic('alice', 'password1'))).status).toBe(429);
  });

  it('closes the providers it built on the app\'s onClose', async () => {
    const app = await tlsApp();
    await app.register(fastifyPointe);
    app.get('/a', { onRequest: app.pointeAuth([{ closableStoreConfig: {} } as unknown as ListenerAuthConfig]) }, async () => 'a');
    await app.ready();
    closed = 0;
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(closed).toBe(1);
  });
});
