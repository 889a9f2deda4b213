/**
 * OAuth2 in the demo: `/oauth2`, the seed's `oauth2IntrospectionConfig` pointed at the local STS,
 * and the rows of the three OAuth2 client grants (client credentials, password, direct token)
 * calling it; `stsRows` show the STS working on its own (a token from the seed's client,
 * introspected by the resource server's client). The seed's values wherever the seed has them.
 */
import { STS_CLIENTS, type Sts } from '@pointe/dev-sts';
import type { OAuth2IntrospectionConfig } from '@pointe/http';
import type { DemoContext } from './context.js';
import { HELLO, type Row } from './rows.js';
import { helloService } from './services.js';

/** Where the introspection-secured service is attached. */
export const OAUTH2_BASE = '/oauth2';

const seed = STS_CLIENTS.seed;
const introspector = STS_CLIENTS.introspector;

/**
 * `service /oauth2`: the seed's `oauth2IntrospectionConfig` pointed at the STS. The resource
 * server authenticates to the introspection endpoint as the STS's `introspector` client.
 */
export function oauth2IntrospectionService(sts: Sts, cert: string): object {
  const oauth2IntrospectionConfig = {
    url: sts.introspectionUrl,
    tokenTypeHint: 'access_token',
    scopeKey: 'scp',
    clientConfig: {
      auth: { username: introspector.clientId, password: introspector.clientSecret },
      secureSocket: { cert },
    },
  } satisfies OAuth2IntrospectionConfig;
  return helloService([{ oauth2IntrospectionConfig, scopes: ['hello'] }]);
}

/** A token from the STS's token endpoint for the seed's client (Basic client credentials). */
export async function stsAccessToken(ctx: DemoContext, scope: string): Promise<string> {
  const res = await tokenRequest(ctx, { grant_type: 'client_credentials', scope });
  const body = await res.getJsonPayload<{ access_token?: unknown }>();
  if (res.statusCode !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`the STS gave no token for scope '${scope}': HTTP ${res.statusCode}`);
  }
  return body.access_token;
}

function tokenRequest(ctx: DemoContext, form: Record<string, string>) {
  return ctx.clients
    .client(ctx.sts.url, { username: seed.clientId, password: seed.clientSecret })
    .post('/oauth2/token', new URLSearchParams(form));
}

/** The STS on its own (always on): a client-credentials token, then its introspection. */
export function stsRows(ctx: DemoContext): Row[] {
  let token = '';
  return [
    {
      request: `POST STS /oauth2/token client_credentials (Basic ${seed.clientId})`,
      expected: 200,
      send: async () => {
        const res = await tokenRequest(ctx, { grant_type: 'client_credentials', scope: 'hello' });
        token = (await res.getJsonPayload<{ access_token?: string }>()).access_token ?? '';
        return res;
      },
      body: (text) => text.includes('"access_token"'),
    },
    {
      request: `POST STS /oauth2/token/introspect that token (Basic ${introspector.clientId})`,
      expected: 200,
      send: () =>
        ctx.clients
          .client(ctx.sts.url, { username: introspector.clientId, password: introspector.clientSecret })
          .post('/oauth2/token/introspect', new URLSearchParams({ token, token_type_hint: 'access_token' })),
      body: (text) => (JSON.parse(text) as { active?: unknown; scope?: unknown }).active === true,
    },
  ];
}

/** The introspection-secured service with every OAuth2 client kind (only when wired). */
export async function oauth2Rows(ctx: DemoContext): Promise<Row[]> {
  const path = `${OAUTH2_BASE}/bar`;
  const readOnly = await stsAccessToken(ctx, 'read');
  const refreshToken = await ctx.sts.issueRefreshToken(seed, 'admin', ['hello']);
  const get = (auth?: Parameters<DemoContext['clients']['client']>[1]) => () => ctx.clients.client(ctx.url, auth).get(path);
  return [
    { request: `GET ${path} no auth`, expected: 401, send: get() },
    { request: `GET ${path} Bearer not-a-token`, expected: 401, send: get({ token: 'not-a-token' }) },
    { request: `GET ${path} Bearer STS token (scope read)`, expected: 403, send: get({ token: readOnly }) },
    {
      request: `GET ${path} OAuth2 client credentials (${seed.clientId}, scope hello)`,
      expected: 200,
      body: HELLO,
      send: get({ tokenUrl: ctx.sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret, scopes: ['hello'], clientConfig: { secureSocket: { cert: ctx.certs.tlsCert } } }),
    },
    {
      request: `GET ${path} OAuth2 password grant (admin:123, scope hello)`,
      expected: 200,
      body: HELLO,
      send: get({
        tokenUrl: ctx.sts.tokenUrl, username: 'admin', password: '123', clientId: seed.clientId, clientSecret: seed.clientSecret,
        scopes: ['hello'], clientConfig: { secureSocket: { cert: ctx.certs.tlsCert } },
      }),
    },
    {
      request: `GET ${path} OAuth2 direct token (refresh token of admin)`,
      expected: 200,
      body: HELLO,
      send: get({
        refreshUrl: ctx.sts.refreshUrl, refreshToken, clientId: seed.clientId, clientSecret: seed.clientSecret,
        scopes: ['hello'], clientConfig: { secureSocket: { cert: ctx.certs.tlsCert } },
      }),
    },
  ];
}

/** Curl lines for the STS (always) and, when wired, the introspection-secured service. */
export async function oauth2CurlLines(ctx: DemoContext): Promise<string[]> {
  const cacert = `--cacert ${ctx.certs.tlsCert}`;
  const lines = [
    `curl ${cacert} -u ${seed.clientId}:${seed.clientSecret} -d grant_type=client_credentials -d scope=hello ${ctx.sts.tokenUrl}`,
    '    → 200, {"access_token": ..., "scope": "hello", ...} from the STS',
    `curl ${cacert} -u ${seed.clientId}:${seed.clientSecret} -d grant_type=password -d username=admin -d password=123 -d scope=hello ${ctx.sts.tokenUrl}`,
    '    → 200, an access token and a refresh token for the seed\'s user admin',
  ];
  const token = await stsAccessToken(ctx, 'hello');
  return [
    ...lines,
    `curl ${cacert} ${ctx.url}${OAUTH2_BASE}/bar -H "Authorization: Bearer ${token}"`,
    '    → 200 Hello, World! (the listener introspects the token at the STS)',
  ];
}
