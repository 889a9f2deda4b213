/**
 * The seed's client `main`: GET /foo/bar on https://localhost:9090 with a self-signed JWT and
 * print the status code. POINTE_URL, POINTE_CERT_FILE (the certificate or CA to trust) and
 * POINTE_KEY_FILE (the signing key) override the defaults. The service it calls is the
 * jwt-listener example, which verifies the JWT with the certificate of this key.
 */
import { ClientError } from '@pointe/http';
import { securedClient } from './client.js';

const securedEP = securedClient(process.env.POINTE_URL, process.env.POINTE_CERT_FILE, process.env.POINTE_KEY_FILE);

try {
  // Send a `GET` request to the specified endpoint.
  const response = await securedEP.get('/foo/bar');
  console.log(response.statusCode.toString());
} catch (err) {
  if (!(err instanceof ClientError)) throw err;
  console.error('Failed to call the endpoint.', err.message);
  process.exitCode = 1;
} finally {
  await securedEP.close();
}
