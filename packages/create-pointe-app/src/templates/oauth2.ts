/**
 * `oauth2`: a service that checks bearer tokens by RFC 7662 introspection at a local
 * authorization server (oidc-provider, in `src/sts.ts`, over HTTPS with the dev certificate).
 * The client credentials grant issues the tokens; the listener introspects as its own client.

 */
import { packageJson, tsconfig } from '../project-settings.js';
import { FILES_MODULE, GITIGNORE, TEST_HELPER, devSecret, devTlsFiles, doctorFile, listenerModule, mainModule, readme, scripts } from './common.js';
import type { Template } from './template.js';

const STS_PORT = 9445;

const stsModule = (secrets: { app: string; listener: string }) => `/**
 * A local authorization server (oidc-provider) for development: the client credentials grant
 * at /token and RFC 7662 introspection at /token/introspection, over HTTPS on ${STS_PORT}.
 *
 * Clients: "${'app'}" gets tokens (scopes hello, other); "pointe-listener" introspects them.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { CERT_FILE, KEY_FILE } from './files.js';

export const APP_CLIENT = { clientId: 'app', clientSecret: '${secrets.app}' } as const;
export const LISTENER_CLIENT = { clientId: 'pointe-listener', clientSecret: '${secrets.listener}' } as const;

export interface Sts {
  /** https://localhost:<port> */
  url: string;
  tokenUrl: string;
  introspectionUrl: string;
  close(): Promise<void>;
}

export async function startSts(port = Number(process.env.STS_PORT ?? ${STS_PORT})): Promise<Sts> {
  const server: Server = createServer({ cert: readFileSync(CERT_FILE), key: readFileSync(KEY_FILE) });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = \`https://localhost:\${(server.address() as AddressInfo).port}\`;
  const provider = new Provider(url, {
    clients: [
      { client_id: APP_CLIENT.clientId, client_secret: APP_CLIENT.clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope: 'hello other' },
      { client_id: LISTENER_CLIENT.clientId, client_secret: LISTENER_CLIENT.clientSecret, grant_types: [], redirect_uris: [], response_types: [] },
    ],
    scopes: ['hello', 'other'],
    features: { clientCredentials: { enabled: true }, introspection: { enabled: true }, devInteractions: { enabled: false } },
  });
  server.on('request', provider.callback());
  return {
    url,
    tokenUrl: \`\${url}/token\`,
    introspectionUrl: \`\${url}/token/introspection\`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
`;

const service = `/**
 * The secured service: GET /greeting/hello for an access token with the scope "hello",
 * checked by introspection at the authorization server (the seed's OAuth2 block).
 * INTROSPECTION_URL overrides the local server's endpoint (the tests set it).
 */
import { Get, ServiceConfig } from '@pointe/http';
import { CERT_FILE } from './files.js';
import { LISTENER_CLIENT } from './sts.js';

@ServiceConfig({
  auth: [
    {
      oauth2IntrospectionConfig: {
        url: process.env.INTROSPECTION_URL ?? 'https://localhost:${STS_PORT}/token/introspection',
        tokenTypeHint: 'access_token',
        scopeKey: 'scope',
        clientConfig: {
          auth: { username: LISTENER_CLIENT.clientId, password: LISTENER_CLIENT.clientSecret },
          secureSocket: { cert: CERT_FILE },
        },
      },
      scopes: ['hello'],
    },
  ],
})
export class Greeting {
  @Get('hello')
  hello(): string {
    return 'Hello, World!';
  }
}
`;

export const oauth2: Template = {
  name: 'oauth2',
  description: 'OAuth2 token introspection, with a local oidc-provider authorization server',
  async files({ name, source }) {
    const secrets = { app: devSecret(), listener: devSecret() };
    return {
      'package.json': `${JSON.stringify(packageJson({ name, source, dependencies: ['@pointe/http', 'oidc-provider'], devDependencies: ['@types/oidc-provider'], scripts: scripts({ sts: 'tsx src/sts-main.ts' }) }), null, 2)}\n`,
      'tsconfig.json': `${JSON.stringify(tsconfig(), null, 2)}\n`,
      '.gitignore': GITIGNORE,
      ...devTlsFiles(),
      'src/files.ts': FILES_MODULE,
      'src/service.ts': service,
      'src/sts.ts': stsModule(secrets),
      'src/sts-main.ts': `import { startSts } from './sts.js';\n\nconst sts = await startSts();\nconsole.log(\`authorization server on \${sts.url} (token: \${sts.tokenUrl})\`);\n`,
      'src/listener.ts': listenerModule({
        doc: 'The listener: HTTPS with the development certificate, Greeting on /greeting (auth by introspection).',
        imports: "import { Greeting } from './service.js';",
        attach: "listener.attach(new Greeting(), '/greeting');",
      }),
      'src/main.ts': mainModule('/greeting/hello'),
      'test/request.ts': TEST_HELPER,
      'test/greeting.test.ts': `/** 401 / 403 / 200 with tokens from the local authorization server, checked by introspection. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Listener } from '@pointe/http';
import { CERT_FILE } from '../src/files.js';
import { APP_CLIENT, startSts, type Sts } from '../src/sts.js';
import { get } from './request.js';

let sts: Sts;
let listener: Listener;
let url = '';
before(async () => {
  sts = await startSts(0);
  // The service reads the endpoint when its module loads: set it first, then load it.
  process.env.INTROSPECTION_URL = sts.introspectionUrl;
  const { createListener } = await import('../src/listener.js');
  listener = createListener({ port: 0, host: '127.0.0.1' });
  await listener.start();
  url = \`https://127.0.0.1:\${listener.port}\`;
});
after(async () => {
  await listener.gracefulStop();
  await sts.close();
});

const grant = (scopes: string[]) => ({ tokenUrl: sts.tokenUrl, ...APP_CLIENT, scopes, clientConfig: { secureSocket: { cert: CERT_FILE } } });

test('no token: 401', async () => {
  assert.equal((await get(url, '/greeting/hello')).status, 401);
});

test('a token the server never issued: 401', async () => {
  assert.equal((await get(url, '/greeting/hello', { token: 'made-up' })).status, 401);
});

test('a token for the scope other: 403', async () => {
  assert.equal((await get(url, '/greeting/hello', grant(['other']))).status, 403);
});

test('a token for the scope hello: 200 Hello, World!', async () => {
  const answer = await get(url, '/greeting/hello', grant(['hello']));
  assert.equal(answer.status, 200);
  assert.equal(answer.body, 'Hello, World!');
});
`,
      'pointe.doctor.json': doctorFile([{
        oauth2IntrospectionConfig: {
          url: `https://localhost:${STS_PORT}/token/introspection`,
          clientConfig: { auth: { username: 'pointe-listener', password: secrets.listener }, secureSocket: { cert: 'certs/public.crt' } },
        },
        scopes: ['hello'],
      }]),
      'README.md': readme({
        name,
        what: 'A Pointe service that checks OAuth2 access tokens by introspection (RFC 7662) at a local oidc-provider authorization server.',
        start: 'npm run sts & npm start   # the authorization server on 9445, then the service on 9090',
        test: 'npm test                  # 401, 403 and 200 with real tokens',
        tryIt: `\`\`\`sh
TOKEN=$(curl -s --cacert certs/public.crt -u app:${secrets.app} -d grant_type=client_credentials -d scope=hello https://localhost:${STS_PORT}/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
curl --cacert certs/public.crt -H "Authorization: Bearer $TOKEN" https://localhost:9090/greeting/hello
\`\`\``,
        files: `- \`src/sts.ts\`: the development authorization server (oidc-provider) and its two clients.
- \`src/listener.ts\`: the listener and the service's \`oauth2IntrospectionConfig\`.`,
      }),
    };
  },
};
