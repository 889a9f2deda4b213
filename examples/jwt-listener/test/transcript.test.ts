/**
 * Replays the seed's "JWT Auth" curl transcripts against this example over TLS. The tokens are
 * issued with Pointe's own self-signed JWT handler, signed with the listener's private key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSelfSignedJwtAuthHandler, type JwtIssuerConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { startExample, withEnv } from '../../../test-support/examples.js';

const certs = testCerts();
let ex: Awaited<ReturnType<typeof startExample>>;

beforeAll(async () => {
  // The service's certFile is read when its module loads.
  const { Foo } = await withEnv({ POINTE_CERT_FILE: certs.serverCert }, () => import('../src/service.js'));
  ex = await startExample(new Foo());
});
afterAll(async () => {
  await ex.listener.gracefulStop();
});

/** `Bearer <token>` for a JWT with the seed's issuer and audience, signed with the listener's key. */
async function bearer(extra: Partial<JwtIssuerConfig> = {}): Promise<string> {
  const handler = new ClientSelfSignedJwtAuthHandler({
    username: 'wso2',
    issuer: 'wso2',
    audience: 'ballerina',
    customClaims: { scp: 'hello' },
    signatureConfig: { config: { keyFile: certs.serverKey } },
    ...extra,
  });
  return (await handler.getSecurityHeaders()).authorization!;
}

describe('curl -k -v https://localhost:9090/foo/bar', () => {
  it('without authentication information: 401 Unauthorized, content-length 0, text/plain', async () => {
    const res = await ex.get('/foo/bar');
    expect(res.status).toBe(401);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe"');
  });

  it('with invalid authentication information: 401 Unauthorized, error="invalid_token"', async () => {
    for (const authorization of [
      'Bearer JlbmMiOiJBMTI4Q0JDLUhTMjU2In',
      await bearer({ issuer: 'ballerina' }),
      await bearer({ audience: 'ballerina.io' }),
      await bearer({ signatureConfig: { config: { keyFile: certs.clientKey } } }),
    ]) {
      const res = await ex.get('/foo/bar', authorization);
      expect(res.status).toBe(401);
      expect(res.headers['content-length']).toBe('0');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="invalid_token"');
    }
  });

  it('-H "Authorization: Bearer <token>" without the permission: 403 Forbidden, content-length 0', async () => {
    const res = await ex.get('/foo/bar', await bearer({ customClaims: { scp: 'other' } }));
    expect(res.status).toBe(403);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="pointe", error="insufficient_scope", scope="hello"');
  });

  it('-H "Authorization: Bearer <token>" with the permission: 200 OK, content-length 13, Hello, World!', async () => {
    const res = await ex.get('/foo/bar', await bearer());
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('13');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('Hello, World!');
  });
});
