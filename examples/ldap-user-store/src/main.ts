/**
 * Starts the seed's LDAP-user-store service on https://localhost:9090/foo/bar.
 *
 *   listener http:Listener securedEP = new(9090, config = { secureSocket: { key: { certFile, keyFile } } });
 *
 * Certificate paths come from POINTE_CERT_FILE / POINTE_KEY_FILE; PORT overrides 9090, HOST the
 * address (default all interfaces). The
 * directory is the seed's unless POINTE_LDAP_URL, POINTE_LDAP_BIND_DN, POINTE_LDAP_BIND_PASSWORD
 * and POINTE_LDAP_SUFFIX say otherwise (see service.ts). The directory need not be up to start:
 * while it is down, requests get 401, and they succeed again once it is back.
 */
import { Listener } from '@pointe/http';
import { Foo } from './service.js';

export const securedEP = new Listener(Number(process.env.PORT ?? 9090), {
  ...(process.env.HOST === undefined ? {} : { host: process.env.HOST }),
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
