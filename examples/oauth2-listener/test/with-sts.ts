/**
 * For the OAuth2 examples' tests: the development STS over HTTPS (the run's certificates) and this
 * example's service introspecting at it, both on free ports; `env` is what a client example's
 * `main` needs to call them (POINTE_URL, POINTE_CERT_FILE, POINTE_STS_URL).
 */
import { readFileSync } from 'node:fs';
import { testCerts } from '../../../test-support/certs.js';
import { startExample, withEnv } from '../../../test-support/examples.js';
import { type Sts, startTestSts } from '../../../test-support/sts.js';

export interface OAuth2ExampleRun {
  sts: Sts;
  /** The STS as the examples name it: `https://localhost:<port>`. */
  stsUrl: string;
  /** The oauth2-listener example's base URL. */
  url: string;
  env: { POINTE_URL: string; POINTE_CERT_FILE: string; POINTE_STS_URL: string };
  stop(): Promise<void>;
}

export async function startOAuth2Example(): Promise<OAuth2ExampleRun> {
  const certs = testCerts();
  const sts = await startTestSts({ tls: { key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.serverCert, 'utf8') } });
  const stsUrl = sts.url.replace('127.0.0.1', 'localhost');
  const { Foo } = await withEnv({ POINTE_STS_URL: stsUrl, POINTE_CERT_FILE: certs.caCert }, () => import('../src/service.js'));
  const ex = await startExample(new Foo());
  const url = `https://localhost:${ex.listener.port}`;
  return {
    sts,
    stsUrl,
    url,
    env: { POINTE_URL: url, POINTE_CERT_FILE: certs.caCert, POINTE_STS_URL: stsUrl },
    async stop() {
      await ex.listener.gracefulStop();
      await sts.stop();
    },
  };
}
