/** Starts an example's service the way its main.ts does, but on a free port with the run's certificates. */
import { Listener } from '@pointe/http';
import { testCerts } from './certs.js';
import { call } from './https.js';

/** `configToml`: the user store's file (read at attach); services without a file user store pass none. */
export async function startExample(
  service: object,
  configToml?: string,
): Promise<{ listener: Listener; get: (path: string, authorization?: string) => ReturnType<typeof call> }> {
  const certs = testCerts();
  const previous = process.env.POINTE_CONFIG_FILES;
  if (configToml !== undefined) process.env.POINTE_CONFIG_FILES = configToml;
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

/** Runs `fn` with `env` added to process.env, then puts the previous values back. */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Runs an example's `main.ts` (imported by `load`) with `env` set, as `node dist/main.js` would,
 * and returns what it printed with console.log and console.error.
 */
export async function runMain(load: () => Promise<unknown>, env: Record<string, string>): Promise<{ log: string[]; error: string[] }> {
  const printed = { log: [] as string[], error: [] as string[] };
  const original = { log: console.log, error: console.error };
  console.log = (...args: unknown[]) => void printed.log.push(args.map(String).join(' '));
  console.error = (...args: unknown[]) => void printed.error.push(args.map(String).join(' '));
  try {
    await withEnv(env, load);
  } finally {
    Object.assign(console, original);
  }
  return printed;
}
