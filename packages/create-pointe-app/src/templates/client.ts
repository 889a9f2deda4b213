/**
 * `client`: a program that calls a secured service with a Pointe `Client`, with Basic
 * credentials and with self-signed JWTs, plus the local service it calls (file store and JWT),
 * so both ends run and are tested together.
 */
import { packageJson, tsconfig } from '../project-settings.js';
import { devUsers, devUsersModule } from './basic-file.js';
import { FILES_MODULE, GITIGNORE, STARTED_LISTENER, TEST_HELPER, devTlsFiles, doctorFile, listenerModule, mainModule, readme, scripts } from './common.js';
import { ISSUER, issuerKeyFiles } from './jwt.js';
import type { Template } from './template.js';

const service = (audience: string) => `/**
 * The service the client calls: GET /greeting/hello for the scope "hello", by Basic auth
 * (users in Config.toml) or by a JWT from the development issuer.
 */
import { Get, ServiceConfig } from '@pointe/http';
import { projectFile } from './files.js';

@ServiceConfig({
  auth: [
    { fileUserStoreConfig: {}, scopes: ['hello'] },
    {
      jwtValidatorConfig: { issuer: '${ISSUER}', audience: '${audience}', signatureConfig: { certFile: projectFile('certs/jwt-issuer.crt') } },
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

const clientModule = (audience: string) => `/**
 * The client: Pointe's Client with Basic credentials or self-signed JWTs (the seed's client blocks).
 * Constructing it never touches the network; a bad key file fails here, not at the first request.
 */
import { Client, RS256 } from '@pointe/http';
import { CERT_FILE, projectFile } from './files.js';

/** A client sending Basic credentials. */
export function basicClient(url: string, username: string, password: string): Client {
  return new Client(url, { auth: { username, password }, secureSocket: { cert: CERT_FILE } });
}

/** A client sending JWTs it signs with the development issuer's key, for audience "${audience}". */
export function jwtClient(url: string, scope: string): Client {
  return new Client(url, {
    auth: {
      username: 'alice',
      issuer: '${ISSUER}',
      audience: '${audience}',
      customClaims: { scope },
      expTime: 300,
      signatureConfig: { algorithm: RS256, config: { keyFile: projectFile('certs/jwt-issuer.key') } },
    },
    secureSocket: { cert: CERT_FILE },
  });
}

/** GET /greeting/hello; the status and the body. */
export async function greet(client: Client): Promise<{ status: number; body: string }> {
  const response = await client.get('/greeting/hello');
  return { status: response.statusCode, body: await response.getTextPayload() };
}
`;

export const client: Template = {
  name: 'client',
  description: 'a Client calling a secured service with Basic credentials and self-signed JWTs',
  async files({ name, source }) {
    const { toml, users } = await devUsers();
    return {
      'package.json': `${JSON.stringify(packageJson({ name, source, dependencies: ['@pointe/http'], scripts: scripts({ serve: 'tsx src/main.ts', start: 'tsx src/call.ts' }) }), null, 2)}\n`,
      'tsconfig.json': `${JSON.stringify(tsconfig(), null, 2)}\n`,
      '.gitignore': GITIGNORE,
      'Config.toml': toml,
      ...devTlsFiles(),
      'src/files.ts': FILES_MODULE,
      ...issuerKeyFiles(),
      'src/service.ts': service(name),
      'src/client.ts': clientModule(name),
      'src/call.ts': `/** Calls the service at $POINTE_URL (default https://localhost:9090) both ways and prints what it answered. */
import { basicClient, greet, jwtClient } from './client.js';

const url = process.env.POINTE_URL ?? 'https://localhost:9090';
const username = process.env.POINTE_USERNAME ?? 'alice';
const password = process.env.POINTE_PASSWORD ?? '${users.alice}';
for (const [how, client] of [['Basic', basicClient(url, username, password)], ['JWT', jwtClient(url, 'hello')]] as const) {
  try {
    const { status, body } = await greet(client);
    console.log(\`\${how}: \${status} \${body}\`);
  } finally {
    await client.close();
  }
}
`,
      'src/listener.ts': listenerModule({
        doc: 'The listener the client calls: HTTPS with the development certificate, Greeting on /greeting.',
        imports: "import { Greeting } from './service.js';",
        attach: "listener.attach(new Greeting(), '/greeting');",
      }),
      'src/main.ts': mainModule('/greeting/hello'),
      'test/dev-users.ts': devUsersModule(users),
      'test/request.ts': TEST_HELPER,
      'test/client.test.ts': `/** The client against the service on a free port: 200 both ways, 401 and 403 when it should. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { basicClient, greet, jwtClient } from '../src/client.js';
import { createListener } from '../src/listener.js';
import { ALICE, BOB } from './dev-users.js';
import { get } from './request.js';

${STARTED_LISTENER}
async function call(client: ReturnType<typeof basicClient>) {
  try {
    return await greet(client);
  } finally {
    await client.close();
  }
}

test('without credentials: 401 with both challenges', async () => {
  const answer = await get(url, '/greeting/hello');
  assert.equal(answer.status, 401);
  assert.match(answer.challenge ?? '', /Basic realm=/);
  assert.match(answer.challenge ?? '', /Bearer realm=/);
});

test('Basic with a wrong password: 401', async () => {
  assert.equal((await call(basicClient(url, 'alice', 'wrong-password'))).status, 401);
});

test('Basic as bob, without the scope hello: 403', async () => {
  assert.equal((await call(basicClient(url, BOB.username, BOB.password))).status, 403);
});

test('a JWT without the scope hello: 403', async () => {
  assert.equal((await call(jwtClient(url, 'other'))).status, 403);
});

test('Basic as alice: 200 Hello, World!', async () => {
  assert.deepEqual(await call(basicClient(url, ALICE.username, ALICE.password)), { status: 200, body: 'Hello, World!' });
});

test('a self-signed JWT with the scope hello: 200 Hello, World!', async () => {
  assert.deepEqual(await call(jwtClient(url, 'hello')), { status: 200, body: 'Hello, World!' });
});
`,
      'pointe.doctor.json': doctorFile([
        { fileUserStoreConfig: {}, scopes: ['hello'] },
        { jwtValidatorConfig: { issuer: ISSUER, audience: name, signatureConfig: { certFile: 'certs/jwt-issuer.crt' } }, scopes: ['hello'] },
      ]),
      'README.md': readme({
        name,
        what: 'A Pointe Client calling a secured service with Basic credentials and with self-signed JWTs; the service it calls is here too.',
        start: 'npm run serve & npm start   # the service, then the client calling it',
        test: 'npm test                    # the client against the service: 401, 403 and 200',
        tryIt: 'Point the client elsewhere with `POINTE_URL`, `POINTE_USERNAME` and `POINTE_PASSWORD`.',
        files: `- \`src/client.ts\`: the two clients; \`src/call.ts\` runs them.
- \`src/service.ts\`, \`src/listener.ts\`, \`src/main.ts\`: the service they call.
- \`Config.toml\`, \`certs/jwt-issuer.*\`: the users (hashed) and the JWT issuer's key pair.`,
      }),
    };
  },
};
