/**
 * The seed's client `main`: GET /foo/bar on https://localhost:9090 with a Bearer token and print
 * the status code. POINTE_URL, POINTE_CERT_FILE (the certificate or CA to trust) and
 * POINTE_TOKEN (default: the seed's token) override the defaults. Against the jwt-listener
 * example, a JWT it accepts (`iss` "wso2", `aud` "ballerina", `scp` "hello", signed with its
 * key) gets 200; the seed's opaque token gets 401.
 */
import { ClientError } from '@pointe/http';
import { securedClient } from './client.js';

const securedEP = securedClient(process.env.POINTE_URL, process.env.POINTE_CERT_FILE, process.env.POINTE_TOKEN);

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
