// One benchmark server per process: `node server.mjs <scenario> <configDir>`; prints
// `{"port":N}` once listening. Plain HTTP on 127.0.0.1 for every scenario, so the ratios
// measure the framework and the auth work, not TLS (which costs every scenario the same).
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import fastifyJwt from '@fastify/jwt';
import { Get, Listener, ServiceConfig } from '@pointe/http';

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
  ...(cache ? { cacheConfig: { capacity: 1000 } } : {}),
});

const scenarios = {
  async 'fastify-bare'() {
    const app = Fastify({ logger: false });
    app.get('/foo/bar', async () => BODY);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app.server.address().port;
  },
  'pointe-public': () => startPointe(undefined),
  'pointe-basic-plain': () => startPointe([{ fileUserStoreConfig: { path: `${configDir}/plain.toml` }, scopes: ['hello'] }]),
  'pointe-basic-argon2id': () => startPointe([{ fileUserStoreConfig: { path: `${configDir}/argon2id.toml` }, scopes: ['hello'] }]),
  'pointe-basic-argon2id-nomemo': () =>
    startPointe([{ fileUserStoreConfig: { path: `${configDir}/argon2id.toml` }, scopes: ['hello'] }], { authMemo: false }),
  'pointe-jwt-cached': () => startPointe([{ jwtValidatorConfig: jwtConfig(true), scopes: ['hello'] }]),
  'pointe-jwt-cached-nomemo': () => startPointe([{ jwtValidatorConfig: jwtConfig(true), scopes: ['hello'] }], { authMemo: false }),
  'pointe-jwt-uncached': () => startPointe([{ jwtValidatorConfig: jwtConfig(false), scopes: ['hello'] }]),
  async 'fastify-jwt'() {
    // The same checks by hand with @fastify/jwt (fast-jwt, its cache off as by default).
    const app = Fastify({ logger: false });
    await app.register(fastifyJwt, {
      secret: { public: readFileSync(`${configDir}/jwt.crt`) },
      verify: { algorithms: ['RS256'], allowedIss: 'wso2', allowedAud: 'ballerina', requiredClaims: ['exp'] },
    });
    app.get('/foo/bar', {
      onRequest: async (request, reply) => {
        let payload;
        try {
          payload = await request.jwtVerify();
        } catch {
          return reply.code(401).header('www-authenticate', 'Bearer realm="fastify"').type('text/plain').send('');
        }
        const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
        if (!scopes.includes('hello')) return reply.code(403).type('text/plain').send('');
      },
    }, async () => BODY);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app.server.address().port;
  },
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
