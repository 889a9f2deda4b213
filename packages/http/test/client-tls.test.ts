/**
 * The Client's `secureSocket` against real TLS servers (node:https, node:http2): whom it
 * trusts (a CA file, a server certificate, a PKCS#12 trust store, the system CAs, nobody
 * with `disable`) and the client certificate it presents for mutual TLS (PEM pair or PKCS#12).
 */
import { readFileSync } from 'node:fs';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type ClientConfiguration } from '../src/client/index.js';
import { ClientError, ClientErrorCodes } from '../src/errors.js';
import { testCerts } from '../../../test-support/certs.js';

const certs = testCerts();
const servers: Array<Server | Http2SecureServer> = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close();
  }
});

/** An HTTPS server answering 200 with the CN of the client certificate (or `none`). */
async function startServer(options: ServerOptions): Promise<string> {
  const server = createServer(options, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    res.end(peer?.subject?.CN ?? 'none');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const testCaServer = () => startServer({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) });
const rogueServer = () => startServer({ key: readFileSync(certs.rogueKey), cert: readFileSync(certs.rogueCert) });
/** A server that wants a client certificate signed by the test CA and refuses the handshake without one. */
const mutualTlsServer = () =>
  startServer({
    key: readFileSync(certs.serverKey),
    cert: readFileSync(certs.serverCert),
    ca: readFileSync(certs.caCert),
    requestCert: true,
    rejectUnauthorized: true,
  });

function client(url: string, config: ClientConfiguration): Client {
  const created = new Client(url, { timeout: 5, ...config });
  clients.push(created);
  return created;
}

async function getText(url: string, config: ClientConfiguration): Promise<string> {
  const res = await client(url, config).get('/');
  expect(res.statusCode).toBe(200);
  return res.getTextPayload();
}

async function failure(url: string, config: ClientConfiguration): Promise<ClientError> {
  const error = await client(url, config)
    .get('/')
    .then(() => undefined, (err: unknown) => err);
  expect(error).toBeInstanceOf(ClientError);
  expect((error as ClientError).code).toBe(ClientErrorCodes.REQUEST_FAILED);
  expect((error as ClientError).cause).toBeDefined();
  return error as ClientError;
}

describe('server verification', () => {
  it('secureSocket.cert = the CA file trusts a server certificate it signed', async () => {
    expect(await getText(await testCaServer(), { secureSocket: { cert: certs.caCert } })).toBe('none');
  });

  it("secureSocket.cert = the server's own certificate trusts that server", async () => {
    expect(await getText(await testCaServer(), { secureSocket: { cert: certs.serverCert } })).toBe('none');
  });

  it('a PKCS#12 trust store holding the server certificate trusts that server', async () => {
    const url = await testCaServer();
    expect(await getText(url, { secureSocket: { cert: { path: certs.trustStoreP12, password: 'changeit' } } })).toBe('none');
  });

  it('without secureSocket the system CAs are used, and the test CA is not among them', async () => {
    const error = await failure(await testCaServer(), {});
    expect(error.message).toMatch(/TLS certificate is not trusted/);
  });

  it('a self-signed server the CA did not sign is refused', async () => {
    const error = await failure(await rogueServer(), { secureSocket: { cert: certs.caCert } });
    expect(error.message).toMatch(/not trusted.*secureSocket\.cert/);
  });

  it('disable: true accepts any server certificate', async () => {
    expect(await getText(await rogueServer(), { secureSocket: { disable: true } })).toBe('none');
  });

  it('a trust store with a wrong password fails the constructor', () => {
    expect(() => new Client('https://localhost:1', { secureSocket: { cert: { path: certs.trustStoreP12, password: 'wrong' } } })).toThrow(
      expect.objectContaining({ code: ClientErrorCodes.INVALID_SECURE_SOCKET }),
    );
  });
});

describe('mutual TLS', () => {
  it('presents a PEM certificate and key', async () => {
    const url = await mutualTlsServer();
    const cn = await getText(url, {
      secureSocket: { cert: certs.caCert, key: { certFile: certs.clientCert, keyFile: certs.clientKey } },
    });
    expect(cn).toBe('pointe-client');
  });

  it('presents the key entry of a PKCS#12 key store', async () => {
    const url = await mutualTlsServer();
    const cn = await getText(url, { secureSocket: { cert: certs.caCert, key: { path: certs.clientP12, password: 'changeit' } } });
    expect(cn).toBe('pointe-client');
  });

  it('is refused without a client certificate', async () => {
    await failure(await mutualTlsServer(), { secureSocket: { cert: certs.caCert } });
  });

  it('a key file that cannot be read fails the constructor', () => {
    expect(
      () =>
        new Client('https://localhost:1', {
          secureSocket: { key: { certFile: certs.clientCert, keyFile: '/nonexistent/client.key' } },
        }),
    ).toThrow(expect.objectContaining({ name: 'ClientError', code: ClientErrorCodes.INVALID_SECURE_SOCKET }));
  });
});

describe('HTTP/2', () => {
  it("httpVersion '2' talks HTTP/2 to a server that only speaks HTTP/2", async () => {
    const server = createSecureServer({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) }, (req, res) => {
      res.end(`HTTP/${req.httpVersion}`);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await getText(url, { httpVersion: '2', secureSocket: { cert: certs.caCert } })).toBe('HTTP/2.0');
  });
});
