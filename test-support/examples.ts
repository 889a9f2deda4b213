/** Starts an example's service the way its main.ts does, but on a free port with the run's certificates. */
import { Listener } from '@pointe/http';
import { testCerts } from './certs.js';
import { call } from './https.js';

export async function startExample(
  service: object,
  configToml: string,
): Promise<{ listener: Listener; get: (path: string, authorization?: string) => ReturnType<typeof call> }> {
  const certs = testCerts();
  const previous = process.env.POINTE_CONFIG_FILES;
  process.env.POINTE_CONFIG_FILES = configToml;
  const listener = new Listener(0, { host: '127.0.0.1', secureSocket: { key: { certFile: certs.serverCert, keyFile: certs.serverKey } } });
  try {
    listener.attach(service, '/foo');
  } finally {
    if (previous === undefined) delete process.env.POINTE_CONFIG_FILES;
    else process.env.POINTE_CONFIG_FILES = previous;
  }
  await listener.start();
  const get = (path: string, authorization?: string) =>
    call(`https://localhost:${listener.port}${path}`, { ca: certs.caCert, headers: authorization === undefined ? {} : { authorization } });
  return { listener, get };
}
