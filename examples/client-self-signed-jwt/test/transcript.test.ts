/**
 * The seed's self-signed JWT client end to end: it calls the seed's JWT-secured service
 * (examples/jwt-listener) on a Pointe listener over TLS, which verifies the JWT with the
 * certificate of the client's signing key and reads the scopes from `scp`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { runMain, startExample, withEnv } from '../../../test-support/examples.js';
import { jwtIssuerConfig, securedClient } from '../src/client.js';

const certs = testCerts();
let ex: Awaited<ReturnType<typeof startExample>>;
let url: string;

beforeAll(async () => {
  const { Foo } = await withEnv({ POINTE_CERT_FILE: certs.serverCert }, () => import('../../jwt-listener/src/service.js'));
  ex = await startExample(new Foo());
  url = `https://localhost:${ex.listener.port}`;
});
afterAll(async () => {
  await ex.listener.gracefulStop();
});

/** GET /foo/bar with `client`, then closes it. */
async function getFooBar(client: Client) {
  try {
    const response = await client.get('/foo/bar');
    return { statusCode: response.statusCode, headers: response.headers, body: await response.getTextPayload() };
  } finally {
    await client.close();
  }
}

describe('securedEP->get("/foo/bar") with a self-signed JWT', () => {
  it('with customClaims { scp: "hello" }: 200 Hello, World!', async () => {
    const res = await getFooBar(securedClient(url, certs.caCert, certs.serverKey));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('Hello, World!');
  });

  it('main prints the status code, 200', async () => {
    const printed = await runMain(() => import('../src/main.js'), {
      POINTE_URL: url,
      POINTE_CERT_FILE: certs.caCert,
      POINTE_KEY_FILE: certs.serverKey,
    });
    expect(printed).toEqual({ log: ['200'], error: [] });
  });

  it('with customClaims { scp: "other" }: 403 with the insufficient_scope challenge', async () => {
    const auth = { ...jwtIssuerConfig(certs.serverKey), customClaims: { scp: 'other' } };
    const res = await getFooBar(new Client(url, { auth, secureSocket: { cert: certs.caCert } }));
    expect(res.statusCode).toBe(403);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="insufficient_scope", scope="hello"');
  });

  it('with the seed\'s literal issuer "ballerina": 401, since the service expects "wso2"', async () => {
    const auth = { ...jwtIssuerConfig(certs.serverKey), issuer: 'ballerina' };
    const res = await getFooBar(new Client(url, { auth, secureSocket: { cert: certs.caCert } }));
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="invalid_token"');
  });

  it('signed with a key the service does not trust: 401', async () => {
    const res = await getFooBar(securedClient(url, certs.caCert, certs.clientKey));
    expect(res.statusCode).toBe(401);
  });
});
