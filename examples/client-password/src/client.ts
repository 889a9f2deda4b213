/**
 * The seed's client "Password Grant Type" block, brace for brace:
 *
 *   http:Client securedEP = check new("https://localhost:9090", {
 *       auth: { tokenUrl: "https://localhost:9090/oauth2/token", username: "admin", password: "123",
 *               clientId: "s6BhdRkqt3", clientSecret: "7Fjfp0ZBr1KtDRbnfVdmIw", scopes: ["hello"],
 *               refreshConfig: { refreshUrl: "https://localhost:9090/oauth2/token/refresh", scopes: ["hello"],
 *                                clientConfig: { secureSocket: { cert: "/path/to/public.crt" } } },
 *               clientConfig: { secureSocket: { cert: "/path/to/public.crt" } } },
 *       secureSocket: { cert: "/path/to/public.crt" } });
 *
 * The first request obtains a token with the password grant; when it expires, the refresh-token
 * grant renews it at `refreshUrl`, falling back to the password grant if the refresh is refused.
 */
import { Client } from '@pointe/http';

/** The seed's client of `url`, trusting `cert`, with tokens from the STS at `stsUrl`. */
export function securedClient(url = 'https://localhost:9090', cert = 'certs/public.crt', stsUrl = 'https://localhost:9445'): Client {
  return new Client(url, {
    auth: {
      tokenUrl: `${stsUrl}/oauth2/token`,
      username: 'admin',
      password: '123',
      clientId: 's6BhdRkqt3',
      clientSecret: '7Fjfp0ZBr1KtDRbnfVdmIw',
      scopes: ['hello'],
      refreshConfig: {
        refreshUrl: `${stsUrl}/oauth2/token/refresh`,
        scopes: ['hello'],
        clientConfig: {
          secureSocket: {
            cert,
          },
        },
      },
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
