// One benchmark server per process: `node server.mjs <scenario> <configDir>`; prints
// `{"port":N}` once listening. Plain HTTP on 127.0.0.1 for every scenario, so the ratios
// measure the framework and the auth work, not TLS (which costs every scenario the same).
import { createPublicKey, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Fastify from 'fastify';
import fastifyJwt from '@fastify/jwt';
import fastifyBasicAuth from '@fastify/basic-auth';
import { verify as argon2Verify } from '@node-rs/argon2';
import { Get, Listener, ServiceConfig } from '@pointe/http';
import { startHonoJwt, startNestPassportJwt } from './peers.mjs';

const [scenario, configDir] = process.argv.slice(2);
const BODY = 'Hello, World!';

/** Applies the decorators by hand: this file is plain JavaScript. */
function service(auth) {
  class Foo {
    bar() {
      return BODY;
    }
  }
  Get('bar')(Foo.prototype, 'bar', Object.getOwnPropertyDescriptor(Foo.prototype, 'bar'));
  if (auth !== undefined) ServiceConfig({ auth })(Foo);
  return new Foo();
}

async function startPointe(auth, config = {}) {
  const listener = new Listener(0, { host: '127.0.0.1', ...config });
  listener.attach(service(auth), '/foo');
  await listener.start();
  return listener.port;
}

// The seed's JWT listener config: issuer wso2, audience ballerina, scopes in `scp`.
const jwtConfig = (cache) => ({
  issuer: 'wso2',
  audience: 'ballerina',
  signatureConfig: { certFile: `${configDir}/jwt.crt` },
  scopeKey: 'scp',
  ...(cache ? { cacheConfig: { capacity: typeof cache === 'number' ? cache : 1000 } } : {}),
});

/** The JWT checks every peer makes: RS256 with the listener's certificate, iss wso2, aud ballerina, exp required, scope hello in `scp`. */
const hasScope = (payload) => typeof payload?.scp === 'string' && payload.scp.split(' ').includes('hello');

async function fastifyJwtServer(cache) {
  // The same checks by hand with @fastify/jwt (fast-jwt; its verified-token cache off by
  // default, `cache: true` is its LRU of 1000 tokens).
  const app = Fastify({ logger: false });
  await app.register(fastifyJwt, {
    secret: { public: readFileSync(`${configDir}/jwt.crt`) },
    verify: { algorithms: ['RS256'], allowedIss: 'wso2', allowedAud: 'ballerina', requiredClaims: ['exp'], ...(cache ? { cache: true } : {}) },
  });
  app.get('/foo/bar', {
    onRequest: async (request, reply) => {
      let payload;
      try {
        payload = await request.jwtVerify();
      } catch {
        return reply.code(401).header('www-authenticate', 'Bearer realm="fastify"').type('text/plain').send('');
      }
      if (!hasScope(payload)) return reply.code(403).type('text/plain').send('');
    },
  }, async () => BODY);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server.address().port;
}

const scenarios = {
  async 'fastify-bare'() {
    const app = Fastify({ logger: false });
    app.get('/foo/bar', async () => BODY);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app.server.address().port;
  },
  'pointe-public': () => startPointe(undefined),
  'pointe-basic-plain': () => startPointe([{ fileUserStoreConfig: { path: `${configDir}/plain.toml` }, scopes: ['hello'] }]),
  'pointe-basic-plain-nomemo': () =>
    startPointe([{ fileUserStoreConfig: { path: `${configDir}/plain.toml` }, scopes: ['hello'] }], { authMemo: false }),
  'pointe-basic-argon2id': () => startPointe([{ fileUserStoreConfig: { path: `${configDir}/argon2id.toml` }, scopes: ['hello'] }]),
  'pointe-basic-argon2id-nomemo': () =>
    startPointe([{ fileUserStoreConfig: { path: `${configDir}/argon2id.toml` }, scopes: ['hello'] }], { authMemo: false }),
  // LDAP: the record comes from the row's setup (its slapd), in POINTE_BENCH_LDAP.
  'pointe-ldap': () => startPointe([{ ldapUserStoreConfig: JSON.parse(process.env.POINTE_BENCH_LDAP), scopes: ['hello'] }]),
  'pointe-ldap-nomemo': () =>
    startPointe([{ ldapUserStoreConfig: JSON.parse(process.env.POINTE_BENCH_LDAP), scopes: ['hello'] }], { authMemo: false }),
  // OAuth2 introspection: the record comes from the row's setup (its STS), in POINTE_BENCH_INTROSPECTION.
  'pointe-introspection': () => startPointe([{ oauth2IntrospectionConfig: JSON.parse(process.env.POINTE_BENCH_INTROSPECTION), scopes: ['hello'] }]),
  'pointe-introspection-nomemo': () =>
    startPointe([{ oauth2IntrospectionConfig: JSON.parse(process.env.POINTE_BENCH_INTROSPECTION), scopes: ['hello'] }], { authMemo: false }),
  'pointe-jwt-cached': () => startPointe([{ jwtValidatorConfig: jwtConfig(true), scopes: ['hello'] }]),
  'pointe-jwt-cached-nomemo': () => startPointe([{ jwtValidatorConfig: jwtConfig(true), scopes: ['hello'] }], { authMemo: false }),
  'pointe-jwt-uncached': () => startPointe([{ jwtValidatorConfig: jwtConfig(false), scopes: ['hello'] }]),
  'fastify-jwt': () => fastifyJwtServer(false),
  'fastify-jwt-cache': () => fastifyJwtServer(true),
  async 'node-http'() {
    const server = createServer((req, res) => {
      if (req.url === '/foo/bar') res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(BODY);
      else res.writeHead(404).end();
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server.address().port;
  },
  async 'fastify-basic-auth'() {
    // @fastify/basic-auth validating against the same argon2id hash with the library Pointe
    // uses (@node-rs/argon2): it has no cache, so every request verifies the hash.
    const hash = /password="([^"]+)"/.exec(readFileSync(`${configDir}/argon2id.toml`, 'utf8'))[1];
    const app = Fastify({ logger: false });
    await app.register(fastifyBasicAuth, {
      authenticate: { realm: 'fastify' },
      async validate(username, password) {
        if (username !== 'alex' || !(await argon2Verify(hash, password))) throw new Error('unauthorized');
      },
    });
    app.get('/foo/bar', { onRequest: app.basicAuth }, async () => BODY);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app.server.address().port;
  },
  'nest-passport-jwt': () => startNestPassportJwt({ publicKey: createPublicKey(readFileSync(`${configDir}/jwt.crt`)), body: BODY, hasScope }),
  async 'hono-jwt'() {
    // A CryptoKey imported once, so Hono does not re-import the PEM per request.
    const spki = createPublicKey(readFileSync(`${configDir}/jwt.crt`)).export({ type: 'spki', format: 'der' });
    const key = await webcrypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    return startHonoJwt({ key, body: BODY, hasScope });
  },
  // The memory phase: a token cache of 10,000 entries, fed far more distinct tokens.
  // HS256 (signed by run.mjs in microseconds, so 100,000 tokens take no time to make); the
  // tokens are padded to the length of the RS256 token, so each cache entry is as large.
  'pointe-jwt-memory': () =>
    startPointe([{
      jwtValidatorConfig: { ...jwtConfig(10_000), signatureConfig: { secret: readFileSync(`${configDir}/hs256.secret`, 'utf8') } },
      scopes: ['hello'],
    }], { authMemo: false }),
};

const start = scenarios[scenario];
if (start === undefined) {
  console.error(`unknown scenario ${scenario}; one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
process.emitWarning = () => undefined; // the plain-HTTP warning is expected here
const port = await start();
console.log(JSON.stringify({ port }));
process.on('SIGTERM', () => process.exit(0));
