/**
 * `@pointe/dev-sts`: a real OAuth2 authorization server (panva's oidc-provider 9.x) for
 * Pointe's tests, examples and the `pointe-sts` dev command. Started in-process on
 * 127.0.0.1 (port 0: a free port), over HTTP or HTTPS. Private: never published.
 *
 * What it serves, at the seed's paths:
 * - `POST /oauth2/token` — `client_credentials`, `password` (added with
 *   `registerGrantType`, as oidc-provider does not ship the deprecated grant) and
 *   `refresh_token` with rotation (a used refresh token is consumed; reusing it is `invalid_grant`
 *   and revokes the grant, as RFC 9700 §4.14.2 recommends);
 * - `POST /oauth2/token/refresh` — the same endpoint under the seed's refresh URL;
 * - `POST /oauth2/token/introspect` — RFC 7662 introspection of the opaque tokens it issued;
 * - `POST /oauth2/token/revoke` — RFC 7009 revocation.
 *
 * Access tokens carry `scope` (space-separated, RFC 7662 §2.2) and also `scp` (the same
 * scopes as a JSON array), so `scopeKey` can be tested both ways; password-grant tokens
 * carry `sub` (the account id) and, for users with a display name, `username`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** A client registered at the STS. */
export interface StsClient {
  clientId: string;
  clientSecret: string;
  /** How the client authenticates at the token, introspection and revocation endpoints. */
  authMethod: 'client_secret_basic' | 'client_secret_post';
  /** The scopes the client may ask for. */
  scopes: string[];
  /** Access token lifetime in seconds (also `expires_in`). */
  accessTokenTtl: number;
}

/** A resource owner for the password grant. */
export interface StsUser {
  /** The login name (the `username` form field). */
  login: string;
  password: string;
  /** The account id: the token's `sub`. */
  sub: string;
  /** Sent as the `username` claim in introspection when set; otherwise only `sub` names the user. */
  username?: string;
}

/** The scopes the STS knows. `hello` is the seed's. */
export const STS_SCOPES = ['hello', 'read', 'write', 'admin'] as const;

/**
 * The documented clients. `s6BhdRkqt3` is the seed's client (credentials in the
 * `Authorization` header); `post-client` sends them in the body (`POST_BODY_BEARER`);
 * `short-lived` gets access tokens of 2 seconds, for expiry tests; `introspector` is the
 * resource server's own client, used to call introspection.
 */
export const STS_CLIENTS = {
  seed: { clientId: 's6BhdRkqt3', clientSecret: '7Fjfp0ZBr1KtDRbnfVdmIw', authMethod: 'client_secret_basic', scopes: ['hello', 'read', 'write'], accessTokenTtl: 3600 },
  post: { clientId: 'post-client', clientSecret: 'post secret/with:odd&chars', authMethod: 'client_secret_post', scopes: ['hello', 'read'], accessTokenTtl: 3600 },
  // A secret with ':' and '%' checks the RFC 6749 §2.3.1 form-encoding inside Basic.
  odd: { clientId: 'odd:client', clientSecret: 'p%ss:w rd', authMethod: 'client_secret_basic', scopes: ['hello'], accessTokenTtl: 3600 },
  shortLived: { clientId: 'short-lived', clientSecret: 'short-secret', authMethod: 'client_secret_basic', scopes: ['hello', 'read'], accessTokenTtl: 2 },
  introspector: { clientId: 'introspector', clientSecret: 'introspector-secret', authMethod: 'client_secret_basic', scopes: [], accessTokenTtl: 3600 },
} as const satisfies Record<string, StsClient>;

/** The documented users of the password grant. `admin`/`123` is the seed's. */
export const STS_USERS: readonly StsUser[] = [
  { login: 'admin', password: '123', sub: 'user-admin', username: 'admin' },
  { login: 'alice', password: 'alice-pw', sub: 'user-alice', username: 'alice' },
  { login: 'bob', password: 'bob-pw', sub: 'bob' },
];

export interface StsOptions {
  /** Port to listen on; default 0 (a free port). */
  port?: number;
  /** Host to listen on; default `127.0.0.1`. */
  host?: string;
  /** Serve HTTPS with this PEM key and certificate. */
  tls?: { key: string; cert: string };
}

/** One request to the token, introspection or revocation endpoint, as the STS received it. */
export interface StsRequest {
  path: string;
  /** The parsed form body. */
  form: Record<string, string | string[]>;
  /** Request headers, lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  status: number;
}

/** Requests seen, for single-flight assertions. Mutated in place; read it, or `reset()`. */
export interface StsCounters {
  /** Token endpoint requests by `grant_type` (failed ones included). */
  token: Record<string, number>;
  introspection: number;
  revocation: number;
}

export interface Sts {
  /** `http(s)://127.0.0.1:<port>`: also the issuer. */
  readonly url: string;
  readonly tokenUrl: string;
  /** The seed's refresh URL, served by the token endpoint. */
  readonly refreshUrl: string;
  readonly introspectionUrl: string;
  readonly revocationUrl: string;
  readonly counters: StsCounters;
  /** The last 100 requests to the three endpoints, oldest first (test support: they hold secrets). */
  readonly requests: StsRequest[];
  /** Zeroes the counters and forgets the requests. */
  reset(): void;
  /** A refresh token for `user` and `client`, as a user would paste into an `OAuth2DirectTokenConfig`. */
  issueRefreshToken(client: StsClient, login: string, scopes: string[]): Promise<string>;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

const PATHS = {
  token: '/oauth2/token',
  refresh: '/oauth2/token/refresh',
  introspection: '/oauth2/token/introspect',
  revocation: '/oauth2/token/revoke',
} as const;

/** Starts the STS; resolves once it listens. */
export async function startSts(options: StsOptions = {}): Promise<Sts> {
  const host = options.host ?? '127.0.0.1';
  // The issuer must be known when the provider is built, and it includes the port:
  // listen first, then attach the provider's handler.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === PATHS.refresh) req.url = PATHS.token;
    if (handler === undefined) {
      res.statusCode = 503;
      res.end();
      return;
    }
    handler(req, res);
  };
  const server: Server = options.tls === undefined ? createHttpServer(onRequest) : createHttpsServer(options.tls, onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls === undefined ? 'http' : 'https'}://${host}:${port}`;

  const counters: StsCounters = { token: {}, introspection: 0, revocation: 0 };
  const requests: StsRequest[] = [];
  const provider = buildProvider(url);
  provider.use(async (ctx, next) => {
    const path = ctx.path;
    await next();
    if (ctx.method !== 'POST') return;
    const body = (ctx.oidc as { body?: Record<string, string | string[]> } | undefined)?.body ?? {};
    if (requests.length >= 100) requests.shift();
    requests.push({ path, form: { ...body }, headers: { ...ctx.req.headers }, status: ctx.status });
    if (path === PATHS.token) {
      // Read after the route ran: by then oidc-provider has parsed the form body.
      const params = (ctx.oidc as { params?: { grant_type?: unknown } } | undefined)?.params;
      const grant = typeof params?.grant_type === 'string' ? params.grant_type : '(none)';
      counters.token[grant] = (counters.token[grant] ?? 0) + 1;
    } else if (path === PATHS.introspection) counters.introspection++;
    else if (path === PATHS.revocation) counters.revocation++;
  });
  handler = provider.callback();

  return {
    url,
    tokenUrl: url + PATHS.token,
    refreshUrl: url + PATHS.refresh,
    introspectionUrl: url + PATHS.introspection,
    revocationUrl: url + PATHS.revocation,
    counters,
    requests,
    reset() {
      requests.length = 0;
      counters.token = {};
      counters.introspection = 0;
      counters.revocation = 0;
    },
    issueRefreshToken: (client, login, scopes) => mintRefreshToken(provider, client, login, scopes),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function buildProvider(issuer: string): Provider {
  const clients: ClientMetadata[] = Object.values(STS_CLIENTS).map((client) => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    token_endpoint_auth_method: client.authMethod,
    grant_types: ['client_credentials', 'password', 'refresh_token'],
    redirect_uris: [],
    response_types: [],
    ...(client.scopes.length === 0 ? {} : { scope: client.scopes.join(' ') }),
  }));
  const ttlOf = (clientId: string | undefined) =>
    Object.values(STS_CLIENTS).find((client) => client.clientId === clientId)?.accessTokenTtl ?? 3600;

  const configuration: Configuration = {
    clients,
    scopes: [...STS_SCOPES],
    // A signing key of its own, so oidc-provider does not warn about its development keys.
    jwks: { keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as never] },
    routes: { token: PATHS.token, introspection: PATHS.introspection, revocation: PATHS.revocation },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Any authenticated client may introspect (a resource server introspects others' tokens).
      introspection: { enabled: true, allowedPolicy: (_ctx, client) => client.clientAuthMethod !== 'none' },
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => client.clientId === token.clientId },
    },
    rotateRefreshToken: true,
    // A non-default policy also turns the refresh_token grant on; the password grant issues its own.
    issueRefreshToken: () => true,
    ttl: {
      AccessToken: (_ctx, token) => ttlOf(token.clientId),
      ClientCredentials: (_ctx, token) => ttlOf(token.clientId),
      RefreshToken: 24 * 3600,
      Grant: 24 * 3600,
    },
    findAccount: (_ctx, sub) => {
      const user = STS_USERS.find((candidate) => candidate.sub === sub);
      return user === undefined ? undefined : { accountId: sub, claims: () => ({ sub }) };
    },
    extraTokenClaims: (_ctx, token) => {
      const scopes = typeof token.scope === 'string' && token.scope !== '' ? token.scope.split(' ') : [];
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const user = STS_USERS.find((candidate) => candidate.sub === accountId);
      return { scp: scopes, ...(user?.username === undefined ? {} : { username: user.username }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.registerGrantType('password', (ctx) => passwordGrant(provider, ctx), ['username', 'password', 'scope']);
  return provider;
}

/** RFC 6749 §4.3: the resource owner's credentials for an access token and a refresh token. */
async function passwordGrant(provider: Provider, ctx: KoaContextWithOIDC & { oidc: { params?: unknown } }): Promise<void> {
  const params = ctx.oidc.params as { username?: string; password?: string; scope?: string };
  const user = STS_USERS.find((candidate) => candidate.login === params.username && candidate.password === params.password);
  if (user === undefined) throw new errors.InvalidGrant('invalid resource owner credentials');
  const client = ctx.oidc.client;
  if (client === undefined) throw new Error('unreachable: the token endpoint authenticated no client');
  const allowed = new Set((client.scope ?? '').split(' '));
  const requested = (params.scope ?? '').split(' ').filter((scope) => scope !== '');
  const denied = requested.filter((scope) => !allowed.has(scope));
  if (denied.length > 0) throw new errors.InvalidScope('requested scope(s) not allowed', denied.join(' '));
  const tokens = await issueUserTokens(provider, client, user, requested);
  ctx.body = { ...tokens, token_type: 'Bearer' };
}

type ProviderClient = NonNullable<KoaContextWithOIDC['oidc']['client']>;

async function issueUserTokens(
  provider: Provider,
  client: ProviderClient,
  user: StsUser,
  scopes: string[],
): Promise<{ access_token: string; refresh_token: string; expires_in: number; scope?: string }> {
  const scope = scopes.join(' ');
  const grant = new provider.Grant({ accountId: user.sub, clientId: client.clientId });
  if (scope !== '') grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const at = new provider.AccessToken({ accountId: user.sub, client, grantId, gty: 'password', scope });
  const rt = new provider.RefreshToken({ accountId: user.sub, client, grantId, gty: 'password', scope });
  const accessToken = await at.save();
  const refreshToken = await rt.save();
  return { access_token: accessToken, refresh_token: refreshToken, expires_in: at.expiration, ...(scope === '' ? {} : { scope }) };
}

async function mintRefreshToken(provider: Provider, spec: StsClient, login: string, scopes: string[]): Promise<string> {
  const user = STS_USERS.find((candidate) => candidate.login === login);
  if (user === undefined) throw new Error(`dev-sts: no user '${login}'`);
  const client = await provider.Client.find(spec.clientId);
  if (client === undefined) throw new Error(`dev-sts: no client '${spec.clientId}'`);
  return (await issueUserTokens(provider, client, user, scopes)).refresh_token;
}
