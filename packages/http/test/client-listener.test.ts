/**
 * The Client against real Pointe listeners: mutual TLS with `mutualSsl: REQUIRE`, Basic auth
 * through the file store, and the client's view of 401/403 (status and challenge, no throw).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ClientError, Get, Listener, ServiceConfig, type RequestContext } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { SEED_USERS, startListener, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
let mtls: Listener;
let secured: Listener;

beforeAll(async () => {
  class Whoami {
    @Get('bar')
    bar(ctx: RequestContext): string {
      return `client cert: ${(ctx.raw.raw.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN ?? 'none'}`;
    }
  }
  mtls = (await startListener([[new Whoami(), '/foo']], tlsConfig({
    secureSocket: {
      key: { certFile: certs.serverCert, keyFile: certs.serverKey },
      mutualSsl: { verifyClient: 'REQUIRE', cert: certs.caCert },
    },
  }))).listener;

  const path = writeConfigToml(SEED_USERS);
  @ServiceConfig({ auth: [{ fileUserStoreConfig: { path }, scopes: ['scope1'] }] })
  class Foo {
    @Get('bar')
    bar(ctx: RequestContext): string {
      return `Hello, ${ctx.auth?.username}!`;
    }
  }
  secured = (await startListener([[new Foo(), '/foo']])).listener;
});

afterAll(async () => {
  await Promise.all([mtls.immediateStop(), secured.immediateStop()]);
});

describe('mutual TLS against a mutualSsl: REQUIRE listener', () => {
  it('a client with secureSocket.key (PEM) is accepted and identified', async () => {
    const client = new Client(`https://localhost:${mtls.port}`, {
      secureSocket: { cert: certs.caCert, key: { certFile: certs.clientCert, keyFile: certs.clientKey } },
    });
    const res = await client.get('/foo/bar');
    expect(res.statusCode).toBe(200);
    expect(await res.getTextPayload()).toBe('client cert: pointe-client');
    await client.close();
  });

  it('a client with a PKCS#12 key store is accepted', async () => {
    const client = new Client(`https://localhost:${mtls.port}`, {
      secureSocket: { cert: certs.caCert, key: { path: certs.clientP12, password: 'changeit' } },
    });
    expect((await client.get('/foo/bar')).statusCode).toBe(200);
    await client.close();
  });

  it('a client without a certificate is refused with a ClientError', async () => {
    const client = new Client(`https://localhost:${mtls.port}`, { secureSocket: { cert: certs.caCert } });
    await expect(client.get('/foo/bar')).rejects.toBeInstanceOf(ClientError);
    await client.close();
  });
});

describe('Basic auth against the file store', () => {
  it('the seed client block: 200 for a user with the scope, 403 without, 401 with a wrong password', async () => {
    const call = async (username: string, password: string) => {
      const client = new Client(`https://localhost:${secured.port}`, { auth: { username, password }, secureSocket: { cert: certs.caCert } });
      try {
        return await client.get('/foo/bar');
      } finally {
        await client.close();
      }
    };
    const ok = await call('alice', 'password1');
    expect(ok.statusCode).toBe(200);
    expect(await ok.getTextPayload()).toBe('Hello, alice!');
    expect((await call('bob', 'password2')).statusCode).toBe(403);
    const denied = await call('alice', 'wrong');
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Basic realm="pointe", charset="UTF-8"');
  });
});
