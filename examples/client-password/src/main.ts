/**
 * The seed's client `main`: GET /foo/bar on https://localhost:9090 and print the status code.
 * POINTE_URL, POINTE_CERT_FILE (the certificate or CA to trust, at the service and the STS),
 * POINTE_STS_URL (default https://localhost:9445, where `pointe-sts` listens)
 * override the defaults. Against the oauth2-listener example it prints 200.
 */
import { ClientError } from '@pointe/http';
import { securedClient } from './client.js';

const securedEP = securedClient(process.env.POINTE_URL, process.env.POINTE_CERT_FILE, process.env.POINTE_STS_URL);

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
