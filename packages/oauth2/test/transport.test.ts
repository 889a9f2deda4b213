/**
 * The transport's TLS and HTTP version: the STS served over HTTPS with the run's test
 * certificates (trusted by `secureSocket.cert`, refused without it, accepted with
 * `disable`), a client certificate presented for mutual TLS, and HTTP/2 negotiated by ALPN.
 */
import { readFileSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuth2ErrorCode, OAuth2IntrospectionValidator, createTokenManager, type OAuth2IntrospectionClientConfig } from '@pointe/oauth2';
import { testCerts } from '../../../test-support/certs.js';
import { STS_CLIENTS, type Sts, startTestSts } from '../../../test-support/sts.js';

const certs = testCerts();
let sts: Sts;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sts = await startTestSts({ tls: { key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.serverCert, 'utf8') } });
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await sts.stop();
});

const { introspector, seed } = STS_CLIENTS;
const rejection = async (promise: unknown) => Promise.resolve(promise).then(() => undefined, (e: unknown) => e);

function validator(url: string, clientConfig: OAuth2IntrospectionClientConfig): OAuth2IntrospectionValidator {
  const created = new OAuth2IntrospectionValidator({ url, clientConfig });
  closers.push(() => created.close());
  return created;
}

/** A token from the HTTPS STS, through the token manager trusting the test CA. */
async function token(): Promise<string> {
  const tokens = createTokenManager({ tokenUrl: sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret, scopes: 'hello', clientConfig: { secureSocket: { cert: certs.caCert } } });
  closers.push(() => tokens.close());
  return tokens.token();
}

const auth = { username: introspector.clientId, password: introspector.clientSecret };

describe('TLS towards the authorization server', () => {
  it('secureSocket.cert trusts the test CA: token and introspection over HTTPS', async () => {
    expect(sts.url).toMatch(/^https:/);
    const result = await validator(sts.introspectionUrl, { auth, secureSocket: { cert: certs.caCert } }).validate(await token());
    expect(result.scopes).toEqual(['hello']);
  });

  it('without secureSocket the system CAs are used and the test CA is refused: UNREACHABLE, not active', async () => {
    const error = await rejection(validator(sts.introspectionUrl, { auth }).validate('whatever'));
    expect(error).toMatchObject({ code: OAuth2ErrorCode.UNREACHABLE });
  });

  it('a trust store (PKCS#12) works as secureSocket.cert', async () => {
    const result = await validator(sts.introspectionUrl, { auth, secureSocket: { cert: { path: certs.trustStoreP12, password: 'changeit' } } }).validate(await token());
    expect(result.active).toBe(true);
  });

  it('disable: true accepts the certificate unchecked', async () => {
    expect((await validator(sts.introspectionUrl, { auth, secureSocket: { disable: true } }).validate(await token())).active).toBe(true);
  });

  it('secureSocket.key presents a client certificate (mutual TLS)', async () => {
    let peer: string | undefined;
    const server = createHttpsServer(
      { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert), requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        peer = String((req.socket as TLSSocket).getPeerCertificate().subject?.CN);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"active":true}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
    const check = validator(url, { secureSocket: { cert: certs.caCert, key: { certFile: certs.clientCert, keyFile: certs.clientKey } } });
    expect((await check.validate('tok')).active).toBe(true);
    expect(peer).toBe('pointe-client');
    expect(await rejection(validator(url, { secureSocket: { cert: certs.caCert } }).validate('tok'))).toMatchObject({ code: OAuth2ErrorCode.UNREACHABLE });
  });

  it("httpVersion '2' negotiates HTTP/2 by ALPN; '1.1' stays on HTTP/1.1", async () => {
    const versions: string[] = [];
    const server = createSecureServer({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), allowHTTP1: true }, (req, res) => {
      versions.push(req.httpVersion);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"active":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
    await validator(url, { httpVersion: '2', secureSocket: { cert: certs.caCert } }).validate('tok');
    await validator(url, { httpVersion: '1.1', secureSocket: { cert: certs.caCert } }).validate('tok');
    expect(versions).toEqual(['2.0', '1.1']);
  });
});
