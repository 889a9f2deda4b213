/**
 * The seed's "HTTP Client Authentication" block, brace for brace:
 *
 *   http:Client securedEP = check new("https://localhost:9090", {
 *       auth: { // ... },
 *       secureSocket: { cert: "/path/to/public.crt" } });
 *
 * `auth` takes exactly one of the six records (`CredentialsConfig`, `BearerTokenConfig`,
 * `JwtIssuerConfig`, `OAuth2ClientCredentialsGrantConfig`, `OAuth2PasswordGrantConfig`,
 * `OAuth2DirectTokenConfig`), told apart by their fields as in Ballerina; the other client
 * examples fill it in. A record that fits none, or several, fails the constructor at once.
 */
import { Client, type ClientAuthConfig } from '@pointe/http';

/** The seed's client of `url` with any `auth` record, trusting the certificate (or CA) file `cert`. */
export function securedClient(auth: ClientAuthConfig, url = 'https://localhost:9090', cert = 'certs/public.crt'): Client {
  return new Client(url, {
    auth: {
      ...auth,
    },
    secureSocket: {
      cert,
    },
  });
}
