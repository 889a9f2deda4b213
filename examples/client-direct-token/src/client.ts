/**
 * The seed's client "Direct Token Type" block, brace for brace:
 *
 *   http:Client securedEP = check new("https://localhost:9090", {
 *       auth: { refreshUrl: "https://localhost:9090/oauth2/token/refresh", refreshToken: "tGzv3JOkF0XG5Qx2TlKWIA",
 *               clientId: "s6BhdRkqt3", clientSecret: "7Fjfp0ZBr1KtDRbnfVdmIw", scopes: ["hello"],
 *               clientConfig: { secureSocket: { cert: "/path/to/public.crt" } } },
 *       secureSocket: { cert: "/path/to/public.crt" } });
 *
 * The first request trades the refresh token for an access token; the STS rotates refresh
 * tokens, and the client keeps the new one for the next renewal. The seed's literal token is
 * unknown to any real server: `pointe-sts` prints a fresh one to pass as POINTE_REFRESH_TOKEN.
 */
import { Client } from '@pointe/http';

/** The seed's refresh token (an example value: a real STS issues its own). */
export const SEED_REFRESH_TOKEN = 'tGzv3JOkF0XG5Qx2TlKWIA';

/** The seed's client of `url`, trusting `cert`, renewing tokens at the STS at `stsUrl`. */
export function securedClient(
  url = 'https://localhost:9090', cert = 'certs/public.crt', stsUrl = 'https://localhost:9445', refreshToken = SEED_REFRESH_TOKEN,
): Client {
  return new Client(url, {
    auth: {
      refreshUrl: `${stsUrl}/oauth2/token/refresh`,
      refreshToken,
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
