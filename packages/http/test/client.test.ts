/**
 * The Client against a real HTTPS server (node:https, the test CA's server certificate):
 * Basic and Bearer headers, refused credentials, config errors, payloads, methods,
 * timeouts, and the single retry after a 401.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  ClientBasicAuthHandler,
  ClientBearerTokenAuthHandler,
  type ClientAuthConfig,
  type ClientAuthHandler,
  type ClientConfiguration,
} from '../src/client/index.js';
import { ClientAuthError, ClientError, ClientErrorCodes } from '../src/errors.js';
import { testCerts } from '../../../test-support/certs.js';

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface TestServer {
  url: string;
  requests: SeenRequest[];
}

const certs = testCerts();
const servers: Server[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** An HTTPS server on a free port that records every request and answers with `handle`. */
async function startServer(handle: (req: SeenRequest, res: ServerResponse) => void = echo): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      handle(seen, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** Answers with a JSON description of the request. */
function echo(req: SeenRequest, res: ServerResponse): void {
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-seen-method', req.method);
  res.end(JSON.stringify({ method: req.method, url: req.url, contentType: req.headers['content-type'] ?? null, body: req.body }));
}

function client(url: string, config: ClientConfiguration = {}): Client {
  const created = new Client(url, { ...config, secureSocket: config.secureSocket ?? { cert: certs.caCert } });
  clients.push(created);
  return created;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

describe('Basic auth', () => {
  it('sends Authorization: Basic base64(username:password)', async () => {
    const server = await startServer();
    const res = await client(server.url, { auth: { username: 'alice', password: '123' } }).get('/foo/bar');
    expect(res.statusCode).toBe(200);
    expect(server.requests[0]?.headers.authorization).toBe('Basic YWxpY2U6MTIz');
  });

  it('encodes a password with non-ASCII characters and colons as UTF-8', async () => {
    const server = await startServer();
    const password = 'pä:ss wörd:€';
    await client(server.url, { auth: { username: 'ålice', password } }).get('/');
    expect(server.requests[0]?.headers.authorization).toBe(basic('ålice', password));
  });

  it.each([
    ['username', { username: '', password: '123' }],
    ['password', { username: 'alice', password: '' }],
  ])('rejects an empty %s with ClientAuthError before sending anything', async (_, auth) => {
    const server = await startServer();
    const error = await client(server.url, { auth }).get('/').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ClientAuthError);
    expect((error as ClientAuthError).code).toBe(ClientErrorCodes.AUTH_FAILED);
    expect(server.requests).toHaveLength(0);
  });

  it("rejects a username with ':' (RFC 7617) with ClientAuthError before sending anything", async () => {
    const server = await startServer();
    await expect(client(server.url, { auth: { username: 'a:b', password: 'x' } }).get('/')).rejects.toBeInstanceOf(ClientAuthError);
    expect(server.requests).toHaveLength(0);
  });

  it('takes a handler object as auth', async () => {
    const server = await startServer();
    await client(server.url, { auth: new ClientBasicAuthHandler({ username: 'alice', password: '123' }) }).get('/');
    expect(server.requests[0]?.headers.authorization).toBe('Basic YWxpY2U6MTIz');
  });

  it('enrich() sets the authorization header, replacing one in another letter case', async () => {
    const request = { headers: { Authorization: 'old', accept: 'text/plain' } as Record<string, string> };
    const enriched = await new ClientBasicAuthHandler({ username: 'alice', password: '123' }).enrich(request);
    expect(enriched).toBe(request);
    expect(enriched.headers).toEqual({ authorization: 'Basic YWxpY2U6MTIz', accept: 'text/plain' });
  });
});

describe('Bearer token auth', () => {
  it('sends the token as given', async () => {
    const server = await startServer();
    const token = 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In.x-y_z~+/=';
    await client(server.url, { auth: { token } }).get('/foo/bar');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('rejects an empty token with ClientAuthError before sending anything', async () => {
    const server = await startServer();
    await expect(client(server.url, { auth: { token: '' } }).get('/')).rejects.toMatchObject({
      name: 'ClientAuthError',
      code: ClientErrorCodes.AUTH_FAILED,
    });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a token with CR/LF when the client is built', () => {
    expect(() => new Client('https://localhost:9090', { auth: { token: 'abc\r\nx-admin: yes' } })).toThrow(ClientError);
    expect(() => new ClientBearerTokenAuthHandler({ token: 'abc\n' })).toThrow(/control character/);
  });

  it('getSecurityHeaders() and enrich() give the header', async () => {
    const handler = new ClientBearerTokenAuthHandler({ token: 't0k' });
    expect(await handler.getSecurityHeaders()).toEqual({ authorization: 'Bearer t0k' });
    expect((await handler.enrich({ headers: {} })).headers).toEqual({ authorization: 'Bearer t0k' });
  });
});

describe('config that cannot work throws ClientError in the constructor', () => {
  const invalidAuth: Array<[string, unknown, RegExp]> = [
    ['token and username+password', { token: 't', username: 'alice', password: '123' }, /ambiguous.*CredentialsConfig and BearerTokenConfig/],
    ['Basic and self-signed JWT', { username: 'a', password: 'b', signatureConfig: { config: { secret: 'x' } } }, /ambiguous/],
    ['only a username', { username: 'alice' }, /incomplete.*CredentialsConfig also needs 'password'/],
    ['an empty object', {}, /matches no auth record/],
    ['an unknown field', { usrname: 'alice', password: '123' }, /unknown field.*'usrname'/],
    ['a field of another record', { token: 't', issuer: 'me' }, /BearerTokenConfig but has field.*'issuer'/],
    ['not an object', 'alice:123', /must be an object/],
  ];
  it.each(invalidAuth)('auth with %s', (_, auth, message) => {
    let error: unknown;
    try {
      new Client('https://localhost:9090', { auth: auth as ClientAuthConfig });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe(ClientErrorCodes.INVALID_AUTH_CONFIG);
    expect((error as ClientError).message).toMatch(message);
  });

  it.each([
    ['client credentials', { tokenUrl: 'https://as/token', clientId: 'c', clientSecret: 's' }],
    ['password', { tokenUrl: 'https://as/token', username: 'u', password: 'p', clientId: 'c' }],
    ['direct token', { refreshUrl: 'https://as/token', refreshToken: 'r', clientId: 'c', clientSecret: 's' }],
  ] as Array<[string, ClientAuthConfig]>)('OAuth2 %s grant: the Client is built without a request, with the OAuth2 handler', (_, auth) => {
    // https://as/token does not resolve: a constructor that contacted it would throw or hang.
    const client = new Client('https://localhost:9090', { auth });
    return client.close();
  });

  it.each([
    ['ftp://localhost/x', /must be http: or https:/],
    ['localhost:9090', /must be http: or https:/],
    ['not a url', /not an absolute URL/],
    ['https://alice:123@localhost:9090', /must not hold credentials/],
  ])('URL %s', (url, message) => {
    expect(() => new Client(url)).toThrow(message);
    expect(() => new Client(url)).toThrow(expect.objectContaining({ code: ClientErrorCodes.INVALID_URL }));
  });

  it('an unreadable certificate file', () => {
    expect(() => new Client('https://localhost:9090', { secureSocket: { cert: '/nonexistent/ca.crt' } })).toThrow(
      expect.objectContaining({ name: 'ClientError', code: ClientErrorCodes.INVALID_SECURE_SOCKET, cause: expect.anything() }),
    );
  });

  it('a timeout that is not a positive number, HTTP/2 over cleartext, an unknown field', () => {
    expect(() => new Client('https://localhost:9090', { timeout: -1 })).toThrow(ClientError);
    expect(() => new Client('http://localhost:9090', { httpVersion: '2' })).toThrow(/needs an https: URL/);
    expect(() => new Client('https://localhost:9090', { secureSockets: {} } as ClientConfiguration)).toThrow(/unknown field.*'secureSockets'/);
    expect(() => new Client('https://localhost:9090', { customHeaders: { 'x-a': 'b\r\nc: d' } })).toThrow(ClientError);
  });

  it('never touches the network', async () => {
    let connections = 0;
    const listener = createNetServer(() => (connections += 1));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    clients.push(
      new Client(url, { auth: { username: 'alice', password: '123' }, secureSocket: { cert: certs.caCert } }),
      new Client(url, { auth: { signatureConfig: { config: { keyFile: certs.serverKey } } }, httpVersion: '2' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    listener.close();
    expect(connections).toBe(0);
  });
});

describe('payloads', () => {
  it('sends an object as JSON and reads a JSON response', async () => {
    const server = await startServer();
    const res = await client(server.url).post('/items', { name: 'pen', tags: ['a', 'b'] });
    expect(await res.getJsonPayload()).toEqual({
      method: 'POST',
      url: '/items',
      contentType: 'application/json',
      body: '{"name":"pen","tags":["a","b"]}',
    });
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('sends an array as JSON, a string as text, bytes as octets and URLSearchParams as a form', async () => {
    const server = await startServer();
    const c = client(server.url);
    await c.put('/a', [1, 2]);
    await c.post('/t', 'héllo');
    await c.patch('/b', Buffer.from([0x68, 0x69]));
    await c.post('/f', new URLSearchParams({ grant_type: 'password', scope: 'a b' }));
    expect(server.requests.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
      ['PUT', 'application/json', '[1,2]'],
      ['POST', 'text/plain; charset=utf-8', 'héllo'],
      ['PATCH', 'application/octet-stream', 'hi'],
      ['POST', 'application/x-www-form-urlencoded', 'grant_type=password&scope=a+b'],
    ]);
  });

  it("lets the caller's headers override the content type and customHeaders", async () => {
    const server = await startServer();
    const c = client(server.url, { customHeaders: { 'X-Team': 'core', 'x-env': 'test' } });
    await c.post('/x', '<a/>', { headers: { 'Content-Type': 'application/xml', 'x-env': 'prod' } });
    const seen = server.requests[0]!.headers;
    expect(seen['content-type']).toBe('application/xml');
    expect(seen['x-team']).toBe('core');
    expect(seen['x-env']).toBe('prod');
  });

  it('reads text and binary payloads, and refuses a non-JSON body as JSON', async () => {
    const server = await startServer((_, res) => {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('plain ✓');
    });
    const res = await client(server.url).get('/text');
    expect(await res.getTextPayload()).toBe('plain ✓');
    expect(Buffer.from(await res.getBinaryPayload()).toString('utf8')).toBe('plain ✓');
    await expect(res.getJsonPayload()).rejects.toMatchObject({ code: ClientErrorCodes.PAYLOAD });
    expect(await res.getTextPayload()).toBe('plain ✓');
  });

  it('appends request paths to the base path of the URL', async () => {
    const server = await startServer();
    const c = client(`${server.url}/api/`);
    await c.get('/foo/bar?x=1');
    await c.get('baz');
    expect(server.requests.map((r) => r.url)).toEqual(['/api/foo/bar?x=1', '/api/baz']);
  });
});

describe('methods', () => {
  it('head, options and delete', async () => {
    const server = await startServer();
    const c = client(server.url);
    const head = await c.head('/h');
    expect(head.statusCode).toBe(200);
    expect(head.headers['x-seen-method']).toBe('HEAD');
    expect((await head.getBinaryPayload()).byteLength).toBe(0);
    expect(await (await c.options('/o')).getJsonPayload()).toMatchObject({ method: 'OPTIONS', url: '/o' });
    expect(await (await c.delete('/d')).getJsonPayload()).toMatchObject({ method: 'DELETE', body: '' });
    expect(await (await c.delete('/d', { id: 7 })).getJsonPayload()).toMatchObject({ method: 'DELETE', body: '{"id":7}' });
    expect(await (await c.execute('PURGE', '/p')).getJsonPayload()).toMatchObject({ method: 'PURGE' });
  });

  it('resolves with non-2xx responses', async () => {
    const server = await startServer((_, res) => {
      res.statusCode = 404;
      res.end('no such thing');
    });
    const res = await client(server.url).get('/missing');
    expect(res.statusCode).toBe(404);
    expect(await res.getTextPayload()).toBe('no such thing');
  });
});

describe('failures', () => {
  it('times out against a server that never answers, naming the URL and the timeout but no credentials', async () => {
    const server = await startServer(() => undefined);
    const c = client(server.url, { timeout: 0.5, auth: { token: 'sekret-token' } });
    const started = Date.now();
    const error = await c.get('/slow?api_key=hidden').catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).not.toBeInstanceOf(ClientAuthError);
    const { code, message } = error as ClientError;
    expect(code).toBe(ClientErrorCodes.REQUEST_FAILED);
    expect(message).toContain(`GET ${server.url}/slow`);
    expect(message).toContain('0.5 s');
    expect(message).not.toMatch(/sekret|hidden/);
  });

  it('rejects with ClientError and the cause when the connection is refused', async () => {
    const server = await startServer();
    const { url } = server;
    servers.splice(0).forEach((s) => s.close());
    const error = await client(url).get('/').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).message).toMatch(/connection refused/);
    expect((error as ClientError).cause).toBeDefined();
  });

  it('rejects calls after close()', async () => {
    const server = await startServer();
    const c = client(server.url);
    await c.close();
    await expect(c.get('/')).rejects.toThrow(/client is closed/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('retry after 401', () => {
  /** A handler that hands out t1, t2, ... and answers `retry` to a 401. */
  function countingHandler(retry: boolean) {
    const state = { issued: 0, unauthorized: 0, refused: [] as unknown[] };
    const handler: ClientAuthHandler = {
      async getSecurityHeaders() {
        state.issued += 1;
        return { Authorization: `Bearer t${state.issued}` };
      },
      async onUnauthorized(sent) {
        state.unauthorized += 1;
        state.refused.push(sent);
        return retry;
      },
    };
    return { handler, state };
  }

  const refuseAll = (_: SeenRequest, res: ServerResponse) => {
    res.statusCode = 401;
    res.end();
  };

  it('a handler returning true gets exactly one retry with fresh credentials', async () => {
    const server = await startServer(refuseAll);
    const { handler, state } = countingHandler(true);
    const res = await client(server.url, { auth: handler }).post('/x', { a: 1 });
    expect(res.statusCode).toBe(401);
    expect(server.requests.map((r) => [r.headers.authorization, r.body])).toEqual([
      ['Bearer t1', '{"a":1}'],
      ['Bearer t2', '{"a":1}'],
    ]);
    expect(state.unauthorized).toBe(1);
    // The handler learns which credential was refused (lower-case names, as the Client sent them).
    expect(state.refused).toEqual([{ authorization: 'Bearer t1' }]);
  });

  it('the retry succeeds when the fresh credential is accepted', async () => {
    const server = await startServer((req, res) => {
      res.statusCode = req.headers.authorization === 'Bearer t2' ? 200 : 401;
      res.end();
    });
    const res = await client(server.url, { auth: countingHandler(true).handler }).get('/x');
    expect(res.statusCode).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('a handler returning false gets no retry', async () => {
    const server = await startServer(refuseAll);
    const res = await client(server.url, { auth: countingHandler(false).handler }).get('/x');
    expect(res.statusCode).toBe(401);
    expect(server.requests).toHaveLength(1);
  });

  it('a streamed body is not retried', async () => {
    const server = await startServer(refuseAll);
    const { handler, state } = countingHandler(true);
    const res = await client(server.url, { auth: handler }).post('/x', Readable.from([Buffer.from('once')]));
    expect(res.statusCode).toBe(401);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).toBe('once');
    expect(state.unauthorized).toBe(0);
  });

  it('Basic and Bearer handlers do not retry', async () => {
    const server = await startServer(refuseAll);
    await client(server.url, { auth: { username: 'alice', password: 'wrong' } }).get('/x');
    await client(server.url, { auth: { token: 'stale' } }).get('/x');
    expect(server.requests).toHaveLength(2);
  });

  it('a handler that fails makes the call reject with ClientAuthError', async () => {
    const server = await startServer();
    const failing: ClientAuthHandler = {
      getSecurityHeaders: () => Promise.reject(new Error('token endpoint down')),
    };
    await expect(client(server.url, { auth: failing }).get('/x')).rejects.toMatchObject({
      name: 'ClientAuthError',
      message: expect.stringContaining('token endpoint down'),
    });
    expect(server.requests).toHaveLength(0);
  });
});
