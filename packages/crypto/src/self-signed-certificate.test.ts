import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer as createTlsServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCertificates } from './certificates.js';
import { ipAddressBytes } from './der-writer.js';
import { loadKeyStore } from './key-store.js';
import { loadPrivateKey } from './private-key.js';
import { generateSelfSignedCertificate, type SelfSignedCertificate } from './self-signed-certificate.js';
import { certKeyToPem, keyStoreToPem } from './tls-pem.js';

const dir = mkdtempSync(join(tmpdir(), 'pointe-selfsigned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the pair (and a PKCS#12 with password `changeit`) to files named after `name`. */
function write(name: string, generated: SelfSignedCertificate) {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`), p12: join(dir, `${name}.p12`) };
  writeFileSync(files.cert, generated.cert);
  writeFileSync(files.key, generated.key);
  writeFileSync(files.p12, generated.toPkcs12('changeit', 'dev'));
  return files;
}

/** Completes a TLS handshake with a server presenting `serverCert`; resolves with the error or undefined. */
async function handshake(server: { key: string; cert: string }, options: { ca: string; servername?: string; host: string }) {
  const tlsServer = createTlsServer({ key: server.key, cert: server.cert }, (socket) => socket.end('hello'));
  await new Promise<void>((resolve) => tlsServer.listen(0, options.host, resolve));
  const { port } = tlsServer.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host: options.host, port, ca: options.ca, servername: options.servername });
      let body = '';
      socket.on('data', (chunk: Buffer) => (body += chunk.toString()));
      socket.on('end', () => resolve(`ok:${body}`));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? err.message}`));
    });
  } finally {
    await new Promise((resolve) => tlsServer.close(resolve));
  }
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe.each(['rsa', 'ec'] as const)('generateSelfSignedCertificate (%s)', (keyType) => {
  const generated = generateSelfSignedCertificate({ keyType, dnsNames: ['localhost', 'api.test'], ipAddresses: ['127.0.0.1', '::1'], validityDays: 10 });
  const files = write(keyType, generated);

  it('writes a certificate and key the @pointe/crypto loaders read and that match', () => {
    const [cert, ...rest] = loadCertificates(files.cert);
    expect(rest).toHaveLength(0);
    expect(cert!.subject).toBe('CN=localhost');
    expect(cert!.issuer).toBe('CN=localhost');
    expect(cert!.subjectAltName).toBe('DNS:localhost, DNS:api.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert!.checkPrivateKey(loadPrivateKey(files.key))).toBe(true);
    expect(cert!.verify(cert!.publicKey)).toBe(true);
    expect(cert!.ca).toBe(false);
    expect(cert!.publicKey.asymmetricKeyType).toBe(keyType);
    const days = (Date.parse(cert!.validTo) - Date.parse(cert!.validFrom)) / 86_400_000;
    expect(days).toBe(10);
    expect(() => certKeyToPem({ certFile: files.cert, keyFile: files.key })).not.toThrow();
  });

  it('writes a PKCS#12 store that loadKeyStore opens, with the key under its alias', () => {
    const store = loadKeyStore({ path: files.p12, password: 'changeit' });
    expect(store.aliases()).toEqual(['dev']);
    const pem = keyStoreToPem({ path: files.p12, password: 'changeit' });
    expect(pem.cert).toContain('BEGIN CERTIFICATE');
    expect(() => loadKeyStore({ path: files.p12, password: 'wrong' })).toThrow(expect.objectContaining({ code: 'POINTE_ERR_CRYPTO_PASSWORD' }));
  });

  it('is accepted by a TLS client that trusts it, by DNS name and by IP', async () => {
    expect(await handshake(generated, { ca: generated.cert, host: '127.0.0.1', servername: 'localhost' })).toBe('ok:hello');
    expect(await handshake(generated, { ca: generated.cert, host: '127.0.0.1' })).toBe('ok:hello');
  });

  it('is refused for a name it does not carry, and by a client that does not trust it', async () => {
    expect(await handshake(generated, { ca: generated.cert, host: '127.0.0.1', servername: 'other.test' })).toBe('error:ERR_TLS_CERT_ALTNAME_INVALID');
    const stranger = generateSelfSignedCertificate({ keyType });
    expect(await handshake(generated, { ca: stranger.cert, host: '127.0.0.1', servername: 'localhost' })).toMatch(/^error:(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/);
  });

  it.runIf(hasOpenssl)('parses with openssl x509 -text and openssl pkcs12', () => {
    const text = execFileSync('openssl', ['x509', '-in', files.cert, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toContain('Version: 3 (0x2)');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text).toMatch(/DNS:localhost, DNS:api.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1/);
    execFileSync('openssl', ['verify', '-CAfile', files.cert, files.cert], { stdio: 'pipe' });
    const p12 = execFileSync('openssl', ['pkcs12', '-in', files.p12, '-passin', 'pass:changeit', '-nodes', '-info'], { encoding: 'utf8', stdio: 'pipe' });
    expect(p12).toContain('friendlyName: dev');
    expect(p12).toContain('BEGIN PRIVATE KEY');
  });
});

describe('PKCS#12 output', () => {
  it('opens with a non-ASCII password (BMPString for the MAC, UTF-8 for PBES2, as OpenSSL 3 writes)', () => {
    const generated = generateSelfSignedCertificate({ keyType: 'ec' });
    const path = join(dir, 'unicode.p12');
    writeFileSync(path, generated.toPkcs12('pässwörd-密码'));
    const store = loadKeyStore({ path, password: 'pässwörd-密码' });
    expect(store.aliases()).toEqual(['pointe']);
    expect(store.getPrivateKey('pointe').export({ format: 'jwk' })).toEqual(generated.privateKey.export({ format: 'jwk' }));
    if (hasOpenssl) execFileSync('openssl', ['pkcs12', '-in', path, '-passin', 'pass:pässwörd-密码', '-nokeys', '-info'], { stdio: 'pipe' });
  });
});

describe('generateSelfSignedCertificate options', () => {
  it('defaults to localhost, 127.0.0.1 and ::1 for 30 days', () => {
    const { x509 } = generateSelfSignedCertificate({ keyType: 'ec' });
    expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect((Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000).toBe(30);
  });

  it('writes GeneralizedTime past 2049 (RFC 5280 §4.1.2.5)', () => {
    const { x509 } = generateSelfSignedCertificate({ keyType: 'ec', notBefore: new Date('2049-12-30T00:00:00Z'), validityDays: 5 });
    expect(new Date(x509.validTo).toISOString()).toBe('2050-01-04T00:00:00.000Z');
  });

  it.each([
    [{ validityDays: 0 }, /validityDays/],
    [{ validityDays: 1.5 }, /validityDays/],
    [{ dnsNames: ['bad name'] }, /'bad name' is not a DNS name/],
    [{ ipAddresses: ['300.1.1.1'] }, /'300.1.1.1' is not an IPv4 or IPv6 address/],
    [{ dnsNames: [], ipAddresses: [] }, /at least one DNS name or IP address/],
  ])('refuses %j', (options, message) => {
    expect(() => generateSelfSignedCertificate({ keyType: 'ec', ...options })).toThrow(message);
  });

  it('encodes IPv6 addresses with :: and embedded IPv4', () => {
    expect(ipAddressBytes('::1').toString('hex')).toBe('00000000000000000000000000000001');
    expect(ipAddressBytes('fe80::1:2').toString('hex')).toBe('fe800000000000000000000000010002');
    expect(ipAddressBytes('::ffff:10.0.0.1').toString('hex')).toBe('00000000000000000000ffff0a000001');
  });
});
