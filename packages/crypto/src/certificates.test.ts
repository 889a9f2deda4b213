import { afterAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { thrown } from '../test/expect-crypto-error.js';
import { generateFixtures } from '../test/fixtures.js';
import { loadCertificates } from './certificates.js';

const certs = testCerts();
const fx = generateFixtures(certs);
afterAll(() => fx.cleanup());

describe('loadCertificates', () => {
  it('reads one PEM certificate', () => {
    const [cert, ...rest] = loadCertificates(certs.serverCert);
    expect(rest).toHaveLength(0);
    expect(cert!.subject).toBe('CN=localhost');
  });

  it('reads every certificate of a PEM bundle in order', () => {
    expect(loadCertificates(fx.serverBundle).map((c) => c.subject)).toEqual(['CN=localhost', 'CN=Pointe Test CA']);
  });

  it('reads a DER certificate', () => {
    const [der] = loadCertificates(fx.serverCertDer);
    expect(der!.raw.equals(loadCertificates(certs.serverCert)[0]!.raw)).toBe(true);
  });

  it('skips a key in the same PEM file and refuses a file with no certificate', () => {
    const err = thrown(() => loadCertificates(certs.serverKey));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FORMAT');
    expect(err.message).toMatch(/holds no CERTIFICATE block \(only PRIVATE KEY\)/);
  });

  it.each([['garbage', () => fx.garbage], ['text', () => fx.notPem]])('refuses %s', (_, path) => {
    expect(thrown(() => loadCertificates(path())).code).toBe('POINTE_ERR_CRYPTO_FORMAT');
  });

  it('names the missing file', () => {
    const err = thrown(() => loadCertificates('/nonexistent/ca.crt'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FILE');
    expect(err.message).toBe("cannot read certificate file '/nonexistent/ca.crt': ENOENT: no such file or directory");
  });
});
