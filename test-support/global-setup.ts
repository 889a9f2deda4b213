/**
 * Runs once before the test files: generates the run's certificates with the system's
 * openssl into a fresh temporary directory and hands its path to the tests
 * (`inject('pointeCertDir')`, read through `test-support/certs.ts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pointeCertDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pointe-certs-'));
  generateCertificates(dir);
  project.provide('pointeCertDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

export function generateCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ext = (name: string, body: string) => {
    writeFileSync(join(dir, name), body);
    return name;
  };

  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3',
    '-subj', '/CN=Pointe Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');

  const issue = (name: string, cn: string, extFile: string) => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`,
      '-days', '3', '-extfile', extFile);
  };
  issue('server', 'localhost', ext('server.ext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n'));
  issue('client', 'pointe-client', ext('client.ext', 'extendedKeyUsage=clientAuth\n'));
  // A certificate the test CA did not sign, for "untrusted server" cases.
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rogue.key', '-out', 'rogue.crt', '-days', '3',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1');

  // The server key encrypted (PKCS#8, AES-256), as users keep it on disk.
  openssl('pkcs8', '-topk8', '-in', 'server.key', '-out', 'server-encrypted.key', '-v2', 'aes-256-cbc', '-passout', 'pass:keypass');
  // PKCS#12 key stores: OpenSSL 3 defaults (PBES2/AES-256) and the legacy 3DES form older tools write.
  openssl('pkcs12', '-export', '-in', 'server.crt', '-inkey', 'server.key', '-certfile', 'ca.crt', '-name', 'pointe',
    '-out', 'server.p12', '-passout', 'pass:changeit');
  openssl('pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-name', 'client',
    '-out', 'client.p12', '-passout', 'pass:changeit');
  // A trust store: certificates only, each under its alias.
  // With -nokeys, OpenSSL ignores -name; -caname sets the certificate's alias (friendlyName).
  openssl('pkcs12', '-export', '-nokeys', '-in', 'server.crt', '-caname', 'server', '-out', 'truststore.p12', '-passout', 'pass:changeit');
}
