/**
 * The Listener itself: TLS from PEM, encrypted PEM and PKCS#12, mutual TLS, port 0, graceful
 * and immediate stop, and configuration errors that fail attach()/start() with a code.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Get, Listener, ResourceConfig, ServiceConfig, type ListenerAuthConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { basic, call, SEED_USERS, startListener, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
const started: Listener[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((l) => l.immediateStop()));
});

class Hello {
  @Get('bar')
  bar(): string {
    return 'Hello, World!';
  }
}

async function serve(config = tlsConfig(), service: object = new Hello()) {
  const s = await startListener([[service, '/foo']], config);
  started.push(s.listener);
  return s;
}

describe('TLS', () => {
  it('port 0 binds a free port that listener.port reports', async () => {
    const { listener } = await serve();
    expect(listener.port).toBeGreaterThan(0);
    const res = await call(`https://localhost:${listener.port}/foo/bar`, { ca: certs.caCert });
    expect(res.body).toBe('Hello, World!');
  });

  it('serves from a PKCS#12 key store', async () => {
    const { url } = await serve({ host: '127.0.0.1', secureSocket: { key: { path: certs.serverP12, password: 'changeit' } } });
    expect((await call(`${url}/foo/bar`, { ca: certs.caCert })).status).toBe(200);
  });

  it('serves from an encrypted PEM key with keyPassword', async () => {
    const { url } = await serve({
      host: '127.0.0.1',
      secureSocket: { key: { certFile: certs.serverCert, keyFile: certs.serverKeyEncrypted, keyPassword: 'keypass' } },
    });
    expect((await call(`${url}/foo/bar`, { ca: certs.caCert })).status).toBe(200);
  });

  it('a client that does not trust the server certificate fails the handshake', async () => {
    const { url } = await serve();
    await expect(call(`${url}/foo/bar`, { ca: certs.rogueCert })).rejects.toThrow();
  });
});

describe('mutual TLS', () => {
  const mtls = (verifyClient: 'REQUIRE' | 'OPTIONAL') => tlsConfig({
    secureSocket: { key: { certFile: certs.serverCert, keyFile: certs.serverKey }, mutualSsl: { verifyClient, cert: certs.caCert } },
  });

  it('REQUIRE rejects a client without a certificate and accepts one with a trusted certificate', async () => {
    const { url } = await serve(mtls('REQUIRE'));
    await expect(call(`${url}/foo/bar`, { ca: certs.caCert })).rejects.toThrow();
    const res = await call(`${url}/foo/bar`, { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey });
    expect(res.status).toBe(200);
  });

  it('REQUIRE rejects a certificate the trusted CA did not sign', async () => {
    const { url } = await serve(mtls('REQUIRE'));
    await expect(call(`${url}/foo/bar`, { ca: certs.caCert, cert: certs.rogueCert, key: certs.rogueKey })).rejects.toThrow();
  });

  it('OPTIONAL accepts a client without a certificate', async () => {
    const { url } = await serve(mtls('OPTIONAL'));
    expect((await call(`${url}/foo/bar`, { ca: certs.caCert })).status).toBe(200);
  });

  it('trusts client CAs from a PKCS#12 trust store', async () => {
    const { url } = await serve(tlsConfig({
      secureSocket: {
        key: { certFile: certs.serverCert, keyFile: certs.serverKey },
        mutualSsl: { verifyClient: 'REQUIRE', cert: { path: certs.trustStoreP12, password: 'changeit' } },
      },
    }));
    // The trust store holds the server certificate only, so the CA-signed client is not trusted.
    await expect(call(`${url}/foo/bar`, { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey })).rejects.toThrow();
  });
});

describe('stopping', () => {
  it('gracefulStop lets an in-flight request finish and refuses new connections', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    class Slow {
      @Get('slow')
      async slow(): Promise<string> {
        entered();
        await new Promise<void>((r) => (release = r));
        return 'finished';
      }
    }
    const { listener, url } = await serve(tlsConfig(), new Slow());
    const inFlight = call(`${url}/foo/slow`, { ca: certs.caCert });
    await inside;
    const stopping = listener.gracefulStop();
    await new Promise((r) => setTimeout(r, 50));
    await expect(call(`${url}/foo/slow`, { ca: certs.caCert })).rejects.toThrow();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body).toBe('finished');
    await stopping;
  });

  /** A listener whose `/foo/hang` never answers, with one request already inside it. */
  async function hangingRequest() {
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    class Hang {
      @Get('hang')
      async hang(): Promise<string> {
        entered();
        return new Promise<string>(() => undefined);
      }
    }
    const { listener, url } = await serve(tlsConfig(), new Hang());
    const inFlight = call(`${url}/foo/hang`, { ca: certs.caCert });
    await inside;
    return { listener, inFlight };
  }

  it('gracefulStop with a timeout closes a connection still busy after it', async () => {
    const { listener, inFlight } = await hangingRequest();
    const started = Date.now();
    await listener.gracefulStop(0.2);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(inFlight).rejects.toThrow();
  });

  it('immediateStop cuts an in-flight request', async () => {
    const { listener, inFlight } = await hangingRequest();
    await listener.immediateStop();
    await expect(inFlight).rejects.toThrow();
  });
});

describe('configuration errors fail attach() or start() with a code', () => {
  it('bad TOML in the user store fails attach with POINTE_ERR_CONFIG_TOML naming the file', () => {
    const path = writeConfigToml('[[auth.users]\nusername="alice"\n');
    @ServiceConfig({ auth: [{ fileUserStoreConfig: { path } }] })
    class S {
      @Get('bar')
      bar() {
        return 'x';
      }
    }
    const listener = new Listener(0, tlsConfig());
    expect(() => listener.attach(new S(), '/foo')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_CONFIG_TOML', message: expect.stringContaining(path) }));
  });

  it('a user without a password fails attach, naming file and line', () => {
    const path = writeConfigToml('[[auth.users]]\nusername="alice"\n');
    @ServiceConfig({ auth: [{ fileUserStoreConfig: { path } }] })
    class S {
      @Get('bar')
      bar() {
        return 'x';
      }
    }
    expect(() => new Listener(0, tlsConfig()).attach(new S(), '/foo')).toThrow(/Config\.toml:1/);
  });

  it('auth: { scopes } without service auth fails attach', () => {
    class S {
      @ResourceConfig({ auth: { scopes: ['hello'] } })
      @Get('bar')
      bar() {
        return 'x';
      }
    }
    expect(() => new Listener(0, tlsConfig()).attach(new S(), '/foo')).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_SCOPES_WITHOUT_SERVICE_AUTH', message: expect.stringContaining("service '/foo' resource 'get bar'") }),
    );
  });

  it.each([
    ['an unknown mechanism field', [{ fileUserStoreConfg: {} }]],
    ['two mechanisms in one element', [{ fileUserStoreConfig: {}, jwtValidatorConfig: {} }]],
    ['no mechanism', [{ scopes: ['a'] }]],
    ['an empty scopes array', [{ fileUserStoreConfig: {}, scopes: [] }]],
    ['a scope with a quote', [{ fileUserStoreConfig: {}, scopes: ['a"b'] }]],
    ['an unknown field in fileUserStoreConfig', [{ fileUserStoreConfig: { file: 'x' } }]],
  ])('%s fails attach with POINTE_ERR_INVALID_AUTH_CONFIG', (_name, auth) => {
    @ServiceConfig({ auth: auth as unknown as ListenerAuthConfig[] })
    class S {
      @Get('bar')
      bar() {
        return 'x';
      }
    }
    expect(() => new Listener(0, tlsConfig()).attach(new S(), '/foo')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG' }));
  });

  it('a bad service auth fails attach even when every resource overrides it', () => {
    @ServiceConfig({ auth: [{ fileUserStoreConfg: {} }] as unknown as ListenerAuthConfig[] })
    class S {
      @ResourceConfig({ auth: false })
      @Get('bar')
      bar() {
        return 'x';
      }
    }
    expect(() => new Listener(0, tlsConfig()).attach(new S(), '/foo')).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG', message: expect.stringContaining("service '/foo': ServiceConfig.auth[0]") }),
    );
  });

  it('an unreadable certificate fails start with POINTE_ERR_INVALID_SECURE_SOCKET naming the field', async () => {
    const listener = new Listener(0, tlsConfig({ secureSocket: { key: { certFile: '/nonexistent/public.crt', keyFile: certs.serverKey } } }));
    listener.attach(new Hello(), '/foo');
    await expect(listener.start()).rejects.toMatchObject({
      code: 'POINTE_ERR_INVALID_SECURE_SOCKET',
      message: expect.stringContaining('secureSocket.key.certFile'),
    });
  });

  it('a wrong key store password fails start and does not echo the password', async () => {
    const listener = new Listener(0, tlsConfig({ secureSocket: { key: { path: certs.serverP12, password: 'wrong-secret-xyz' } } }));
    listener.attach(new Hello(), '/foo');
    const err = await listener.start().catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'POINTE_ERR_INVALID_SECURE_SOCKET' });
    expect((err as Error).message).not.toContain('wrong-secret-xyz');
  });

  it('a certificate file that is not PEM fails start', async () => {
    const bad = writeConfigToml('x');
    writeFileSync(bad, 'not a certificate');
    const listener = new Listener(0, tlsConfig({ secureSocket: { key: { certFile: bad, keyFile: certs.serverKey } } }));
    listener.attach(new Hello(), '/foo');
    await expect(listener.start()).rejects.toMatchObject({ code: 'POINTE_ERR_INVALID_SECURE_SOCKET' });
  });

  it('two resources on one route fail attach with POINTE_ERR_DUPLICATE_ROUTE', () => {
    const listener = new Listener(0, tlsConfig());
    listener.attach(new Hello(), '/foo');
    expect(() => listener.attach(new Hello(), '/foo')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_DUPLICATE_ROUTE' }));
  });

  it('a class without resources fails attach', () => {
    expect(() => new Listener(0, tlsConfig()).attach(new (class Empty {})(), '/x')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_NO_RESOURCES' }));
  });
});

describe('the file user store by default', () => {
  it('reads Config.toml from POINTE_CONFIG_FILES', async () => {
    const path = writeConfigToml(SEED_USERS);
    const previous = process.env.POINTE_CONFIG_FILES;
    process.env.POINTE_CONFIG_FILES = path;
    try {
      @ServiceConfig({ auth: [{ fileUserStoreConfig: {}, scopes: ['scope1'] }] })
      class S {
        @Get('bar')
        bar() {
          return 'ok';
        }
      }
      const { url } = await serve(tlsConfig(), new S());
      expect((await call(`${url}/foo/bar`, { ca: certs.caCert, headers: { authorization: basic('alice', 'password1') } })).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.POINTE_CONFIG_FILES;
      else process.env.POINTE_CONFIG_FILES = previous;
    }
  });
});
