/**
 * `basic-file`: the seed's file-user-store service. Basic auth against `[[auth.users]]` in
 * Config.toml, whose passwords are argon2id hashes made at generation time (the plain
 * passwords go only into the README and the tests' dev-users file).
 */
import { hashPassword } from '@pointe/auth';
import { packageJson, tsconfig } from '../project-settings.js';
import { FILES_MODULE, GITIGNORE, STARTED_LISTENER, TEST_HELPER, devSecret, devTlsFiles, doctorFile, listenerModule, mainModule, readme, scripts } from './common.js';
import type { Template } from './template.js';

/** Config.toml with alice (scope hello) and bob (scope other), hashed, and the plain passwords for tests. */
export async function devUsers(): Promise<{ toml: string; users: { alice: string; bob: string } }> {
  const users = { alice: devSecret(), bob: devSecret() };
  const toml = `# Development users for the file user store (@ServiceConfig auth: fileUserStoreConfig).
# Passwords are argon2id hashes; make one with: npx pointe hash-password
# The plain passwords of these two are in test/dev-users.ts.

[[auth.users]]
username = "alice"
password = "${await hashPassword(users.alice)}"
scopes = ["hello"]

[[auth.users]]
username = "bob"
password = "${await hashPassword(users.bob)}"
scopes = ["other"]
`;
  return { toml, users };
}

export const devUsersModule = (users: { alice: string; bob: string }) => `/** The development users of Config.toml (generated with the project; not for production). */
export const ALICE = { username: 'alice', password: '${users.alice}' } as const;
/** Authenticates, but has only the scope "other". */
export const BOB = { username: 'bob', password: '${users.bob}' } as const;
`;

export const GREETING_SERVICE = `/**
 * The secured service: GET /greeting/hello for users with the scope "hello" (the seed's
 * file user store block, with the users in Config.toml).
 */
import { Get, ServiceConfig } from '@pointe/http';

@ServiceConfig({
  auth: [
    {
      fileUserStoreConfig: {},
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

export const basicFile: Template = {
  name: 'basic-file',
  description: 'Basic auth with users (hashed passwords) in Config.toml',
  async files({ name, source }) {
    const { toml, users } = await devUsers();
    return {
      'package.json': `${JSON.stringify(packageJson({ name, source, dependencies: ['@pointe/http'], scripts: scripts() }), null, 2)}\n`,
      'tsconfig.json': `${JSON.stringify(tsconfig(), null, 2)}\n`,
      '.gitignore': GITIGNORE,
      'Config.toml': toml,
      ...devTlsFiles(),
      'src/files.ts': FILES_MODULE,
      'src/service.ts': GREETING_SERVICE,
      'src/listener.ts': listenerModule({
        doc: 'The listener: HTTPS with the development certificate, the Greeting service on /greeting.',
        imports: "import { Greeting } from './service.js';",
        attach: "listener.attach(new Greeting(), '/greeting');",
      }),
      'src/main.ts': mainModule('/greeting/hello'),
      'test/dev-users.ts': devUsersModule(users),
      'test/request.ts': TEST_HELPER,
      'test/greeting.test.ts': `/** The service's 401 / 403 / 200, over TLS, against a listener on a free port. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createListener } from '../src/listener.js';
import { ALICE, BOB } from './dev-users.js';
import { get } from './request.js';

${STARTED_LISTENER}
test('no credentials: 401 with a Basic challenge', async () => {
  const answer = await get(url, '/greeting/hello');
  assert.equal(answer.status, 401);
  assert.match(answer.challenge ?? '', /^Basic realm=/);
  assert.equal(answer.body, '');
});

test('a wrong password: 401', async () => {
  assert.equal((await get(url, '/greeting/hello', { username: 'alice', password: 'not-her-password' })).status, 401);
});

test('bob, without the scope hello: 403', async () => {
  assert.equal((await get(url, '/greeting/hello', BOB)).status, 403);
});

test('alice: 200 Hello, World!', async () => {
  const answer = await get(url, '/greeting/hello', ALICE);
  assert.equal(answer.status, 200);
  assert.equal(answer.body, 'Hello, World!');
});
`,
      'pointe.doctor.json': doctorFile([{ fileUserStoreConfig: {}, scopes: ['hello'] }]),
      'README.md': readme({
        name,
        what: 'A Pointe service secured with Basic auth: the users and their scopes are in `Config.toml`.',
        start: 'npm start     # https://localhost:9090/greeting/hello',
        test: 'npm test      # replays 401, 403 and 200',
        tryIt: `\`\`\`sh
curl --cacert certs/public.crt https://localhost:9090/greeting/hello -i                        # 401
curl --cacert certs/public.crt -u bob:${users.bob} https://localhost:9090/greeting/hello -i     # 403
curl --cacert certs/public.crt -u alice:${users.alice} https://localhost:9090/greeting/hello   # Hello, World!
\`\`\`

Add a user: \`npx pointe hash-password\` prints a hash for a new \`[[auth.users]]\` entry.`,
        files: `- \`src/service.ts\`: the service and its \`@ServiceConfig({ auth })\`.
- \`src/listener.ts\`, \`src/main.ts\`: the HTTPS listener and its start-up.
- \`Config.toml\`: the users (argon2id hashes); \`test/dev-users.ts\` has their development passwords.
- \`test/\`: the transcript tests (node:test, run with tsx).`,
      }),
    };
  },
};
