import { X509Certificate } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { connect, createSecureContext, createServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { thrown } from '../test/expect-crypto-error.js';
import { generateFixtures } from '../test/fixtures.js';
import { loadCertificates } from './certificates.js';
import { certKeyToPem, keyStoreToPem, trustStoreToPem } from './tls-pem.js';

const certs = testCerts();
const fx = generateFixtures(certs);
afterAll(() => fx.cleanup());

const server = { path: certs.serverP12, password: 'changeit' };
const caPem = loadCertificates(certs.caCert)[0]!.toString();

describe('keyStoreToPem', () => {
  it('gives the key, the chain leaf first, and the store\'s other certificates', () => {
    const { key, cert, ca } = keyStoreToPem(server, 'pointe');
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(cert.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(new X509Certificate(cert).subject).toBe('CN=localhost');
    expect(ca).toEqual([caPem]);
  });

  it.each(['OpenSSL 3 default (test-support)', '-legacy (3DES key, RC2-40 certificates, SHA-1 MAC)', 'EC P-256 key', 'Ed25519 key'])(
    'output of %s is accepted by tls.createSecureContext',
    (name) => {
      const { path, password } = fx.keyStores[name]!;
      const { key, cert, ca } = keyStoreToPem({ path, password });
      expect(() => createSecureContext({ key, cert, ...(ca.length > 0 ? { ca } : {}) })).not.toThrow();
    },
  );

  it('carries a mutual-TLS handshake: server and client from key stores, client trust from a trust store', async () => {
    const serverPem = keyStoreToPem(server);
    const clientPem = keyStoreToPem({ path: certs.clientP12, password: 'changeit' });
    const tlsServer = createServer({ key: serverPem.key, cert: serverPem.cert, ca: serverPem.ca, requestCert: true, rejectUnauthorized: true },
      (socket) => socket.end(`hello ${socket.getPeerCertificate().subject.CN}`));
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect({
          host: '127.0.0.1', port: (tlsServer.address() as AddressInfo).port, servername: 'localhost',
          key: clientPem.key, cert: clientPem.cert, ca: trustStoreToPem(fx.namedTrustStore),
        });
        let data = '';
        socket.on('data', (chunk: Buffer) => { data += chunk.toString(); });
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(reply).toBe('hello pointe-client');
    } finally {
      await new Promise((resolve) => tlsServer.close(resolve));
    }
  });

  it('needs an alias when the store has no single key', () => {
    const err = thrown(() => keyStoreToPem({ path: certs.trustStoreP12, password: 'changeit' }));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_ALIAS');
    expect(err.message).toMatch(/holds no private key/);
  });

  it('lists the aliases for an unknown alias', () => {
    const err = thrown(() => keyStoreToPem(server, 'missing'));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_ALIAS');
    expect(err.message).toContain("its aliases: 'pointe'");
  });
});

describe('trustStoreToPem', () => {
  it('gives the trust store\'s server certificate', () => {
    expect(trustStoreToPem({ path: certs.trustStoreP12, password: 'changeit' }))
      .toEqual([loadCertificates(certs.serverCert)[0]!.toString()]);
  });

  it('refuses a wrong password', () => {
    expect(thrown(() => trustStoreToPem({ path: certs.trustStoreP12, password: 'nope' })).code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
  });
});

describe('certKeyToPem', () => {
  it('gives an encrypted key decrypted, with its certificate', () => {
    const { key, cert } = certKeyToPem({ certFile: certs.serverCert, keyFile: certs.serverKeyEncrypted, keyPassword: 'keypass' });
    expect(() => createSecureContext({ key, cert })).not.toThrow();
  });

  it('refuses a key that is not the certificate\'s', () => {
    const err = thrown(() => certKeyToPem({ certFile: certs.serverCert, keyFile: certs.rogueKey }));
    expect(err.code).toBe('POINTE_ERR_CRYPTO_KEY_MISMATCH');
    expect(err.message).toContain("does not belong to the certificate for 'CN=localhost'");
  });
});
