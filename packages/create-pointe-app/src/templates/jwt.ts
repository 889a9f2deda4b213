/**
 * `jwt`: a service that accepts JWTs signed by a development issuer key (its certificate in
 * `certs/jwt-issuer.crt`), checking `iss`, `aud` and the `scope` claim. Tokens for curl come
 * from `npm run token` (`pointe token`); the tests sign theirs with the Client's self-signed JWT auth.
 */
import { generateSelfSignedCertificate } from '@pointe/crypto';
import { packageJson, tsconfig } from '../project-settings.js';
import { FILES_MODULE, GITIGNORE, STARTED_LISTENER, TEST_HELPER, devTlsFiles, doctorFile, listenerModule, mainModule, readme, scripts } from './common.js';
import type { Template } from './template.js';

export const ISSUER = 'dev-issuer';

/** The issuer's signing pair: the service trusts the certificate, tokens are signed with the key. */
export function issuerKeyFiles(): Record<string, string> {
  const { cert, key } = generateSelfSignedCertificate({ commonName: ISSUER, dnsNames: ['dev-issuer.localhost'], ipAddresses: [], validityDays: 365 });
  return { 'certs/jwt-issuer.crt': cert, 'certs/jwt-issuer.key': key };
}

export const jwtService = (audience: string) => `/**
 * The secured service: GET /greeting/hello for a JWT from ${ISSUER} for audience "${audience}"
 * with the scope "hello" (the seed's JWT block, with the certificate of the dev issuer).
 */
import { Get, ServiceConfig } from '@pointe/http';
import { projectFile } from './files.js';

@ServiceConfig({
  auth: [
    {
      jwtValidatorConfig: {
        issuer: '${ISSUER}',
        audience: '${audience}',
        signatureConfig: {
          certFile: projectFile('certs/jwt-issuer.crt'),
        },
        scopeKey: 'scope',
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

/** The Client auth record the tests sign with: a self-signed JWT from the dev issuer's key. */
export const issuerConfigModule = (audience: string) => `/** Self-signed JWTs from the development issuer, as a Pointe Client sends them. */
import type { JwtIssuerConfig } from '@pointe/http';
import { projectFile } from '../src/files.js';

export function devToken(scope: string, overrides: Partial<JwtIssuerConfig> = {}): JwtIssuerConfig {
  return {
    username: 'alice',
    issuer: '${ISSUER}',
    audience: '${audience}',
    customClaims: { scope },
    expTime: 300,
    signatureConfig: { config: { keyFile: projectFile('certs/jwt-issuer.key') } },
    ...overrides,
  };
}
`;

export const jwt: Template = {
  name: 'jwt',
  description: 'JWT bearer tokens checked against an issuer certificate',
  async files({ name, source }) {
    const tokenScript = `pointe token --key certs/jwt-issuer.key --iss ${ISSUER} --aud ${name} --sub alice --scope hello`;
    return {
      'package.json': `${JSON.stringify(packageJson({ name, source, dependencies: ['@pointe/http'], scripts: scripts({ token: tokenScript }) }), null, 2)}\n`,
      'tsconfig.json': `${JSON.stringify(tsconfig(), null, 2)}\n`,
      '.gitignore': GITIGNORE,
      ...devTlsFiles(),
      'src/files.ts': FILES_MODULE,
      ...issuerKeyFiles(),
      'src/service.ts': jwtService(name),
      'src/listener.ts': listenerModule({
        doc: 'The listener: HTTPS with the development certificate, the Greeting service on /greeting.',
        imports: "import { Greeting } from './service.js';",
        attach: "listener.attach(new Greeting(), '/greeting');",
      }),
      'src/main.ts': mainModule('/greeting/hello'),
      'test/request.ts': TEST_HELPER,
      'test/dev-token.ts': issuerConfigModule(name),
      'test/greeting.test.ts': `/** The service's 401 / 403 / 200 with JWTs, over TLS, against a listener on a free port. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createListener } from '../src/listener.js';
import { devToken } from './dev-token.js';
import { get } from './request.js';

${STARTED_LISTENER}
test('no token: 401 with a Bearer challenge', async () => {
  const answer = await get(url, '/greeting/hello');
  assert.equal(answer.status, 401);
  assert.match(answer.challenge ?? '', /Bearer realm=/);
});

test('a token that is not a JWT: 401 invalid_token', async () => {
  const answer = await get(url, '/greeting/hello', { token: 'not-a-jwt' });
  assert.equal(answer.status, 401);
  assert.match(answer.challenge ?? '', /error="invalid_token"/);
});

test('a token from another issuer: 401', async () => {
  assert.equal((await get(url, '/greeting/hello', devToken('hello', { issuer: 'someone-else' }))).status, 401);
});

test('a token without the scope hello: 403', async () => {
  assert.equal((await get(url, '/greeting/hello', devToken('other'))).status, 403);
});

test('a token with the scope hello: 200 Hello, World!', async () => {
  const answer = await get(url, '/greeting/hello', devToken('hello'));
  assert.equal(answer.status, 200);
  assert.equal(answer.body, 'Hello, World!');
});
`,
      'pointe.doctor.json': doctorFile([{ jwtValidatorConfig: { issuer: ISSUER, audience: name, signatureConfig: { certFile: 'certs/jwt-issuer.crt' } }, scopes: ['hello'] }]),
      'README.md': readme({
        name,
        what: `A Pointe service secured with JWTs: it accepts tokens signed by the development issuer's key (\`certs/jwt-issuer.key\`) for issuer "${ISSUER}" and audience "${name}", and needs the scope "hello".`,
        start: 'npm start     # https://localhost:9090/greeting/hello',
        test: 'npm test      # replays 401, 403 and 200',
        tryIt: `\`\`\`sh
curl --cacert certs/public.crt https://localhost:9090/greeting/hello -i     # 401
curl --cacert certs/public.crt -H "Authorization: Bearer $(npm run -s token)" https://localhost:9090/greeting/hello
npx pointe token --key certs/jwt-issuer.key --iss ${ISSUER} --aud ${name} --scope other   # a token that gets 403
\`\`\``,
        files: `- \`src/service.ts\`: the service and its \`jwtValidatorConfig\`.
- \`src/listener.ts\`, \`src/main.ts\`: the HTTPS listener and its start-up.
- \`certs/jwt-issuer.crt\`, \`certs/jwt-issuer.key\`: the development token issuer's certificate and key.
- \`test/\`: the transcript tests (node:test, run with tsx).`,
        next: 'In production, point `signatureConfig` at your identity provider: `jwksConfig: { url }`.',
      }),
    };
  },
};
