/**
 * Rows and curl lines of the file-user-store, JWT and LDAP services: no credential → 401,
 * wrong credential → 401, a principal without `hello` → 403, one with it → 200.
 */
import { ClientSelfSignedJwtAuthHandler, type JwtIssuerConfig, RS256 } from '@pointe/http';
import type { DemoContext } from './context.js';
import { HELLO, type Row } from './rows.js';

type Auth = Parameters<DemoContext['clients']['client']>[1];

const getter = (ctx: DemoContext, path: string) => (auth?: Auth) => () => ctx.clients.client(ctx.url, auth).get(path);

/**
 * The seed's client "Self-Signed JWT Auth" record, with `iss` "wso2" (the seed's JWT service
 * accepts only that issuer) and the demo's signing key; `scp` as given.
 */
export function jwtIssuerConfig(keyFile: string, scp: string): JwtIssuerConfig {
  return {
    username: 'wso2',
    issuer: 'wso2',
    audience: ['ballerina', 'ballerina.org', 'ballerina.io'],
    keyId: '5a0b754-895f-4279-8843-b745e11a57e9',
    customClaims: { scp },
    expTime: 3600,
    signatureConfig: { algorithm: RS256, config: { keyFile } },
  };
}

/** A signed JWT from the record, as a Bearer client or curl would send it. */
export async function mintJwt(keyFile: string, scp: string): Promise<string> {
  const headers = await new ClientSelfSignedJwtAuthHandler(jwtIssuerConfig(keyFile, scp)).getSecurityHeaders();
  return (headers.authorization ?? '').replace(/^Bearer /, '');
}

/** `/foo`: the file user store of Config.toml. */
export function fileUserStoreRows(ctx: DemoContext): Row[] {
  const get = getter(ctx, '/foo/bar');
  return [
    { request: 'GET /foo/bar no auth', expected: 401, send: get() },
    { request: 'GET /foo/bar Basic alex:wrong', expected: 401, send: get({ username: 'alex', password: 'wrong' }) },
    { request: 'GET /foo/bar Basic alice:password1 (no scope hello)', expected: 403, send: get({ username: 'alice', password: 'password1' }) },
    { request: 'GET /foo/bar Basic alex:password4', expected: 200, body: HELLO, send: get({ username: 'alex', password: 'password4' }) },
  ];
}

/** `/jwt`: Bearer tokens, and the self-signed JWT client. */
export async function jwtRows(ctx: DemoContext): Promise<Row[]> {
  const get = getter(ctx, '/jwt/bar');
  const readOnly = await mintJwt(ctx.certs.jwtKey, 'read');
  return [
    { request: 'GET /jwt/bar no auth', expected: 401, send: get() },
    { request: 'GET /jwt/bar Basic alex:password4 (not a JWT)', expected: 401, send: get({ username: 'alex', password: 'password4' }) },
    { request: 'GET /jwt/bar Bearer not-a-jwt', expected: 401, send: get({ token: 'not-a-jwt' }) },
    { request: 'GET /jwt/bar Bearer JWT (scp read)', expected: 403, send: get({ token: readOnly }) },
    { request: 'GET /jwt/bar self-signed JWT (iss wso2, scp hello)', expected: 200, body: HELLO, send: get(jwtIssuerConfig(ctx.certs.jwtKey, 'hello')) },
  ];
}

/** `/ldap`: the directory's users (password `<uid>-pass`); alice is in the group hello, carol in none. */
export function ldapRows(ctx: DemoContext): Row[] {
  const get = getter(ctx, '/ldap/bar');
  return [
    { request: 'GET /ldap/bar no auth', expected: 401, send: get() },
    { request: 'GET /ldap/bar Basic alice:wrong', expected: 401, send: get({ username: 'alice', password: 'wrong' }) },
    { request: 'GET /ldap/bar Basic carol:carol-pass (no group hello)', expected: 403, send: get({ username: 'carol', password: 'carol-pass' }) },
    { request: 'GET /ldap/bar Basic alice:alice-pass', expected: 200, body: HELLO, send: get({ username: 'alice', password: 'alice-pass' }) },
  ];
}

/** Curl lines for the services above, with real headers and a fresh JWT. */
export async function serviceCurlLines(ctx: DemoContext, ldap: boolean): Promise<string[]> {
  const cacert = `--cacert ${ctx.certs.tlsCert}`;
  const basic = (user: string, password: string) => `-H "Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}"`;
  const jwt = await mintJwt(ctx.certs.jwtKey, 'hello');
  return [
    `curl ${cacert} -v ${ctx.url}/foo/bar`,
    '    → 401, WWW-Authenticate: Basic realm="pointe", charset="UTF-8"',
    `curl ${cacert} ${ctx.url}/foo/bar ${basic('alice', 'password1')}`,
    '    → 403 (alice lacks the scope hello)',
    `curl ${cacert} ${ctx.url}/foo/bar ${basic('alex', 'password4')}`,
    '    → 200 Hello, World!   (or: -u alex:password4)',
    `curl ${cacert} ${ctx.url}/jwt/bar -H "Authorization: Bearer ${jwt}"`,
    '    → 200 Hello, World! (a JWT signed with the demo\'s key: iss wso2, aud ballerina, scp hello; valid 1 hour)',
    ...(ldap
      ? [
          `curl ${cacert} ${ctx.url}/ldap/bar -u alice:alice-pass`,
          '    → 200 Hello, World! (alice is in the LDAP group hello; -u carol:carol-pass → 403)',
        ]
      : []),
  ];
}
