/**
 * `ldap`: Basic auth against an LDAP directory (`ldapUserStoreConfig`, the seed's field
 * names); a user's scopes are the names of the groups they are a member of. The tests start
 * a throw-away OpenLDAP (slapd) when one is installed, seeded from `ldap/seed.ldif`.
 *
 * Written against `ldapUserStoreConfig` as API.md fixes it; runs once the LDAP store is part of
 * `@pointe/http`.
 */
import { packageJson, tsconfig } from '../project-settings.js';
import { FILES_MODULE, GITIGNORE, TEST_HELPER, devSecret, devTlsFiles, doctorFile, listenerModule, mainModule, readme, scripts } from './common.js';
import type { Template } from './template.js';

const BASE = 'dc=example,dc=test';

const service = (admin: string) => `/**
 * The secured service: GET /greeting/hello for directory users in the group "hello".
 * LDAP_URL overrides the directory's address (the tests set it).
 */
import { Get, ServiceConfig } from '@pointe/http';

@ServiceConfig({
  auth: [
    {
      ldapUserStoreConfig: {
        domainName: 'example.test',
        connectionUrl: process.env.LDAP_URL ?? 'ldap://localhost:3389',
        connectionName: 'cn=admin,${BASE}',
        connectionPassword: process.env.LDAP_PASSWORD ?? '${admin}',
        userSearchBase: 'ou=Users,${BASE}',
        userEntryObjectClass: 'inetOrgPerson',
        userNameAttribute: 'uid',
        userNameSearchFilter: '(&(objectClass=inetOrgPerson)(uid=?))',
        userNameListFilter: '(objectClass=inetOrgPerson)',
        groupSearchBase: ['ou=Groups,${BASE}'],
        groupEntryObjectClass: 'groupOfNames',
        groupNameAttribute: 'cn',
        groupNameSearchFilter: '(&(objectClass=groupOfNames)(cn=?))',
        groupNameListFilter: '(objectClass=groupOfNames)',
        membershipAttribute: 'member',
        userRolesCacheEnabled: true,
        connectionPoolingEnabled: true,
        connectionTimeout: 5,
        readTimeout: 5,
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

const seedLdif = (users: { alice: string; bob: string }) => `dn: ${BASE}
objectClass: dcObject
objectClass: organization
o: example
dc: example

dn: ou=Users,${BASE}
objectClass: organizationalUnit
ou: Users

dn: ou=Groups,${BASE}
objectClass: organizationalUnit
ou: Groups

dn: uid=alice,ou=Users,${BASE}
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: Alice
userPassword: ${users.alice}

dn: uid=bob,ou=Users,${BASE}
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: Bob
userPassword: ${users.bob}

dn: cn=hello,ou=Groups,${BASE}
objectClass: groupOfNames
cn: hello
member: uid=alice,ou=Users,${BASE}

dn: cn=other,ou=Groups,${BASE}
objectClass: groupOfNames
cn: other
member: uid=bob,ou=Users,${BASE}
`;

const slapdModule = (admin: string) => `/**
 * A throw-away OpenLDAP server for the tests: slapd with an mdb database in a temp directory,
 * loaded from ldap/seed.ldif with slapadd, on a free port. \`undefined\` when slapd is not installed
 * (apt-get install slapd), so the tests can say why they are skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectFile } from '../src/files.js';

const SLAPD = ['/usr/sbin/slapd', '/usr/local/libexec/slapd'].find((p) => existsSync(p));
const SLAPADD = ['/usr/sbin/slapadd', '/usr/local/sbin/slapadd'].find((p) => existsSync(p));

export async function startSlapd(): Promise<{ url: string; stop(): void } | undefined> {
  if (SLAPD === undefined || SLAPADD === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ldap-'));
  mkdirSync(join(dir, 'db'));
  const conf = join(dir, 'slapd.conf');
  writeFileSync(conf, [
    ...['core', 'cosine', 'inetorgperson'].map((s) => \`include /etc/ldap/schema/\${s}.schema\`),
    'modulepath /usr/lib/ldap', 'moduleload back_mdb', \`pidfile \${join(dir, 'slapd.pid')}\`,
    'database mdb', 'suffix "${BASE}"', 'rootdn "cn=admin,${BASE}"', 'rootpw ${admin}', \`directory \${join(dir, 'db')}\`, '',
  ].join('\\n'));
  const added = spawnSync(SLAPADD, ['-f', conf, '-l', projectFile('ldap/seed.ldif')], { encoding: 'utf8' });
  if (added.status !== 0) throw new Error(\`slapadd failed: \${added.stderr}\`);
  const port = await freePort();
  const child = spawn(SLAPD, ['-f', conf, '-h', \`ldap://127.0.0.1:\${port}/\`, '-d', '0'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url: \`ldap://127.0.0.1:\${port}\`, stop: () => { child.kill(); rmSync(dir, { recursive: true, force: true }); } };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
`;

export const ldap: Template = {
  name: 'ldap',
  description: 'Basic auth against an LDAP directory, groups as scopes',
  async files({ name, source }) {
    const admin = devSecret();
    const users = { alice: devSecret(), bob: devSecret() };
    return {
      'package.json': `${JSON.stringify(packageJson({ name, source, dependencies: ['@pointe/http'], scripts: scripts() }), null, 2)}\n`,
      'tsconfig.json': `${JSON.stringify(tsconfig(), null, 2)}\n`,
      '.gitignore': GITIGNORE,
      ...devTlsFiles(),
      'src/files.ts': FILES_MODULE,
      'ldap/seed.ldif': seedLdif(users),
      'src/service.ts': service(admin),
      'src/listener.ts': listenerModule({
        doc: 'The listener: HTTPS with the development certificate, Greeting on /greeting (auth by LDAP).',
        imports: "import { Greeting } from './service.js';",
        attach: "listener.attach(new Greeting(), '/greeting');",
      }),
      'src/main.ts': mainModule('/greeting/hello'),
      'test/request.ts': TEST_HELPER,
      'test/slapd.ts': slapdModule(admin),
      'test/greeting.test.ts': `/** 401 / 403 / 200 against a throw-away slapd seeded from ldap/seed.ldif. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Listener } from '@pointe/http';
import { get } from './request.js';
import { startSlapd } from './slapd.js';

const ALICE = { username: 'alice', password: '${users.alice}' };
const BOB = { username: 'bob', password: '${users.bob}' };
const slapd = await startSlapd();
let listener: Listener;
let url = '';

before(async () => {
  if (slapd === undefined) return;
  // The service reads the directory's address when its module loads: set it first, then load it.
  process.env.LDAP_URL = slapd.url;
  const { createListener } = await import('../src/listener.js');
  listener = createListener({ port: 0, host: '127.0.0.1' });
  await listener.start();
  url = \`https://127.0.0.1:\${listener.port}\`;
});
after(async () => {
  await listener?.gracefulStop();
  slapd?.stop();
});

const skip = slapd === undefined ? 'slapd is not installed (apt-get install slapd)' : false;

test('no credentials: 401', { skip }, async () => {
  assert.equal((await get(url, '/greeting/hello')).status, 401);
});

test('a wrong password: 401', { skip }, async () => {
  assert.equal((await get(url, '/greeting/hello', { username: 'alice', password: 'wrong' })).status, 401);
});

test('bob, in the group other only: 403', { skip }, async () => {
  assert.equal((await get(url, '/greeting/hello', BOB)).status, 403);
});

test('alice, in the group hello: 200 Hello, World!', { skip }, async () => {
  const answer = await get(url, '/greeting/hello', ALICE);
  assert.equal(answer.status, 200);
  assert.equal(answer.body, 'Hello, World!');
});
`,
      'pointe.doctor.json': doctorFile([{ ldapUserStoreConfig: { connectionUrl: 'ldap://localhost:3389', connectionName: `cn=admin,${BASE}`, connectionPassword: admin }, scopes: ['hello'] }]),
      'README.md': readme({
        name,
        what: 'A Pointe service secured with Basic auth against an LDAP directory; the groups a user is a member of are their scopes.',
        start: 'LDAP_URL=ldap://localhost:3389 npm start   # needs the directory of ldap/seed.ldif',
        test: 'npm test                                   # starts its own slapd (apt-get install slapd)',
        tryIt: `\`\`\`sh
curl --cacert certs/public.crt -u alice:${users.alice} https://localhost:9090/greeting/hello   # Hello, World!
curl --cacert certs/public.crt -u bob:${users.bob} https://localhost:9090/greeting/hello -i    # 403
\`\`\``,
        files: `- \`src/service.ts\`: the service and its \`ldapUserStoreConfig\`.
- \`ldap/seed.ldif\`: the development directory (alice in group hello, bob in group other).
- \`test/slapd.ts\`: starts a throw-away slapd for the tests.`,
      }),
    };
  },
};
