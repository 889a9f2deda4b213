/**
 * `jwtValidatorConfig` on real TLS listeners: the seed's "JWT Auth" transcripts, every way a
 * token can be refused (each a 401 with `error="invalid_token"`), JWKS rotation and outage,
 * Basic and JWT elements on one service, the principal's claims, attach-time config errors,
 * and the imperative `ListenerJwtAuthHandler`.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError, Forbidden, Get, Listener, ListenerJwtAuthHandler, ResourceConfig, ServiceConfig, Unauthorized,
  type JwtValidatorConfig, type ListenerAuthConfig, type Principal, type RequestContext,
} from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { b64url, nowS, part, seedClaims, serverPrivateKey, signToken } from './jwt-support.js';
import { basic, call, rawCall, startListener, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
const BEARER = 'Bearer realm="pointe"';
const INVALID_TOKEN = 'Bearer realm="pointe", error="invalid_token"';
const BASIC = 'Basic realm="pointe", charset="UTF-8"';

/** The seed's validator: `issuer: "wso2"`, `audience: "ballerina"`, `certFile`, `scopeKey: "scp"`. */
const seedJwt = (): JwtValidatorConfig => ({
  issuer: 'wso2',
  audience: 'ballerina',
  signatureConfig: { certFile: certs.serverCert },
  scopeKey: 'scp',
});

let serverKey: KeyObject;
let otherKey: KeyObject;
let listener: Listener;
let url: string;
let jwks: { keys: unknown[] };
let jwksServer: Server;
let jwksHits = 0;
let hintServer: Server;
let hintHits = 0;
let hintUrl: string;
const logLines: string[] = [];
let loggingListener: Listener;
let loggingUrl: string;
const handler = new ListenerJwtAuthHandler(seedJwt());

const rs256 = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, key = serverKey) =>
  signToken({ alg: 'RS256', typ: 'JWT', ...header }, claims, key);
const bearer = (token: string) => `Bearer ${token}`;
const get = (path: string, authorization?: string, base = url) =>
  call(`${base}${path}`, { ca: certs.caCert, headers: authorization === undefined ? {} : { authorization } });

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port nothing listens on: the JWKS endpoint that is down. */
async function closedPort(): Promise<number> {
  const probe = createHttpServer();
  const port = await listen(probe);
  await close(probe);
  return port;
}

const jwk = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });

beforeAll(async () => {
  serverKey = serverPrivateKey();
  otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  jwks = { keys: [jwk(serverKey, 'a')] };

  // The identity provider's JWKS endpoint, over TLS with the test CA's certificate.
  jwksServer = createHttpsServer({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) }, (_req, res) => {
    jwksHits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  const jwksUrl = `https://localhost:${await listen(jwksServer)}/jwks`;
  // Where a token's jku/x5u point: it must never be contacted.
  hintServer = createHttpServer((_req, res) => {
    hintHits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk(otherKey, 'evil')] }));
  });
  hintUrl = `http://127.0.0.1:${await listen(hintServer)}`;
  const downUrl = `http://127.0.0.1:${await closedPort()}/jwks`;

  const store = { fileUserStoreConfig: { path: writeConfigToml('[[auth.users]]\nusername="alex"\npassword="password4"\nscopes=["hello"]\n') } };
  const jwksElement = (extra: Partial<JwtValidatorConfig> = {}): ListenerAuthConfig => ({
    jwtValidatorConfig: {
      issuer: 'wso2',
      scopeKey: 'scp',
      signatureConfig: { jwksConfig: { url: jwksUrl, clientConfig: { secureSocket: { cert: certs.caCert }, timeout: 2 }, minRefetchInterval: 0 } },
      ...extra,
    },
    scopes: ['hello'],
  });
  const downElement: ListenerAuthConfig = {
    jwtValidatorConfig: { issuer: 'wso2', scopeKey: 'scp', signatureConfig: { jwksConfig: { url: downUrl, clientConfig: { timeout: 1 } } } },
    scopes: ['hello'],
  };

  // The seed's service, brace for brace, plus resources for the other cases.
  @ServiceConfig({
    auth: [
      {
        jwtValidatorConfig: {
          issuer: 'wso2',
          audience: 'ballerina',
          signatureConfig: {
            certFile: certs.serverCert,
          },
          scopeKey: 'scp',
        },
        scopes: ['hello'],
      },
    ],
  })
  class Foo {
    @Get('bar')
    bar(): string {
      return 'Hello, World!';
    }

    @Get('whoami')
    whoami(ctx: RequestContext): Principal | undefined {
      return ctx.auth;
    }

    @ResourceConfig({ auth: [{ jwtValidatorConfig: { ...seedJwt(), clockSkew: 30 }, scopes: ['hello'] }] })
    @Get('skewed')
    skewed(): string {
      return 'skewed';
    }

    @ResourceConfig({ auth: [{ jwtValidatorConfig: { issuer: 'wso2', signatureConfig: { certFile: certs.serverCert } }, scopes: ['hello'] }] })
    @Get('default-scope-key')
    defaultScopeKey(): string {
      return 'scope claim';
    }

    @ResourceConfig({
      auth: [{ jwtValidatorConfig: { ...seedJwt(), signatureConfig: { trustStoreConfig: { trustStore: { path: certs.trustStoreP12, password: 'changeit' }, certAlias: 'server' } } } }],
    })
    @Get('trust-store')
    trustStore(): string {
      return 'trust store';
    }
  }

  @ServiceConfig({ auth: [jwksElement()] })
  class Jwks {
    @Get('bar')
    bar(): string {
      return 'Hello, JWKS!';
    }

    // Its own validator (another config), so its key cache starts empty whatever ran before.
    @ResourceConfig({ auth: [jwksElement({ audience: 'ballerina' })] })
    @Get('rotation')
    rotation(): string {
      return 'rotated';
    }
  }

  class Down {
    @ResourceConfig({ auth: [downElement] })
    @Get('only')
    only(): string {
      return 'never';
    }

    @ResourceConfig({ auth: [downElement, { jwtValidatorConfig: seedJwt(), scopes: ['hello'] }] })
    @Get('fallback')
    fallback(): string {
      return 'the next element decided';
    }
  }

  @ServiceConfig({ auth: [{ ...store, scopes: ['hello'] }, { jwtValidatorConfig: seedJwt(), scopes: ['hello'] }] })
  class Mixed {
    @Get('whoami')
    whoami(ctx: RequestContext): Principal | undefined {
      return ctx.auth;
    }
  }

  // No declarative auth: the resource checks the token itself, as with Ballerina's handlers.
  class Imperative {
    @Get('bar')
    async bar(ctx: RequestContext): Promise<string> {
      const principal = await handler.authenticate(ctx.request);
      const denied = principal instanceof Unauthorized ? principal : handler.authorize(principal, 'hello');
      if (denied === undefined) return `Hello, ${(principal as Principal).username ?? 'nobody'}!`;
      ctx.reply.code(denied.status).headers(denied.headers);
      return '';
    }
  }

  ({ listener, url } = await startListener([
    [new Foo(), '/foo'],
    [new Jwks(), '/jwks'],
    [new Down(), '/down'],
    [new Mixed(), '/mixed'],
    [new Imperative(), '/imperative'],
  ]));

  const logStream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      callback();
    },
  });
  ({ listener: loggingListener, url: loggingUrl } = await startListener(
    [[new Foo(), '/foo'], [new Down(), '/down']],
    tlsConfig({ logger: { level: 'debug', stream: logStream } }),
  ));
});

afterAll(async () => {
  await Promise.all([listener?.gracefulStop(), loggingListener?.gracefulStop(), handler.close()]);
  await Promise.all([close(jwksServer), close(hintServer)]);
});

/** A 401 for a token that was presented and refused: empty text body and the RFC 6750 `invalid_token` challenge. */
async function expectInvalidToken(token: string, path = '/foo/bar'): Promise<void> {
  const res = await get(path, bearer(token));
  expect(res.status, `token for ${path} should be refused`).toBe(401);
  expect(res.headers['www-authenticate']).toBe(INVALID_TOKEN);
  expect(res.headers['content-length']).toBe('0');
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
}

describe('the seed transcripts: curl -k -v https://localhost:9090/foo/bar', () => {
  it('without authentication information: 401, content-length 0, text/plain, Bearer challenge', async () => {
    const res = await get('/foo/bar');
    expect(res.status).toBe(401);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['www-authenticate']).toBe(BEARER);
    expect(res.body).toBe('');
  });

  it('-H "Authorization: Bearer <token>" without the scope: 403, content-length 0, insufficient_scope', async () => {
    const res = await get('/foo/bar', bearer(rs256(seedClaims({ scp: 'other' }))));
    expect(res.status).toBe(403);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="insufficient_scope", scope="hello"');
  });

  it('-H "Authorization: Bearer <token>" with the scope: 200, content-length 13, Hello, World!', async () => {
    const res = await get('/foo/bar', bearer(rs256(seedClaims())));
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('13');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('Hello, World!');
  });
});

describe('scopes from the scopeKey claim', () => {
  it('reads a space-separated string or an array', async () => {
    expect((await get('/foo/bar', bearer(rs256(seedClaims({ scp: 'read hello write' }))))).status).toBe(200);
    expect((await get('/foo/bar', bearer(rs256(seedClaims({ scp: ['read', 'hello'] }))))).status).toBe(200);
    expect((await get('/foo/bar', bearer(rs256(seedClaims({ scp: 'Hello' }))))).status).toBe(403);
  });

  it('reads scopeKey "scp" only, when configured: a "scope" claim grants nothing', async () => {
    const { scp: _scp, ...noScp } = seedClaims({ scope: 'hello' });
    expect((await get('/foo/bar', bearer(rs256(noScp)))).status).toBe(403);
  });

  it('reads "scope" by default', async () => {
    expect((await get('/foo/default-scope-key', bearer(rs256(seedClaims({ scope: 'hello' }))))).status).toBe(200);
    expect((await get('/foo/default-scope-key', bearer(rs256(seedClaims())))).status).toBe(403);
  });
});

describe('refused tokens: each a 401 with error="invalid_token"', () => {
  it('expired', async () => {
    await expectInvalidToken(rs256(seedClaims({ exp: nowS() - 1 })));
  });

  it('not valid yet', async () => {
    await expectInvalidToken(rs256(seedClaims({ nbf: nowS() + 60 })));
  });

  it('without exp', async () => {
    const { exp: _exp, ...noExp } = seedClaims();
    await expectInvalidToken(rs256(noExp));
  });

  it('clockSkew: 30 passes a token 20 s past exp or before nbf, not 40 s', async () => {
    expect((await get('/foo/skewed', bearer(rs256(seedClaims({ exp: nowS() - 20 }))))).status).toBe(200);
    expect((await get('/foo/skewed', bearer(rs256(seedClaims({ nbf: nowS() + 20 }))))).status).toBe(200);
    await expectInvalidToken(rs256(seedClaims({ exp: nowS() - 40 })), '/foo/skewed');
    await expectInvalidToken(rs256(seedClaims({ nbf: nowS() + 40 })), '/foo/skewed');
    await expectInvalidToken(rs256(seedClaims({ exp: nowS() - 20 })));
  });

  it('another issuer, or none', async () => {
    await expectInvalidToken(rs256(seedClaims({ iss: 'ballerina' })));
    const { iss: _iss, ...noIss } = seedClaims();
    await expectInvalidToken(rs256(noIss));
  });

  it('another audience, or none', async () => {
    await expectInvalidToken(rs256(seedClaims({ aud: ['ballerina.io', 'ballerina.org'] })));
    const { aud: _aud, ...noAud } = seedClaims();
    await expectInvalidToken(rs256(noAud));
  });

  it('a tampered payload (scope raised after signing)', async () => {
    const [header, , signature] = rs256(seedClaims({ scp: 'other' })).split('.');
    await expectInvalidToken(`${header}.${part(seedClaims({ scp: 'hello' }))}.${signature}`);
  });

  it('signed by another key', async () => {
    await expectInvalidToken(rs256(seedClaims(), {}, otherKey));
  });

  it('alg none in every spelling, with an empty or a made-up signature', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const unsigned = `${part({ alg, typ: 'JWT' })}.${part(seedClaims())}`;
      await expectInvalidToken(`${unsigned}.`);
      await expectInvalidToken(`${unsigned}.${b64url('signature')}`);
    }
  });

  it('HS256 signed with the public key\'s text as the secret (key confusion)', async () => {
    const certificatePem = readFileSync(certs.serverCert, 'utf8');
    const publicKeyPem = serverKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    await expectInvalidToken(signToken({ alg: 'HS256', typ: 'JWT' }, seedClaims(), certificatePem));
    await expectInvalidToken(signToken({ alg: 'HS256', typ: 'JWT' }, seedClaims(), publicKeyPem));
  });

  it('a 2-part token, garbage, and a value that is not a token68', async () => {
    const [header, payload] = rs256(seedClaims()).split('.');
    await expectInvalidToken(`${header}.${payload}`);
    await expectInvalidToken('garbage');
    await expectInvalidToken('JlbmMiOiJBMTI4Q0JDLUhTMjU2In');
    await expectInvalidToken(`${header}.${payload}.sig.extra`);
    const res = await get('/foo/bar', 'Bearer not!a&token');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(INVALID_TOKEN);
  });

  it('a critical header it does not understand (RFC 7515 §4.1.11)', async () => {
    await expectInvalidToken(rs256(seedClaims(), { crit: ['pointe-unknown'], 'pointe-unknown': true }));
  });

  it('a jku or x5u pointing at a local server, which is never contacted', async () => {
    const before = hintHits;
    await expectInvalidToken(rs256(seedClaims(), { kid: 'evil', jku: `${hintUrl}/jwks.json` }, otherKey));
    await expectInvalidToken(rs256(seedClaims(), { kid: 'evil', x5u: `${hintUrl}/cert.pem` }, otherKey));
    await expectInvalidToken(rs256(seedClaims(), { kid: 'evil', jku: `${hintUrl}/jwks.json` }, otherKey), '/jwks/bar');
    expect(hintHits).toBe(before);
  });

  it('a path-traversal kid is an opaque name: no key by that name, no file read', async () => {
    await expectInvalidToken(rs256(seedClaims(), { kid: '../../../../etc/passwd' }, otherKey));
    await expectInvalidToken(rs256(seedClaims(), { kid: '../../../../etc/passwd' }), '/jwks/bar');
  });

  it('a Basic credential on a JWT-only resource is a 401 with the plain Bearer challenge', async () => {
    const res = await get('/foo/bar', basic('alex', 'password4'));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(BEARER);
  });
});

describe('signature sources', () => {
  it('the certificate under certAlias in a PKCS#12 trust store', async () => {
    expect((await get('/foo/trust-store', bearer(rs256(seedClaims())))).status).toBe(200);
    await expectInvalidToken(rs256(seedClaims(), {}, otherKey), '/foo/trust-store');
  });

  it('a JWKS endpoint: keys fetched once, refetched for a new kid (rotation), removed keys refused', async () => {
    jwks = { keys: [jwk(serverKey, 'a')] };
    const before = jwksHits;
    const res = await get('/jwks/rotation', bearer(rs256(seedClaims(), { kid: 'a' })));
    expect(res.status).toBe(200);
    expect(res.body).toBe('rotated');
    expect((await get('/jwks/rotation', bearer(rs256(seedClaims(), { kid: 'a' })))).status).toBe(200);
    expect(jwksHits - before).toBe(1);

    // The provider rotates to a new key: a token naming it makes the listener fetch the set again.
    jwks = { keys: [jwk(otherKey, 'b')] };
    expect((await get('/jwks/rotation', bearer(rs256(seedClaims(), { kid: 'b' }, otherKey)))).status).toBe(200);
    expect(jwksHits - before).toBe(2);
    await expectInvalidToken(rs256(seedClaims(), { kid: 'a' }), '/jwks/rotation');
    jwks = { keys: [jwk(serverKey, 'a')] };
  });

  it('a JWKS endpoint that is down: 401, never a 500; the next element still decides', async () => {
    const res = await get('/down/only', bearer(rs256(seedClaims())));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(INVALID_TOKEN);
    expect(res.body).toBe('');
    expect((await get('/down/fallback', bearer(rs256(seedClaims())))).status).toBe(200);
  });
});

describe('Basic and JWT elements on one service', () => {
  /** The `www-authenticate` header lines as sent (Node's client would join them into one). */
  async function challenges(authorization?: string): Promise<{ status: number; challenges: string[] }> {
    const head = `GET /mixed/whoami HTTP/1.1\r\nHost: localhost${authorization === undefined ? '' : `\r\nAuthorization: ${authorization}`}`;
    const { status, text } = await rawCall(listener.port, head, certs.caCert);
    return { status, challenges: [...text.matchAll(/^www-authenticate: (.*)\r$/gim)].map((m) => m[1]!) };
  }

  it('a Basic credential goes to the file store, a Bearer token to the JWT validator', async () => {
    const viaBasic = await get('/mixed/whoami', basic('alex', 'password4'));
    expect(JSON.parse(viaBasic.body)).toEqual({ scheme: 'basic', username: 'alex', scopes: ['hello'] });
    const viaJwt = await get('/mixed/whoami', bearer(rs256(seedClaims())));
    expect(JSON.parse(viaJwt.body)).toMatchObject({ scheme: 'jwt', username: 'wso2', scopes: ['hello'] });
  });

  it('a 401 lists both schemes; a refused token marks only the Bearer challenge invalid_token', async () => {
    expect(await challenges()).toEqual({ status: 401, challenges: [BASIC, BEARER] });
    expect(await challenges(basic('alex', 'wrong'))).toEqual({ status: 401, challenges: [BASIC, BEARER] });
    expect(await challenges(bearer(rs256(seedClaims({ exp: nowS() - 1 }))))).toEqual({ status: 401, challenges: [BASIC, INVALID_TOKEN] });
  });

  it('a Bearer token without the scope is a 403 with the insufficient_scope challenge', async () => {
    const res = await get('/mixed/whoami', bearer(rs256(seedClaims({ scp: 'other' }))));
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="insufficient_scope", scope="hello"');
  });
});

describe('the principal', () => {
  it('carries scheme jwt, sub as username, the scopes, and the validated claims', async () => {
    const claims = seedClaims({ scp: 'hello extra', tenant: { id: 7 } });
    const res = await get('/foo/whoami', bearer(rs256(claims)));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ scheme: 'jwt', username: 'wso2', scopes: ['hello', 'extra'], claims });
  });

  it('has no username when the token has no sub', async () => {
    const { sub: _sub, ...noSub } = seedClaims();
    const principal = JSON.parse((await get('/foo/whoami', bearer(rs256(noSub)))).body) as Principal;
    expect(principal.username).toBeUndefined();
    expect(principal.claims).toEqual(noSub);
  });
});

describe('the debug log', () => {
  it('says why a token was refused, and never contains the token', async () => {
    const token = rs256(seedClaims({ exp: nowS() - 1 }));
    expect((await get('/foo/bar', bearer(token), loggingUrl)).status).toBe(401);
    const log = logLines.join('');
    expect(log).toMatch(/JWT not accepted \(expired\)/);
    for (const piece of token.split('.')) expect(log).not.toContain(piece);
  });

  it('reports a JWKS endpoint that is down as a backend error, not as a refused token', async () => {
    logLines.length = 0;
    const token = rs256(seedClaims());
    expect((await get('/down/only', bearer(token), loggingUrl)).status).toBe(401);
    const entries = logLines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(entries.some((e) => e.level === 40 && /backend error/.test(e.msg))).toBe(true);
    expect(entries.some((e) => /JWT not checked, the JWKS is unavailable: JWKS http:\/\/127\.0\.0\.1:\d+\/jwks: cannot fetch/.test(e.msg))).toBe(true);
    for (const piece of token.split('.')) expect(logLines.join('')).not.toContain(piece);
  });
});

describe('attach-time configuration errors', () => {
  function attachError(auth: unknown, onResource = false): ConfigError {
    const element = auth as ListenerAuthConfig;
    @ServiceConfig(onResource ? {} : { auth: [element] })
    class Bad {
      @ResourceConfig(onResource ? { auth: [element] } : {})
      @Get('bar')
      bar(): string {
        return 'never';
      }
    }
    const fresh = new Listener(0, tlsConfig());
    let error: unknown;
    try {
      fresh.attach(new Bad(), '/bad');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }

  it('no signature source: POINTE_ERR_JWT_CONFIG naming the service and the field', () => {
    for (const jwtValidatorConfig of [{ issuer: 'wso2', signatureConfig: {} }, { issuer: 'wso2' }]) {
      const error = attachError({ jwtValidatorConfig });
      expect(error.code).toBe('POINTE_ERR_JWT_CONFIG');
      expect(error.message).toMatch(/^service '\/bad': ServiceConfig\.auth\[0\]\.jwtValidatorConfig\.signatureConfig: /);
      expect(error.message).toMatch(/certFile, trustStoreConfig or secret/);
    }
  });

  it('an unreadable certFile: POINTE_ERR_JWT_CONFIG naming the resource, the field and the path', () => {
    const error = attachError({ jwtValidatorConfig: { signatureConfig: { certFile: '/nonexistent/public.crt' } } }, true);
    expect(error.code).toBe('POINTE_ERR_JWT_CONFIG');
    expect(error.message).toContain("service '/bad' resource 'get bar': ResourceConfig.auth[0].jwtValidatorConfig.signatureConfig.certFile");
    expect(error.message).toContain('/nonexistent/public.crt');
    expect(error.cause).toBeInstanceOf(ConfigError);
  });

  it('a trust store without the alias, and an HMAC secret too short: POINTE_ERR_JWT_CONFIG', () => {
    const noAlias = attachError({
      jwtValidatorConfig: { signatureConfig: { trustStoreConfig: { trustStore: { path: certs.trustStoreP12, password: 'changeit' }, certAlias: 'nobody' } } },
    });
    expect(noAlias.code).toBe('POINTE_ERR_JWT_CONFIG');
    expect(noAlias.message).toContain('trustStoreConfig.certAlias');
    const short = attachError({ jwtValidatorConfig: { signatureConfig: { secret: 'too short' } } });
    expect(short.code).toBe('POINTE_ERR_JWT_CONFIG');
    expect(short.message).toContain('signatureConfig.secret');
  });

  it('an unknown field, at any depth: POINTE_ERR_INVALID_AUTH_CONFIG naming it', () => {
    const top = attachError({ jwtValidatorConfig: { isuer: 'wso2', signatureConfig: { certFile: certs.serverCert } } });
    expect(top.code).toBe('POINTE_ERR_INVALID_AUTH_CONFIG');
    expect(top.message).toContain("service '/bad': ServiceConfig.auth[0].jwtValidatorConfig has unknown field 'isuer'");
    const nested = attachError({ jwtValidatorConfig: { signatureConfig: { certfile: certs.serverCert } } }, true);
    expect(nested.code).toBe('POINTE_ERR_INVALID_AUTH_CONFIG');
    expect(nested.message).toContain("resource 'get bar': ResourceConfig.auth[0].jwtValidatorConfig.signatureConfig has unknown field 'certfile'");
    const deep = attachError({ jwtValidatorConfig: { signatureConfig: { jwksConfig: { url: 'https://idp.example/jwks', clientConfig: { timout: 1 } } } } });
    expect(deep.message).toContain("jwtValidatorConfig.signatureConfig.jwksConfig.clientConfig has unknown field 'timout'");
  });

  it('a jwtValidatorConfig that is not an object: POINTE_ERR_INVALID_AUTH_CONFIG', () => {
    const error = attachError({ jwtValidatorConfig: 'certs/public.crt' });
    expect(error.code).toBe('POINTE_ERR_INVALID_AUTH_CONFIG');
    expect(error.message).toContain('ServiceConfig.auth[0].jwtValidatorConfig must be an object');
  });

  it('a misspelled field is a compile error too', () => {
    const typo: ListenerAuthConfig = {
      // @ts-expect-error: 'isuer' is not a field of JwtValidatorConfig
      jwtValidatorConfig: { isuer: 'wso2', signatureConfig: { certFile: 'public.crt' } },
    };
    expect(typo).toBeDefined();
  });
});

describe('ListenerJwtAuthHandler', () => {
  it('inside a resource: authenticate, then authorize', async () => {
    expect((await get('/imperative/bar', bearer(rs256(seedClaims())))).body).toBe('Hello, wso2!');
    const forbidden = await get('/imperative/bar', bearer(rs256(seedClaims({ scp: 'other' }))));
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toBe('Bearer realm="pointe", error="insufficient_scope", scope="hello"');
    const refused = await get('/imperative/bar', bearer(rs256(seedClaims({ exp: nowS() - 1 }))));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe(INVALID_TOKEN);
  });

  it('authenticate() takes a header value or a request, and answers Unauthorized with the challenge', async () => {
    const token = rs256(seedClaims());
    const principal = await handler.authenticate(bearer(token));
    expect(principal).toMatchObject({ scheme: 'jwt', username: 'wso2', scopes: ['hello'], claims: { iss: 'wso2', aud: 'ballerina' } });
    expect(await handler.authenticate({ headers: { authorization: bearer(token) } })).toEqual(principal);

    const missing = await handler.authenticate({ headers: {} });
    expect(missing).toBeInstanceOf(Unauthorized);
    expect((missing as Unauthorized).headers['www-authenticate']).toEqual([BEARER]);
    const wrongScheme = await handler.authenticate(basic('alex', 'password4'));
    expect((wrongScheme as Unauthorized).headers['www-authenticate']).toEqual([BEARER]);
    const tampered = await handler.authenticate(bearer(rs256(seedClaims(), {}, otherKey)));
    expect(tampered).toBeInstanceOf(Unauthorized);
    expect((tampered as Unauthorized).status).toBe(401);
    expect((tampered as Unauthorized).headers['www-authenticate']).toEqual([INVALID_TOKEN]);
  });

  it('authorize() checks any-of or all-of scopes, with the insufficient_scope challenge', async () => {
    const principal = (await handler.authenticate(bearer(rs256(seedClaims({ scp: 'hello read' }))))) as Principal;
    expect(handler.authorize(principal, 'hello')).toBeUndefined();
    expect(handler.authorize(principal, ['admin', 'read'])).toBeUndefined();
    expect(handler.authorize(principal, ['hello', 'read'], true)).toBeUndefined();
    const denied = handler.authorize(principal, ['hello', 'admin'], true);
    expect(denied).toBeInstanceOf(Forbidden);
    expect(denied!.headers['www-authenticate']).toBe('Bearer realm="pointe", error="insufficient_scope", scope="hello admin"');
  });

  it('a JWKS endpoint that is down: Unauthorized, not a thrown error', async () => {
    const down = new ListenerJwtAuthHandler({ signatureConfig: { jwksConfig: { url: `http://127.0.0.1:${await closedPort()}/jwks`, clientConfig: { timeout: 1 } } } });
    try {
      expect(await down.authenticate(bearer(rs256(seedClaims())))).toBeInstanceOf(Unauthorized);
    } finally {
      await down.close();
    }
  });

  it('a config that cannot work throws at construction', () => {
    expect(() => new ListenerJwtAuthHandler({ signatureConfig: {} })).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_JWT_CONFIG', message: expect.stringContaining('ListenerJwtAuthHandler: config.signatureConfig') }),
    );
    expect(() => new ListenerJwtAuthHandler({ signatureConfig: { certFile: '/nonexistent/public.crt' } })).toThrow(
      expect.objectContaining({ code: 'POINTE_ERR_JWT_CONFIG' }),
    );
    expect(() => new ListenerJwtAuthHandler({ audiences: 'x', signatureConfig: { certFile: certs.serverCert } } as unknown as JwtValidatorConfig)).toThrow(
      expect.objectContaining({
        code: 'POINTE_ERR_INVALID_AUTH_CONFIG',
        message: expect.stringMatching(/^ListenerJwtAuthHandler: config has unknown field 'audiences'/),
      }),
    );
  });
});
