/**
 * Self-signed JWT client auth against a real HTTPS server: the token verifies with the
 * public key and carries every configured claim; it is reused while fresh, issued once for
 * concurrent first calls, and replaced (new `jti`) shortly before it expires or after a 401.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, importX509, jwtVerify } from 'jose';
import type { JwtIssuerConfig } from '@pointe/jwt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Client, ClientSelfSignedJwtAuthHandler } from '../src/client/index.js';
import { ClientError, ClientErrorCodes } from '../src/errors.js';
import { testCerts } from '../../../test-support/certs.js';
import { expectLate401KeepsFresh } from './support.js';

const certs = testCerts();
const servers: Server[] = [];
const clients: Client[] = [];

beforeEach(() => {
  // Only the clock: sockets and the client's timeouts keep running on real timers.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** An HTTPS server recording the bearer tokens it receives; `status` picks the answer. */
async function startServer(status: (token: string, index: number) => number = () => 200) {
  const tokens: string[] = [];
  const server = createServer({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) }, (req, res: ServerResponse) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    tokens.push(token);
    res.statusCode = status(token, tokens.length - 1);
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, tokens };
}

function client(url: string, auth: JwtIssuerConfig): Client {
  const created = new Client(url, { auth, secureSocket: { cert: certs.caCert } });
  clients.push(created);
  return created;
}

const signatureConfig = () => ({ config: { keyFile: certs.serverKey } });

describe('self-signed JWT auth', () => {
  it('sends a JWT that verifies with the public key and carries every configured claim', async () => {
    const server = await startServer();
    const res = await client(server.url, {
      username: 'wso2',
      issuer: 'ballerina',
      audience: ['ballerina', 'ballerina.org', 'ballerina.io'],
      jwtId: 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In',
      keyId: '5a0b754-895f-4279-8843-b745e11a57e9',
      customClaims: { scp: 'hello', nested: { level: 2 } },
      expTime: 3600,
      signatureConfig: { algorithm: 'RS256', config: { keyFile: certs.serverKey } },
    }).get('/foo/bar');
    expect(res.statusCode).toBe(200);

    const publicKey = await importX509(readFileSync(certs.serverCert, 'utf8'), 'RS256');
    const { payload, protectedHeader } = await jwtVerify(server.tokens[0]!, publicKey, {
      issuer: 'ballerina',
      audience: 'ballerina.io',
      subject: 'wso2',
      algorithms: ['RS256'],
      currentDate: new Date(),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: '5a0b754-895f-4279-8843-b745e11a57e9' });
    expect(payload).toMatchObject({
      sub: 'wso2',
      iss: 'ballerina',
      aud: ['ballerina', 'ballerina.org', 'ballerina.io'],
      jti: 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In',
      scp: 'hello',
      nested: { level: 2 },
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.nbf).toBe(payload.iat);
  });

  it('reuses one token for later calls', async () => {
    const server = await startServer();
    const c = client(server.url, { username: 'alice', signatureConfig: signatureConfig() });
    await c.get('/a');
    vi.advanceTimersByTime(60_000);
    await c.get('/b');
    expect(server.tokens).toHaveLength(2);
    expect(server.tokens[1]).toBe(server.tokens[0]);
  });

  it('issues one token for concurrent first calls', async () => {
    const server = await startServer();
    const c = client(server.url, { username: 'alice', signatureConfig: signatureConfig() });
    await Promise.all(Array.from({ length: 5 }, (_, i) => c.get(`/${i}`)));
    expect(new Set(server.tokens).size).toBe(1);
  });

  it('issues a new token with a new jti shortly before the old one expires', async () => {
    const server = await startServer();
    // expTime 300 s: renewed 30 s (the smaller of 10 % and 30 s) before it expires.
    const c = client(server.url, { username: 'alice', expTime: 300, signatureConfig: signatureConfig() });
    await c.get('/1');
    vi.advanceTimersByTime(265_000);
    await c.get('/2');
    vi.advanceTimersByTime(6_000);
    await c.get('/3');
    const [first, second, third] = server.tokens.map((token) => decodeJwt(token));
    expect(second!.jti).toBe(first!.jti);
    expect(third!.jti).not.toBe(first!.jti);
    expect(third!.iat! - first!.iat!).toBeGreaterThanOrEqual(270);
  });

  it('renews a short-lived token 10 % of its lifetime before it expires', async () => {
    const server = await startServer();
    const c = client(server.url, { username: 'alice', expTime: 20, signatureConfig: signatureConfig() });
    await c.get('/1');
    vi.advanceTimersByTime(16_000);
    await c.get('/2');
    vi.advanceTimersByTime(3_000);
    await c.get('/3');
    expect(server.tokens[1]).toBe(server.tokens[0]);
    expect(server.tokens[2]).not.toBe(server.tokens[0]);
  });

  it('after a 401 retries once with a newly issued token', async () => {
    const server = await startServer((_, index) => (index === 0 ? 401 : 200));
    const c = client(server.url, { username: 'alice', signatureConfig: signatureConfig() });
    expect((await c.get('/x')).statusCode).toBe(200);
    expect(server.tokens).toHaveLength(2);
    expect(decodeJwt(server.tokens[1]!).jti).not.toBe(decodeJwt(server.tokens[0]!).jti);
  });

  it('signs with a key from a PKCS#12 key store', async () => {
    const server = await startServer();
    await client(server.url, {
      issuer: 'pointe',
      signatureConfig: { config: { keyStore: { path: certs.serverP12, password: 'changeit' }, keyAlias: 'pointe', keyPassword: 'changeit' } },
    }).get('/');
    const publicKey = await importX509(readFileSync(certs.serverCert, 'utf8'), 'RS256');
    await expect(jwtVerify(server.tokens[0]!, publicKey, { issuer: 'pointe' })).resolves.toBeDefined();
  });

  it('a key file that cannot be read fails the constructor with ClientError', () => {
    let error: unknown;
    try {
      new Client('https://localhost:9090', { auth: { signatureConfig: { config: { keyFile: '/nonexistent/key.pem' } } } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe(ClientErrorCodes.INVALID_AUTH_CONFIG);
    expect((error as ClientError).cause).toBeDefined();
  });

  it('a late 401 for a token reissued since keeps the new one; a 401 for the current one drops it', async () => {
    const handler = new ClientSelfSignedJwtAuthHandler({ username: 'bob', signatureConfig: signatureConfig() });
    const second = await expectLate401KeepsFresh(handler);
    await handler.onUnauthorized(second);
    expect(await handler.getSecurityHeaders()).not.toEqual(second);
  });

  it('enrich() sets a bearer JWT on a request', async () => {
    const handler = new ClientSelfSignedJwtAuthHandler({ username: 'bob', signatureConfig: signatureConfig() });
    const request = await handler.enrich({ headers: { accept: '*/*' } as Record<string, string> });
    expect(request.headers.accept).toBe('*/*');
    expect(decodeJwt(request.headers.authorization!.replace(/^Bearer /, '')).sub).toBe('bob');
  });
});
