/**
 * The seed's client `main`: GET /foo/bar on https://localhost:9090 with Basic auth and print the
 * status code. POINTE_URL and POINTE_CERT_FILE (the certificate or CA to trust) override the
 * defaults. The service it calls is the file-user-store example's, started with this
 * directory's users: `POINTE_CONFIG_FILES=$PWD/Config.toml` (alice, password "123", scope "hello").
 */
import { ClientError } from '@pointe/http';
import { securedClient } from './client.js';

const securedEP = securedClient(process.env.POINTE_URL, process.env.POINTE_CERT_FILE);

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
