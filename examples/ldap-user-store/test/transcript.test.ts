/**
 * Replays the seed's LDAP curl transcripts against this example over TLS, with the example's
 * record pointed at a real slapd (test-support/slapd.ts) through its environment variables:
 * no credential → 401, a user without the group `hello` → 403, a user in it → 200. Then runs
 * `main.ts` itself against the same server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { runMain, startExample, withEnv } from '../../../test-support/examples.js';
import { call, basic } from '../../../test-support/https.js';
import { LDAP_SERVICE, LDAP_SUFFIX, type Slapd, startSlapd } from '../../../test-support/slapd.js';

const certs = testCerts();
let slapd: Slapd;
let ex: Awaited<ReturnType<typeof startExample>>;
let ldapEnv: Record<string, string>;

beforeAll(async () => {
  slapd = await startSlapd({ certFile: certs.serverCert, keyFile: certs.serverKey });
  ldapEnv = {
    POINTE_LDAP_URL: slapd.url,
    POINTE_LDAP_BIND_DN: LDAP_SERVICE.dn,
    POINTE_LDAP_BIND_PASSWORD: LDAP_SERVICE.password,
    POINTE_LDAP_SUFFIX: LDAP_SUFFIX,
  };
  // The decorator reads the environment when the class is defined: import it with the variables set.
  const { Foo } = await withEnv(ldapEnv, () => import('../src/service.js'));
  ex = await startExample(new Foo());
}, 600_000);

afterAll(async () => {
  await ex?.listener.gracefulStop();
  await slapd?.close();
});

describe('curl -k -v https://localhost:9090/foo/bar', () => {
  it('without authentication information: 401 Unauthorized, content-length 0, text/plain, the Basic challenge', async () => {
    const res = await ex.get('/foo/bar');
    expect(res.status).toBe(401);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
  });

  it('with invalid authentication information: 401 Unauthorized', async () => {
    expect((await ex.get('/foo/bar', basic('alice', 'wrong'))).status).toBe(401);
    expect((await ex.get('/foo/bar', basic('nobody', 'alice-pass'))).status).toBe(401);
  });

  it('-H "Authorization: Basic <token>" of a user without the group hello: 403 Forbidden, content-length 0', async () => {
    const res = await ex.get('/foo/bar', basic('carol', 'carol-pass'));
    expect(res.status).toBe(403);
    expect(res.headers['content-length']).toBe('0');
  });

  it('-H "Authorization: Basic <token>" of a user in the group hello: 200 OK, Hello, World!', async () => {
    for (const user of ['alice', 'bob']) {
      const res = await ex.get('/foo/bar', basic(user, `${user}-pass`));
      expect(res.status).toBe(200);
      expect(res.headers['content-length']).toBe('13');
      expect(res.body).toBe('Hello, World!');
    }
  });
});

describe('main.ts', () => {
  it('starts the service against the directory of its environment', async () => {
    const printed = await runMain(() => import('../src/main.js'), {
      ...ldapEnv, PORT: '0', HOST: '127.0.0.1', POINTE_CERT_FILE: certs.serverCert, POINTE_KEY_FILE: certs.serverKey,
    });
    const { securedEP } = await import('../src/main.js');
    try {
      expect(printed.error).toEqual([]);
      expect(printed.log).toEqual([`listening on https://localhost:${securedEP.port}/foo/bar`]);
      const at = (authorization: string) => call(`https://localhost:${securedEP.port}/foo/bar`, { ca: certs.caCert, headers: { authorization } });
      expect((await at(basic('bob', 'bob-pass'))).status).toBe(200);
      expect((await at(basic('carol', 'carol-pass'))).status).toBe(403);
    } finally {
      await securedEP.gracefulStop();
    }
  });
});
