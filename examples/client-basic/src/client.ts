/**
 * The seed's client "Basic Auth" block, brace for brace:
 *
 *   http:Client securedEP = check new("https://localhost:9090", {
 *       auth: { username: "alice", password: "123" },
 *       secureSocket: { cert: "/path/to/public.crt" } });
 *
 * Every request carries `Authorization: Basic base64("alice:123")`.
 */
import { Client } from '@pointe/http';

/** The seed's client of `url`, trusting the certificate (or CA) file `cert`. */
export function securedClient(url = 'https://localhost:9090', cert = 'certs/public.crt'): Client {
  return new Client(url, {
    auth: {
      username: 'alice',
      password: '123',
    },
    secureSocket: {
      cert,
    },
  });
}
