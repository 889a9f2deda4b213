/**
 * Replays the seed's "OAuth2" listener transcripts against this example over TLS, with a real
 * authorization server (the development STS, oidc-provider, over HTTPS) introspecting the tokens:
 * no header 401, a token without `hello` 403, a token with `hello` 200 `Hello, World!`, an
 * unknown or revoked token 401 `invalid_token`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { startExample, withEnv } from '../../../test-support/examples.js';
import { STS_CLIENTS, type Sts, fetchToken, revoke, startTestSts } from '../../../test-support/sts.js';

const certs = testCerts();
let sts: Sts;
let ex: Awaited<ReturnType<typeof startExample>>;

beforeAll(async () => {
  sts = await startTestSts({ tls: { key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.serverCert, 'utf8') } });
  const stsUrl = sts.url.replace('127.0.0.1', 'localhost');
  const { Foo } = await withEnv({ POINTE_STS_URL: stsUrl, POINTE_CERT_FILE: certs.caCert }, () => import('../src/service.js'));
  ex = await startExample(new Foo());
}, 60_000);
afterAll(async () => {
  await ex?.listener.gracefulStop();
  await sts?.stop();
});

/** `Bearer <token>` for a client-credentials token of the seed's client with `scope`. */
const bearer = async (scope: string) =>
  `Bearer ${(await fetchToken(sts, STS_CLIENTS.seed, { grant_type: 'client_credentials', scope }, certs.caCert)).access_token}`;

describe('curl -k -v https://localhost:9090/foo/bar', () => {
  it('without authentication information: 401 Unauthorized, content-length 0', async () => {
    const res = await ex.get('/foo/bar');
    expect(res.status).toBe(401);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe"');
  });

  it('with invalid authentication information (an unknown, then a revoked token): 401, error="invalid_token"', async () => {
    const revoked = await bearer('hello');
    await revoke(sts, STS_CLIENTS.seed, revoked.slice('Bearer '.length), certs.caCert);
    for (const authorization of ['Bearer 56ede317-4511-44b4-8579-a08f094ee8c5', revoked]) {
      const res = await ex.get('/foo/bar', authorization);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="invalid_token"');
    }
  });

  it('a token without hello: 403 Forbidden, insufficient_scope', async () => {
    const res = await ex.get('/foo/bar', await bearer('read'));
    expect(res.status).toBe(403);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="insufficient_scope", scope="hello"');
  });

  it('a token with hello: 200 OK, Hello, World!', async () => {
    const res = await ex.get('/foo/bar', await bearer('hello'));
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('13');
    expect(res.body).toBe('Hello, World!');
    // Each request was introspected at the STS, as the resource server `introspector`.
    const introspection = sts.requests.filter((r) => r.path.endsWith('/introspect')).at(-1)!;
    expect(introspection.form['token_type_hint']).toBe('access_token');
  });
});
