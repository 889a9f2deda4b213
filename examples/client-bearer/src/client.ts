/**
 * The seed's client "Bearer Token Auth" block, brace for brace:
 *
 *   http:Client securedEP = check new("https://localhost:9090", {
 *       auth: { token: "JlbmMiOiJBMTI4Q0JDLUhTMjU2In" },
 *       secureSocket: { cert: "/path/to/public.crt" } });
 *
 * Every request carries `Authorization: Bearer <token>`, the token as given.
 */
import { Client } from '@pointe/http';

/** The seed's token. Not a JWT: a JWT-secured service refuses it (401, `invalid_token`). */
export const SEED_TOKEN = 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In';

/** The seed's client of `url`, trusting the certificate (or CA) file `cert`, sending `token`. */
export function securedClient(url = 'https://localhost:9090', cert = 'certs/public.crt', token = SEED_TOKEN): Client {
  return new Client(url, {
    auth: {
      token,
    },
    secureSocket: {
      cert,
    },
  });
}
