/**
 * The seed's Bearer-token client end to end against the seed's JWT-secured service
 * (examples/jwt-listener) over TLS: a JWT the service accepts gets 200, the seed's literal
 * opaque token 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSelfSignedJwtAuthHandler } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { runMain, startExample, withEnv } from '../../../test-support/examples.js';
import { SEED_TOKEN, securedClient } from '../src/client.js';

const certs = testCerts();
let ex: Awaited<ReturnType<typeof startExample>>;
let url: string;
let token: string;

beforeAll(async () => {
  const { Foo } = await withEnv({ POINTE_CERT_FILE: certs.serverCert }, () => import('../../jwt-listener/src/service.js'));
  ex = await startExample(new Foo());
  url = `https://localhost:${ex.listener.port}`;
  // A token as an identity provider would hand it out: signed with the key the service trusts.
  const issuer = new ClientSelfSignedJwtAuthHandler({
    username: 'alice',
    issuer: 'wso2',
    audience: 'ballerina',
    customClaims: { scp: 'hello' },
    signatureConfig: { config: { keyFile: certs.serverKey } },
  });
  token = (await issuer.getSecurityHeaders()).authorization!.slice('Bearer '.length);
});
afterAll(async () => {
  await ex.listener.gracefulStop();
});

describe('securedEP->get("/foo/bar") with { token }', () => {
  it('a JWT the service accepts: 200 Hello, World!', async () => {
    const securedEP = securedClient(url, certs.caCert, token);
    try {
      const response = await securedEP.get('/foo/bar');
      expect(response.statusCode).toBe(200);
      expect(await response.getTextPayload()).toBe('Hello, World!');
    } finally {
      await securedEP.close();
    }
  });

  it('main prints the status code, 200', async () => {
    const printed = await runMain(() => import('../src/main.js'), { POINTE_URL: url, POINTE_CERT_FILE: certs.caCert, POINTE_TOKEN: token });
    expect(printed).toEqual({ log: ['200'], error: [] });
  });

  it('the seed\'s token "JlbmMiOiJBMTI4Q0JDLUhTMjU2In", which is no JWT: 401 with error="invalid_token"', async () => {
    const securedEP = securedClient(url, certs.caCert);
    try {
      const response = await securedEP.get('/foo/bar');
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="pointe", error="invalid_token"');
      expect(await response.getTextPayload()).toBe('');
    } finally {
      await securedEP.close();
    }
    expect(SEED_TOKEN).toBe('JlbmMiOiJBMTI4Q0JDLUhTMjU2In');
  });
});
