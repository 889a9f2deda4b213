/**
 * `listenerTlsOptions` and `clientTlsOptions`: every seed `secureSocket` shape becomes Node TLS
 * options, and every wrong one is a `CryptoError` naming the field, at start-up.
 */
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { thrown } from '../test/expect-crypto-error.js';
import { clientTlsOptions, listenerTlsOptions, type ClientSecureSocket, type ListenerSecureSocket } from './tls.js';

const certs = testCerts();
const pemPair = { certFile: certs.serverCert, keyFile: certs.serverKey };
const keyStore = { path: certs.serverP12, password: 'changeit' };
const leafSubject = (pem: string) => new X509Certificate(pem).subject;
const listenerError = (s: unknown) => thrown(() => listenerTlsOptions(s as ListenerSecureSocket, 'listener.secureSocket'));
const clientError = (s: unknown) => thrown(() => clientTlsOptions(s as ClientSecureSocket, 'client.secureSocket'));

describe('listenerTlsOptions', () => {
  it('reads a PEM pair and a PKCS#12 key store into the same usable options', () => {
    const fromPem = listenerTlsOptions({ key: pemPair });
    const fromStore = listenerTlsOptions({ key: keyStore });
    for (const options of [fromPem, fromStore]) {
      expect(leafSubject(String(options.cert))).toBe('CN=localhost');
      expect(String(options.key)).toMatch(/BEGIN (RSA |EC )?PRIVATE KEY/);
      expect(() => createSecureContext(options)).not.toThrow();
      expect(options).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
      expect(options.requestCert).toBeUndefined();
    }
    // The key store sends its chain after the leaf.
    expect(String(fromStore.cert).match(/BEGIN CERTIFICATE/g)!.length).toBeGreaterThanOrEqual(1);
  });

  it('reads an encrypted PEM key with its password, and names the field when the password is wrong', () => {
    expect(() => listenerTlsOptions({ key: { certFile: certs.serverCert, keyFile: certs.serverKeyEncrypted, keyPassword: 'keypass' } })).not.toThrow();
    const err = listenerError({ key: { certFile: certs.serverCert, keyFile: certs.serverKeyEncrypted, keyPassword: 'hunter2-secret' } });
    expect(err.code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
    expect(err.message).toMatch(/^listener\.secureSocket\.key/);
    expect(err.message).not.toContain('hunter2-secret');
  });

  it('mutualSsl: REQUIRE by default, OPTIONAL asks without requiring; the CA from a PEM file or a trust store', () => {
    const required = listenerTlsOptions({ key: pemPair, mutualSsl: { cert: certs.caCert } });
    expect(required).toMatchObject({ requestCert: true, rejectUnauthorized: true });
    expect(required.ca).toHaveLength(1);
    const optional = listenerTlsOptions({ key: pemPair, mutualSsl: { verifyClient: 'OPTIONAL', cert: { path: certs.trustStoreP12, password: 'changeit' } } });
    expect(optional).toMatchObject({ requestCert: true, rejectUnauthorized: false });
    expect((optional.ca as string[]).length).toBeGreaterThan(0);
  });

  it('protocol versions narrow min and max', () => {
    expect(listenerTlsOptions({ key: pemPair, protocol: { versions: ['TLSv1.3'] } })).toMatchObject({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    expect(listenerTlsOptions({ key: pemPair, protocol: { versions: ['TLSv1.2'] } })).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
  });

  it.each([
    ['no key', {}, /listener\.secureSocket\.key is required/],
    ['not an object', 'server.p12', /listener\.secureSocket\.key is required/],
    ['an unknown field', { key: pemPair, mutualSSL: {} }, /unknown field.*'mutualSSL'/],
    ['a key of neither shape', { key: { cert: certs.serverCert } }, /listener\.secureSocket\.key must be \{ certFile, keyFile/],
    ['a bad verifyClient', { key: pemPair, mutualSsl: { verifyClient: 'required', cert: certs.caCert } }, /verifyClient must be 'REQUIRE' or 'OPTIONAL'/],
    ['an empty CA path', { key: pemPair, mutualSsl: { cert: '' } }, /mutualSsl\.cert must be a file path/],
  ])('refuses %s with POINTE_ERR_CRYPTO_TLS_CONFIG naming the field', (_name, secureSocket, message) => {
    const err = listenerError(secureSocket);
    expect(err.code).toBe('POINTE_ERR_CRYPTO_TLS_CONFIG');
    expect(err.message).toMatch(message);
  });

  it('refuses a key that does not belong to the certificate', () => {
    const err = listenerError({ key: { certFile: certs.serverCert, keyFile: certs.rogueKey } });
    expect(err.code).toBe('POINTE_ERR_CRYPTO_KEY_MISMATCH');
    expect(err.message).toMatch(/listener\.secureSocket\.key/);
  });

  it('names a missing file', () => {
    const err = listenerError({ key: { certFile: '/nonexistent/server.crt', keyFile: certs.serverKey } });
    expect(err.code).toBe('POINTE_ERR_CRYPTO_FILE');
    expect(err.message).toMatch(/\/nonexistent\/server\.crt/);
  });
});

describe('clientTlsOptions', () => {
  it('verifies against the system CAs when there is no secureSocket', () => {
    expect(clientTlsOptions(undefined)).toEqual({ rejectUnauthorized: true });
    expect(clientTlsOptions({})).toEqual({ rejectUnauthorized: true });
  });

  it('trusts cert as a PEM file or a trust store, allowing a partial chain', () => {
    const fromPem = clientTlsOptions({ cert: certs.caCert });
    expect(fromPem).toMatchObject({ rejectUnauthorized: true, allowPartialTrustChain: true });
    expect(fromPem.ca!.map(leafSubject)).toEqual([leafSubject(fromPem.ca![0]!)]);
    const fromStore = clientTlsOptions({ cert: { path: certs.trustStoreP12, password: 'changeit' } });
    expect(fromStore.ca!.map(leafSubject)).toContain('CN=localhost');
  });

  it('disable: true turns verification off and ignores cert (not even read)', () => {
    expect(clientTlsOptions({ disable: true, cert: '/nonexistent/ca.crt' })).toEqual({ rejectUnauthorized: false });
  });

  it('reads the client key as a PEM pair or a key store', () => {
    const fromPem = clientTlsOptions({ key: { certFile: certs.clientCert, keyFile: certs.clientKey } });
    const fromStore = clientTlsOptions({ key: { path: certs.clientP12, password: 'changeit' } });
    for (const options of [fromPem, fromStore]) {
      expect(leafSubject(options.cert!)).toBe(leafSubject(fromPem.cert!));
      expect(options.key).toMatch(/PRIVATE KEY/);
    }
  });

  it.each([
    ['not an object', 'ca.crt', /client\.secureSocket must be an object/],
    ['an unknown field', { certs: certs.caCert }, /unknown field.*'certs'/],
    ['a disable that is not a boolean', { disable: 'true' }, /client\.secureSocket\.disable must be a boolean/],
    ['a cert of neither shape', { cert: { file: certs.caCert } }, /client\.secureSocket\.cert must be a PEM file path or a trust store/],
    ['a key of neither shape', { key: { certFile: certs.clientCert } }, /client\.secureSocket\.key must be \{ certFile, keyFile/],
  ])('refuses %s with POINTE_ERR_CRYPTO_TLS_CONFIG naming the field', (_name, secureSocket, message) => {
    const err = clientError(secureSocket);
    expect(err.code).toBe('POINTE_ERR_CRYPTO_TLS_CONFIG');
    expect(err.message).toMatch(message);
  });

  it('refuses a client key that does not belong to its certificate, and a wrong key store password', () => {
    expect(clientError({ key: { certFile: certs.clientCert, keyFile: certs.serverKey } }).code).toBe('POINTE_ERR_CRYPTO_KEY_MISMATCH');
    const wrong = clientError({ key: { path: certs.clientP12, password: 'nope' } });
    expect(wrong.code).toBe('POINTE_ERR_CRYPTO_PASSWORD');
    expect(wrong.message).toMatch(/^client\.secureSocket\.key/);
  });
});
