/**
 * The seed's client "Client Credentials Grant Type" block, brace for brace:
 *
 *   http:Client securedEP = check new("https://localhost:9090", {
 *       auth: { tokenUrl: "https://localhost:9090/oauth2/token", clientId: "s6BhdRkqt3",
 *               clientSecret: "7Fjfp0ZBr1KtDRbnfVdmIw", scopes: ["hello"],
 *               clientConfig: { secureSocket: { cert: "/path/to/public.crt" } } },
 *       secureSocket: { cert: "/path/to/public.crt" } });
 *
 * The first request obtains a token from `tokenUrl` (nothing is sent at construction); later
 * requests reuse it until it expires; a 401 from the service renews it and retries once.
 */
import { Client } from '@pointe/http';

/** The seed's client of `url`, trusting `cert`, with tokens from the STS at `stsUrl`. */
export function securedClient(url = 'https://localhost:9090', cert = 'certs/public.crt', stsUrl = 'https://localhost:9445'): Client {
  return new Client(url, {
    auth: {
      tokenUrl: `${stsUrl}/oauth2/token`,
      clientId: 's6BhdRkqt3',
      clientSecret: '7Fjfp0ZBr1KtDRbnfVdmIw',
      scopes: ['hello'],
      clientConfig: {
        secureSocket: {
          cert,
        },
      },
    },
    secureSocket: {
      cert,
    },
  });
}
