/**
 * `oauth2IntrospectionConfig` on a real TLS Listener against a real authorization server
 * (oidc-provider, `@pointe/dev-sts`, over HTTPS with the run's certificates), called by a real
 * `Client` holding a client-credentials grant: 200, 403 `insufficient_scope`, revoked and inactive
 * tokens, `scopeKey` as a string and an array, a chain `[introspection, file store, JWT]`, the
 * resource server's own `clientConfig.auth` as Basic, as a grant and as a self-signed JWT, config
 * errors at `attach()`, an AS that hangs (the timeout honoured, nothing left open), a 500, and
 * the imperative `ListenerOAuth2Handler`.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Client, ConfigError, Get, Listener, ListenerOAuth2Handler, ServiceConfig, Unauthorized, type ListenerAuthConfig,
  type OAuth2ClientCredentialsGrantConfig, type OAuth2IntrospectionConfig, type RequestContext,
} from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import {
  type FakeRequest, type FakeServer, type Sts, STS_CLIENTS, clientBasic, fetchToken, introspectAt, json, revoke, startFakeServer, startTestSts,
} from '../../../test-support/sts.js';
import { seedClaims, serverPrivateKey, signToken } from './jwt-support.js';
import { SEED_USERS, basic, call, startListener, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
const { seed, introspector, post } = STS_CLIENTS;
let sts: Sts;
let listener: Listener;
let url: string;
const cleanup: Array<() => Promise<unknown>> = [];

/** The seed's introspection record, pointed at the test STS over HTTPS, trusting the test CA. */
const introspection = (overrides: Partial<OAuth2IntrospectionConfig> = {}): OAuth2IntrospectionConfig => ({
  url: sts.introspectionUrl,
  tokenTypeHint: 'access_token',
  scopeKey: 'scp',
  ...overrides,
  clientConfig: {
    auth: { username: introspector.clientId, password: introspector.clientSecret },
    secureSocket: { cert: certs.caCert },
    ...overrides.clientConfig,
  },
});

function service(auth: ListenerAuthConfig[]): object {
  @ServiceConfig({ auth })
  class Foo {
    @Get('bar')
    bar(): string {
      return 'Hello, World!';
    }

    @Get('whoami')
    whoami(ctx: RequestContext): object {
      const { scheme, username, scopes, introspection } = ctx.auth ?? { scopes: [] };
      return { scheme, username, scopes, active: introspection?.['active'] };
    }
  }
  return new Foo();
}

/** A client-credentials grant record for the seed's client (or another), over HTTPS to the STS. */
const grant = (scopes: string | string[] = 'hello', client: { clientId: string; clientSecret: string } = seed): OAuth2ClientCredentialsGrantConfig => ({
  tokenUrl: sts.tokenUrl,
  clientId: client.clientId,
  clientSecret: client.clientSecret,
  scopes,
  clientConfig: { secureSocket: { cert: certs.caCert } },
});

function client(auth: OAuth2ClientCredentialsGrantConfig): Client {
  const created = new Client(url, { auth, secureSocket: { cert: certs.caCert } });
  cleanup.push(() => created.close());
  return created;
}

const get = (path: string, authorization?: string) =>
  call(`${url}${path}`, { ca: certs.caCert, headers: authorization === undefined ? {} : { authorization } });
const ccToken = async (scope: string) => (await fetchToken(sts, seed, { grant_type: 'client_credentials', scope }, certs.caCert)).access_token;

/**
 * An introspection endpoint that authenticates the resource server by a Bearer token (as WSO2 and
 * others allow; oidc-provider wants client credentials): it checks the caller's token at the STS,
 * answers 401 unless `accept(callerToken)`, and otherwise passes the introspection on to the STS.
 */
async function bearerIntrospectionProxy(accept: (active: boolean) => boolean): Promise<FakeServer> {
  const introspect = (token: string) => introspectAt(sts, introspector, token, certs.caCert);
  return startFakeServer((request: FakeRequest, res: ServerResponse) => {
    void (async () => {
      const callerToken = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const caller = callerToken === undefined ? { active: false } : await introspect(callerToken);
      if (!accept(caller['active'] === true)) return json(res, 401, { error: 'invalid_client' });
      json(res, 200, await introspect(new URLSearchParams(request.body).get('token') ?? ''));
    })();
  });
}

let proxyAccepts = (active: boolean) => active;
let proxy: FakeServer;
let hang: FakeServer;
let failing: FakeServer;

beforeAll(async () => {
  sts = await startTestSts({ tls: { key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.serverCert, 'utf8') } });
  proxy = await bearerIntrospectionProxy((active) => proxyAccepts(active));
  hang = await startFakeServer(() => undefined);
  failing = await startFakeServer((_request, res) => json(res, 500, { error: 'server_error' }));
  const users = writeConfigToml(SEED_USERS);
  const jwt = { jwtValidatorConfig: { issuer: 'wso2', audience: 'ballerina', scopeKey: 'scp', signatureConfig: { certFile: certs.serverCert } }, scopes: ['hello'] };
  ({ listener, url } = await startListener([
    // The seed's block: scopes ["hello"]; no cacheConfig, so every request asks the STS.
    [service([{ oauth2IntrospectionConfig: introspection(), scopes: ['hello'] }]), '/foo'],
    [service([{ oauth2IntrospectionConfig: introspection({ scopeKey: 'scope' }), scopes: ['hello'] }]), '/scope-string'],
    [service([{ oauth2IntrospectionConfig: introspection({ cacheConfig: { capacity: 100 } }), scopes: ['hello'] }]), '/cached'],
    [service([
      { oauth2IntrospectionConfig: introspection(), scopes: ['hello'] },
      { fileUserStoreConfig: { path: users }, scopes: ['scope2'] },
      jwt,
    ]), '/chain'],
    [service([{
      oauth2IntrospectionConfig: { url: `${proxy.url}/introspect`, scopeKey: 'scp', clientConfig: { auth: grant('read', post) } },
      scopes: ['hello'],
    }]), '/rs-grant'],
    [service([{
      oauth2IntrospectionConfig: { url: `${hang.url}/introspect`, clientConfig: { timeout: 1, customHeaders: { authorization: clientBasic(introspector) } } },
    }]), '/hang'],
    [service([{ oauth2IntrospectionConfig: { url: `${failing.url}/introspect` } }, { fileUserStoreConfig: { path: users } }]), '/failing'],
  ], tlsConfig({ authMemo: false })));
}, 120_000);

afterAll(async () => {
  await Promise.all(cleanup.map((close) => close()));
  await listener?.immediateStop();
  await Promise.all([proxy?.close(), hang?.close(), failing?.close()]);
  await sts?.stop();
});

beforeEach(() => sts.reset());

describe('a client-credentials Client calls an introspection-secured Listener', () => {
  it('a token with hello: 200 Hello, World!; the principal carries the introspection', async () => {
    const caller = client(grant(['hello', 'read']));
    const res = await caller.get('/foo/bar');
    expect(res.statusCode).toBe(200);
    expect(await res.getTextPayload()).toBe('Hello, World!');
    const who = await (await caller.get('/foo/whoami')).getJsonPayload();
    expect(who).toEqual({ scheme: 'oauth2', scopes: ['hello', 'read'], active: true });
    // One token for both calls; each call introspected (no cacheConfig, no memo).
    expect(sts.counters.token['client_credentials']).toBe(1);
    expect(sts.counters.introspection).toBe(2);
    // The introspection request carried the seed's token_type_hint and the resource server's Basic.
    const request = sts.requests.find((r) => r.path.endsWith('/introspect'))!;
    expect(request.form['token_type_hint']).toBe('access_token');
    expect(request.headers['authorization']).toBe(clientBasic(introspector));
  });

  it('a token without hello: 403 with insufficient_scope, and no retry', async () => {
    const res = await client(grant('read')).get('/foo/bar');
    expect(res.statusCode).toBe(403);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="insufficient_scope"/);
    expect(sts.counters.token['client_credentials']).toBe(1);
  });

  it('a revoked token: 401 invalid_token at the next request', async () => {
    const token = await ccToken('hello');
    expect((await get('/foo/bar', `Bearer ${token}`)).status).toBe(200);
    await revoke(sts, seed, token, certs.caCert);
    const res = await get('/foo/bar', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('an unknown (inactive) token: 401 invalid_token; no header: 401 with the Bearer challenge', async () => {
    const res = await get('/foo/bar', 'Bearer not-a-token-the-sts-issued');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(sts.counters.introspection).toBe(1);
    const none = await get('/foo/bar');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('scopeKey as an array claim (scp) and as a space-separated string (scope) give the same scopes', async () => {
    const token = await ccToken('hello write');
    const viaArray = JSON.parse((await get('/foo/whoami', `Bearer ${token}`)).body) as { scopes: string[] };
    const viaString = JSON.parse((await get('/scope-string/whoami', `Bearer ${token}`)).body) as { scopes: string[] };
    expect(viaArray.scopes).toEqual(['hello', 'write']);
    expect(viaString.scopes).toEqual(['hello', 'write']);
    expect((await get('/scope-string/bar', `Bearer ${await ccToken('read')}`)).status).toBe(403);
  });

  it('with cacheConfig, repeated requests with one token introspect once', async () => {
    const token = await ccToken('hello');
    for (let i = 0; i < 5; i++) expect((await get('/cached/bar', `Bearer ${token}`)).status).toBe(200);
    expect(sts.counters.introspection).toBe(1);
  });
});

describe('a chain [introspection, file store, JWT]: each element lets in its own kind of caller', () => {
  it('an introspected token, a Basic user and a signed JWT each get 200; a bad one of each gets 401', async () => {
    expect((await get('/chain/bar', `Bearer ${await ccToken('hello')}`)).status).toBe(200);
    expect((await get('/chain/bar', basic('bob', 'password2'))).status).toBe(200);
    const jwt = signToken({ alg: 'RS256', typ: 'JWT' }, seedClaims(), serverPrivateKey());
    expect((await get('/chain/bar', `Bearer ${jwt}`)).status).toBe(200);
    // The JWT was first offered to introspection (inactive there), then accepted by the JWT element.
    expect(sts.counters.introspection).toBe(2);
    const who = JSON.parse((await get('/chain/whoami', `Bearer ${jwt}`)).body) as { scheme: string };
    expect(who.scheme).toBe('jwt');
    expect((await get('/chain/bar', basic('bob', 'wrong'))).status).toBe(401);
    expect((await get('/chain/bar', 'Bearer not-a-token')).status).toBe(401);
  });
});

describe("the resource server's own clientConfig.auth", () => {
  it('as a client-credentials grant: one token of its own for many introspections', async () => {
    for (let i = 0; i < 3; i++) expect((await get('/rs-grant/bar', `Bearer ${await ccToken('hello')}`)).status).toBe(200);
    // 3 tokens for the callers (fetchToken) + 1 for the resource server (post-client).
    expect(sts.counters.token['client_credentials']).toBe(4);
    expect(proxy.requests.at(-1)!.headers.authorization).toMatch(/^Bearer /);
  });

  it('the proxy refusing the resource server: the element fails as a backend error → 401, never 500', async () => {
    proxyAccepts = () => false;
    try {
      const before = proxy.requests.length;
      expect((await get('/rs-grant/bar', `Bearer ${await ccToken('hello')}`)).status).toBe(401);
      // One introspection, refused; its token dropped and renewed; one retry; no loop.
      expect(proxy.requests.length - before).toBe(2);
    } finally {
      proxyAccepts = (active) => active;
    }
  });

  it('as a self-signed JWT record: @pointe/http builds the handler (its key read at attach())', async () => {
    const server = await startFakeServer((request, res) => json(res, 200, { active: /^Bearer ey/.test(request.headers.authorization ?? ''), scope: 'hello' }));
    cleanup.push(() => server.close());
    const jwtAuth = { issuer: 'rs', audience: 'as', signatureConfig: { config: { keyFile: certs.serverKey } } };
    const l = new Listener(0, tlsConfig());
    l.attach(service([{ oauth2IntrospectionConfig: { url: `${server.url}/i`, clientConfig: { auth: jwtAuth } }, scopes: 'hello' }]), '/jwt-rs');
    await l.start();
    cleanup.push(() => l.immediateStop());
    const res = await call(`https://localhost:${l.port}/jwt-rs/bar`, { ca: certs.caCert, headers: { authorization: 'Bearer any' } });
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });
});

describe('authorization server faults', () => {
  it('the AS hangs: 401 within the timeout bound (1 s), and nothing left hanging at stop', async () => {
    const started = Date.now();
    const res = await get('/hang/bar', 'Bearer some-token');
    expect(res.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(hang.requests).toHaveLength(1);
    // A second listener, stopped while its introspection hangs: stop() returns and the connection is gone.
    const l = new Listener(0, tlsConfig());
    l.attach(service([{ oauth2IntrospectionConfig: { url: `${hang.url}/introspect`, clientConfig: { timeout: 30 } } }]), '/h');
    await l.start();
    const pending = call(`https://localhost:${l.port}/h/bar`, { ca: certs.caCert, headers: { authorization: 'Bearer t2' } }).catch(() => undefined);
    await expect.poll(() => hang.requests.length).toBe(2);
    await l.immediateStop();
    await pending;
    await expect.poll(() => hang.openConnections, { timeout: 5_000 }).toBe(0);
  });

  it('the AS answers 500: the next element (file store) still lets a Basic caller in; a token gets 401, never 500', async () => {
    expect((await get('/failing/bar', 'Bearer some-token')).status).toBe(401);
    expect((await get('/failing/bar', basic('bob', 'password2'))).status).toBe(200);
    expect(failing.requests.length).toBeGreaterThan(0);
  });
});

describe('config errors at attach()', () => {
  it.each([
    ['no url', { tokenTypeHint: 'access_token' }, /auth\[0\]\.oauth2IntrospectionConfig/],
    ['an http: url to a remote host', { url: 'http://example.com/introspect' }, /url/],
    ['an unknown field', { url: 'https://localhost/i', scopekey: 'scp' }, /scopekey/],
    ['an unreadable certificate', { url: 'https://localhost/i', clientConfig: { secureSocket: { cert: '/nonexistent/ca.crt' } } }, /nonexistent/],
    ['not an object', 'https://localhost/i', /oauth2IntrospectionConfig/],
  ])('%s: a ConfigError naming the service, resource and field', (_, config, message) => {
    const l = new Listener(0, tlsConfig());
    let error: unknown;
    try {
      l.attach(service([{ oauth2IntrospectionConfig: config as OAuth2IntrospectionConfig }]), '/bad');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/service '\/bad'/);
    expect((error as ConfigError).message).toMatch(message);
  });
});

describe('ListenerOAuth2Handler', () => {
  it('authenticates and authorizes by the same rules as the element', async () => {
    const handler = new ListenerOAuth2Handler(introspection());
    cleanup.push(() => handler.close());
    const principal = await handler.authenticate(`Bearer ${await ccToken('read')}`);
    expect(principal).toMatchObject({ scheme: 'oauth2', scopes: ['read'] });
    if (principal instanceof Unauthorized) throw new Error('expected a principal');
    expect(handler.authorize(principal, 'read')).toBeUndefined();
    expect(handler.authorize(principal, 'hello')?.headers['www-authenticate']).toMatch(/insufficient_scope/);
    const refused = await handler.authenticate({ headers: { authorization: 'Bearer not-a-token' } });
    expect(refused).toBeInstanceOf(Unauthorized);
  });

  it('a bad record throws a ConfigError naming ListenerOAuth2Handler and config.<field>', () => {
    expect(() => new ListenerOAuth2Handler({ url: 'ftp://x/i' })).toThrow(/ListenerOAuth2Handler.*config/);
  });
});
