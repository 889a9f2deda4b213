/** Paths of the certificates generated for this test run (see global-setup.ts). */
import { join } from 'node:path';
import { inject } from 'vitest';

export interface TestCerts {
  dir: string;
  /** The test CA that signed server and client certificates. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** `serverKey` encrypted with the password `keypass`. */
  serverKeyEncrypted: string;
  /** PKCS#12: server key + certificate chain, alias `pointe`, password `changeit`. */
  serverP12: string;
  clientCert: string;
  clientKey: string;
  /** PKCS#12: client key + certificate, alias `client`, password `changeit`. */
  clientP12: string;
  /** PKCS#12 with certificates only: the server certificate under alias `server`, password `changeit`. */
  trustStoreP12: string;
  /** A self-signed certificate for `localhost` that the test CA did not sign. */
  rogueCert: string;
  rogueKey: string;
}

export function testCerts(): TestCerts {
  const dir = inject('pointeCertDir');
  const p = (f: string) => join(dir, f);
  return {
    dir,
    caCert: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    serverKeyEncrypted: p('server-encrypted.key'),
    serverP12: p('server.p12'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    clientP12: p('client.p12'),
    trustStoreP12: p('truststore.p12'),
    rogueCert: p('rogue.crt'),
    rogueKey: p('rogue.key'),
  };
}
