/**
 * Starts the seed's OAuth2-secured service on https://localhost:9090/foo/bar.
 *
 *   listener http:Listener securedEP = new(9090, config = { secureSocket: { key: { certFile, keyFile } } });
 *
 * Certificate paths come from POINTE_CERT_FILE / POINTE_KEY_FILE (the certificate is also the one
 * trusted at the STS, see service.ts); PORT overrides 9090. Tokens the STS at POINTE_STS_URL
 * issued with the scope `hello` get through: the client-credentials, client-password and
 * client-direct-token examples obtain one.
 */
import { Listener } from '@pointe/http';
import { Foo } from './service.js';

const securedEP = new Listener(Number(process.env.PORT ?? 9090), {
  secureSocket: {
    key: {
      certFile: process.env.POINTE_CERT_FILE ?? 'certs/public.crt',
      keyFile: process.env.POINTE_KEY_FILE ?? 'certs/private.key',
    },
  },
});

securedEP.attach(new Foo(), '/foo');
await securedEP.start();
console.log(`listening on https://localhost:${securedEP.port}/foo/bar`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void securedEP.gracefulStop().then(() => process.exit(0));
  });
}
