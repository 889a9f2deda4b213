/**
 * The `Client` with the three OAuth2 grant records against a real authorization server
 * (oidc-provider, `@pointe/dev-sts`, over HTTPS with the run's certificates), counted at the
 * server: both credential bearers, the password grant with refresh, the direct token with
 * rotation, the lazy first token, one token for 1,000 requests, one refresh for 100 concurrent
 * requests at expiry, the 401 retry (once, never a loop), and token endpoint failures as
 * `ClientAuthError`s carrying the status and the OAuth2 `error`. The resource server is a Pointe
 * listener securing its service by introspection at the same STS, or a plain server where a
 * fault (a 401) is needed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTH_HEADER_BEARER, Client, ClientAuthError, ClientCodes, ClientError, ClientOAuth2Error, ClientOAuth2Handler, Get, type Listener,
  POST_BODY_BEARER, ServiceConfig, type ClientAuthConfig,
} from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { type FakeServer, type Sts, STS_CLIENTS, json, startFakeServer, startTestSts } from '../../../test-support/sts.js';
import { expectLate401KeepsFresh, startListener, tlsConfig } from './support.js';

const certs = testCerts();
const { seed, post, shortLived } = STS_CLIENTS;
const trust = { secureSocket: { cert: certs.caCert } };
let sts: Sts;
let listener: Listener;
let url: string;
/** A plain resource server: answers 200 with the Authorization it saw, or what `answer` says. */
let resource: FakeServer;
let answer: (authorization: string | undefined, nth: number) => number = () => 200;
const cleanup: Array<() => Promise<unknown>> = [];

function client(target: string, auth: ClientAuthConfig): Client {
  const created = new Client(target, { auth, ...trust });
  cleanup.push(() => created.close());
  return created;
}

const clientCredentials = (overrides: Record<string, unknown> = {}): ClientAuthConfig => ({
  tokenUrl: sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret, scopes: ['hello'], clientConfig: trust, ...overrides,
}) as ClientAuthConfig;

beforeAll(async () => {
  sts = await startTestSts({ tls: { key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.serverCert, 'utf8') } });
  ({ listener, url } = await startListener([[introspectedService(), '/foo']], tlsConfig()));
  let nth = 0;
  resource = await startFakeServer((request, res) => json(res, answer(request.headers.authorization, ++nth), { authorization: request.headers.authorization }));
}, 120_000);

/** The seed's service, secured by introspection at this run's STS. */
function introspectedService(): object {
  @ServiceConfig({
    auth: [{
      oauth2IntrospectionConfig: {
        url: sts.introspectionUrl,
        scopeKey: 'scp',
        clientConfig: { auth: { username: STS_CLIENTS.introspector.clientId, password: STS_CLIENTS.introspector.clientSecret }, ...trust },
      },
      scopes: ['hello'],
    }],
  })
  class Secured {
    @Get('bar')
    bar(): string {
      return 'Hello, World!';
    }
  }
  return new Secured();
}

afterAll(async () => {
  await Promise.all(cleanup.map((close) => close()));
  await listener?.immediateStop();
  await resource?.close();
  await sts?.stop();
});

beforeEach(() => {
  sts.reset();
  answer = () => 200;
});

describe('the three grants against the STS, calling an introspection-secured Listener', () => {
  it.each([
    ['AUTH_HEADER_BEARER (default)', {}, 'client_secret_basic'],
    ['AUTH_HEADER_BEARER', { credentialBearer: AUTH_HEADER_BEARER }, 'client_secret_basic'],
    ['POST_BODY_BEARER', { credentialBearer: POST_BODY_BEARER, clientId: post.clientId, clientSecret: post.clientSecret }, 'client_secret_post'],
  ])('client credentials, %s: 200 Hello, World!', async (_, overrides, method) => {
    const res = await client(url, clientCredentials(overrides)).get('/foo/bar');
    expect(res.statusCode).toBe(200);
    expect(await res.getTextPayload()).toBe('Hello, World!');
    const tokenRequest = sts.requests.find((r) => r.path === '/oauth2/token')!;
    expect(tokenRequest.form['grant_type']).toBe('client_credentials');
    expect(tokenRequest.form['scope']).toBe('hello');
    if (method === 'client_secret_post') {
      expect(tokenRequest.form['client_secret']).toBe(post.clientSecret);
      expect(tokenRequest.headers['authorization']).toBeUndefined();
    } else {
      expect(tokenRequest.headers['authorization']).toMatch(/^Basic /);
      expect(tokenRequest.form['client_secret']).toBeUndefined();
    }
  });

  it('password grant with refreshConfig: 200; at expiry the refresh-token grant renews it', async () => {
    const caller = client(url, {
      tokenUrl: sts.tokenUrl, username: 'admin', password: '123', clientId: shortLived.clientId, clientSecret: shortLived.clientSecret,
      scopes: ['hello'], clockSkew: 1, clientConfig: trust,
      refreshConfig: { refreshUrl: sts.refreshUrl, scopes: ['hello'], clientConfig: trust },
    });
    expect((await caller.get('/foo/bar')).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // 2 s tokens, renewed 1 s early
    expect((await caller.get('/foo/bar')).statusCode).toBe(200);
    expect(sts.counters.token).toEqual({ password: 1, refresh_token: 1 });
  });

  it('direct token: starts from the given refresh token and keeps the rotated one', async () => {
    const refreshToken = await sts.issueRefreshToken(shortLived, 'admin', ['hello']);
    sts.reset();
    const caller = client(url, {
      refreshUrl: sts.refreshUrl, refreshToken, clientId: shortLived.clientId, clientSecret: shortLived.clientSecret, scopes: ['hello'],
      clockSkew: 1, clientConfig: trust,
    });
    expect((await caller.get('/foo/bar')).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    // The STS rotates refresh tokens and refuses a reused one: a second 200 means the rotated one was kept.
    expect((await caller.get('/foo/bar')).statusCode).toBe(200);
    const refreshes = sts.requests.filter((r) => r.form['grant_type'] === 'refresh_token');
    expect(refreshes).toHaveLength(2);
    expect(refreshes[0]!.form['refresh_token']).toBe(refreshToken);
    expect(refreshes[1]!.form['refresh_token']).not.toBe(refreshToken);
    expect(refreshes.every((r) => r.status === 200)).toBe(true);
  });
});

describe('token lifetime, counted at the STS', () => {
  it('construction sends nothing; 1,000 requests: 1 token request', async () => {
    const caller = client(resource.url, clientCredentials());
    expect(sts.counters.token).toEqual({});
    for (let i = 0; i < 1_000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => caller.get('/r')));
      expect(batch.every((res) => res.statusCode === 200)).toBe(true);
    }
    expect(sts.counters.token).toEqual({ client_credentials: 1 });
  }, 60_000);

  it('100 concurrent requests at expiry: 1 refresh', async () => {
    const caller = client(resource.url, clientCredentials({ clientId: shortLived.clientId, clientSecret: shortLived.clientSecret, clockSkew: 1 }));
    expect((await caller.get('/r')).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const answers = await Promise.all(Array.from({ length: 100 }, () => caller.get('/r')));
    expect(answers.every((res) => res.statusCode === 200)).toBe(true);
    expect(sts.counters.token).toEqual({ client_credentials: 2 });
    const tokens = new Set(await Promise.all(answers.map(async (res) => ((await res.getJsonPayload()) as { authorization: string }).authorization)));
    expect(tokens.size).toBe(1);
  });
});

describe('the 401 retry', () => {
  it('the resource server answers 401 once: exactly one retry, with a fresh token', async () => {
    const caller = client(resource.url, clientCredentials());
    expect((await caller.get('/r')).statusCode).toBe(200);
    const seen: Array<string | undefined> = [];
    answer = (authorization) => (seen.push(authorization), seen.length === 1 ? 401 : 200);
    const res = await caller.get('/r');
    expect(res.statusCode).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    expect(sts.counters.token).toEqual({ client_credentials: 2 });
  });

  it('the resource server always answers 401: the 401 comes back after 2 requests, no loop', async () => {
    const caller = client(resource.url, clientCredentials());
    let requests = 0;
    answer = () => (requests++, 401);
    const res = await caller.get('/r');
    expect(res.statusCode).toBe(401);
    expect(requests).toBe(2);
    expect(sts.counters.token).toEqual({ client_credentials: 2 });
  });
});

describe('token endpoint failures', () => {
  it('down at construction: no throw, no request; the first request rejects with a ClientAuthError (UNREACHABLE)', async () => {
    const down = await startFakeServer(() => undefined);
    const tokenUrl = `${down.url}/token`;
    await down.close();
    const caller = client(resource.url, { tokenUrl, clientId: 'c', clientSecret: 's' });
    const before = resource.requests.length;
    const error = await caller.get('/r').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ClientAuthError);
    expect(error).toMatchObject({ code: ClientCodes.POINTE_ERR_CLIENT_AUTH, oauth2Code: 'POINTE_ERR_OAUTH2_UNREACHABLE' });
    expect(resource.requests.length).toBe(before); // nothing sent without a credential
  });

  it('a wrong secret: ClientAuthError with the status and OAuth2 error; the secret is in no message', async () => {
    const caller = client(resource.url, clientCredentials({ clientSecret: 'wrong-secret-value' }));
    const error = await caller.get('/r').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ClientOAuth2Error);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(String((error as Error).message)).not.toContain('wrong-secret-value');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
  });

  it('a token endpoint that hangs: the grant timeout is honoured', async () => {
    const hang = await startFakeServer(() => undefined);
    cleanup.push(() => hang.close());
    const caller = client(resource.url, { tokenUrl: `${hang.url}/token`, clientId: 'c', clientSecret: 's', clientConfig: { timeout: 1 } });
    const started = Date.now();
    const error = await caller.get('/r').then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ oauth2Code: 'POINTE_ERR_OAUTH2_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('a record that cannot work: ClientError at construction, naming the field', () => {
    expect(() => new Client(resource.url, { auth: { tokenUrl: 'ftp://as/token', clientId: 'c', clientSecret: 's' } })).toThrow(
      expect.objectContaining({ code: ClientCodes.POINTE_ERR_CLIENT_AUTH_CONFIG, message: expect.stringMatching(/auth\.tokenUrl/) }),
    );
    expect(() => new ClientOAuth2Handler({ tokenUrl: sts.tokenUrl, clientId: 'c', clientSecret: 's', scopes: 'two words' })).toThrow(ClientError);
  });
});

describe('a late 401', () => {
  it('for a token renewed since: the fresh token is kept, no third token request', async () => {
    const handler = new ClientOAuth2Handler(clientCredentials() as never);
    cleanup.push(() => handler.close());
    await expectLate401KeepsFresh(handler);
    expect(sts.counters.token).toEqual({ client_credentials: 2 });
  });

  it('for the current token: dropped, the next request gets a new one', async () => {
    const handler = new ClientOAuth2Handler(clientCredentials() as never);
    cleanup.push(() => handler.close());
    const first = await handler.getSecurityHeaders();
    await handler.onUnauthorized(first);
    expect(await handler.getSecurityHeaders()).not.toEqual(first);
    expect(sts.counters.token).toEqual({ client_credentials: 2 });
  });
});

describe('ClientOAuth2Handler for imperative use', () => {
  it('enrich() sets a Bearer token from the grant', async () => {
    const handler = new ClientOAuth2Handler(clientCredentials() as never);
    cleanup.push(() => handler.close());
    const request = await handler.enrich({ headers: { Authorization: 'old' } });
    expect(request.headers).toEqual({ authorization: expect.stringMatching(/^Bearer .+/) });
  });
});
