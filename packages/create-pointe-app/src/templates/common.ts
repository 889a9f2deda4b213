/**
 * Pieces every template shares: the dev TLS pair, the listener module, `main.ts`, the test
 * prelude, `.gitignore`, `pointe.doctor.json`, and the README frame with its two commands.
 */
import { randomBytes } from 'node:crypto';
import { generateSelfSignedCertificate } from '@pointe/crypto';
import type { ProjectFiles } from './template.js';

/** A password for a generated development user or client: 18 random bytes, base64url. */
export function devSecret(): string {
  return randomBytes(18).toString('base64url');
}

/** `certs/public.crt` and `certs/private.key` for localhost, 127.0.0.1 and ::1, made now on node:crypto. */
export function devTlsFiles(): ProjectFiles {
  const { cert, key } = generateSelfSignedCertificate({ commonName: 'localhost', validityDays: 365 });
  return { 'certs/public.crt': cert, 'certs/private.key': key };
}

/**
 * `src/listener.ts`: builds the listener with the dev certificate, `loginThrottle` on, and the
 * service attached. `imports` brings the service class (and anything `extraConfig` uses).
 */
export function listenerModule(options: { imports: string; attach: string; extraParameters?: string; doc: string }): string {
  return `/**
 * ${options.doc}
 *
 * createListener() builds the listener; src/main.ts starts it, the tests start their own on a free port.
 */
import { Listener } from '@pointe/http';
import { CERT_FILE, KEY_FILE } from './files.js';
${options.imports}

export interface ListenerOptions {
  /** Default: $PORT, else 9090. 0 picks a free port. */
  port?: number;
  /** Default: every interface. */
  host?: string;${options.extraParameters ?? ''}
}

export function createListener(options: ListenerOptions = {}): Listener {
  const listener = new Listener(options.port ?? Number(process.env.PORT ?? 9090), {
    ...(options.host === undefined ? {} : { host: options.host }),
    secureSocket: { key: { certFile: CERT_FILE, keyFile: KEY_FILE } },
    // Past 10 failed logins in 5 minutes for a username (or address and username): 429 with Retry-After.
    loginThrottle: {},
  });
  ${options.attach}
  return listener;
}
`;
}

/** `src/files.ts`: paths of the project's files, whatever the working directory. */
export const FILES_MODULE = `/** Paths of this project's files, whatever the working directory. */
import { fileURLToPath } from 'node:url';

/** A file of this project. */
export const projectFile = (path: string): string => fileURLToPath(new URL(\`../\${path}\`, import.meta.url));

/** The development certificate (a client trusts it) and its key, made by create-pointe-app. */
export const CERT_FILE = projectFile('certs/public.crt');
export const KEY_FILE = projectFile('certs/private.key');
`;

/** `src/main.ts`: starts the listener and stops it cleanly on Ctrl-C. */
export function mainModule(path: string, before = '', listenerArgs = ''): string {
  return `import { createListener } from './listener.js';
${before}
const listener = createListener(${listenerArgs});
await listener.start();
console.log(\`listening on https://localhost:\${listener.port}${path}\`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void listener.gracefulStop().then(() => process.exit(0));
  });
}
`;
}

/** The tests' listener: on a free port of 127.0.0.1, started before and stopped after them. */
export const STARTED_LISTENER = `const listener = createListener({ port: 0, host: '127.0.0.1' });
let url = '';
before(async () => {
  await listener.start();
  url = \`https://127.0.0.1:\${listener.port}\`;
});
after(() => listener.gracefulStop());
`;

/** The request helper the tests share: one GET through a Pointe Client trusting the dev certificate. */
export const TEST_HELPER = `/** One GET through a Pointe Client that trusts the development certificate; the client is closed after. */
import { Client, type ClientConfiguration } from '@pointe/http';
import { CERT_FILE } from '../src/files.js';

export interface Answer {
  status: number;
  challenge: string | undefined;
  body: string;
}

export async function get(baseUrl: string, path: string, auth?: ClientConfiguration['auth']): Promise<Answer> {
  const client = new Client(baseUrl, { secureSocket: { cert: CERT_FILE }, ...(auth === undefined ? {} : { auth }) });
  try {
    const response = await client.get(path);
    const challenge = response.headers['www-authenticate'];
    return { status: response.statusCode, challenge: Array.isArray(challenge) ? challenge.join(', ') : challenge, body: await response.getTextPayload() };
  } finally {
    await client.close();
  }
}
`;

export const GITIGNORE = `node_modules/
dist/
# Development keys: made by create-pointe-app (or pointe cert), never for production.
certs/*.key
`;

/** Scripts every template has. */
export function scripts(extra: Record<string, string> = {}): Record<string, string> {
  return {
    start: 'tsx src/main.ts',
    test: 'node --import tsx --test test/*.test.ts',
    typecheck: 'tsc -p tsconfig.json',
    doctor: 'pointe doctor',
    ...extra,
  };
}

/** `pointe.doctor.json` with the listener's certificate and the given auth records. */
export function doctorFile(auth: unknown[]): string {
  return `${JSON.stringify({ secureSocket: { key: { certFile: 'certs/public.crt', keyFile: 'certs/private.key' } }, auth }, null, 2)}\n`;
}

/** The README: what the project is, its two commands, and what to try. */
export function readme(options: { name: string; what: string; start: string; test: string; tryIt: string; files: string; next?: string }): string {
  return `# ${options.name}

${options.what}

Made by create-pointe-app. Install the dependencies once with \`npm install\`, then:

\`\`\`sh
${options.start}
${options.test}
\`\`\`

## Try it

${options.tryIt}

## Files

${options.files}
- \`certs/public.crt\`, \`certs/private.key\`: a self-signed development certificate for localhost,
  127.0.0.1 and ::1, valid a year. Not for production; make another with \`npx pointe cert --force\`.
- \`pointe.doctor.json\`: what \`npm run doctor\` (\`pointe doctor\`) checks before you start.

Failed logins are throttled (\`loginThrottle: {}\`): past 10 failures in 5 minutes for one
username the listener answers 429 with \`Retry-After\`.
${options.next === undefined ? '' : `\n${options.next}\n`}`;
}
