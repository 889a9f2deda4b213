// The development STS (@pointe/dev-sts: oidc-provider, the tests' authorization server) for the
// plain-JavaScript bench and soak scripts, on 127.0.0.1 over plain HTTP (loopback), with helpers
// to get a token and the seed's introspection record pointed at it.
import { STS_CLIENTS, startSts } from '@pointe/dev-sts';

export { STS_CLIENTS };

const basicOf = (client) => `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;

/** A client-credentials access token of `client` (default the seed's) for `scope`. */
export async function stsToken(sts, scope = 'hello', client = STS_CLIENTS.seed) {
  const response = await fetch(sts.tokenUrl, {
    method: 'POST',
    headers: { authorization: basicOf(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`bench STS: token request failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** The seed's `oauth2IntrospectionConfig` (scopeKey scp) at `sts`, as the resource server `introspector`. */
export function introspectionRecord(sts, overrides = {}) {
  const { introspector } = STS_CLIENTS;
  return {
    url: sts.introspectionUrl,
    tokenTypeHint: 'access_token',
    scopeKey: 'scp',
    clientConfig: { auth: { username: introspector.clientId, password: introspector.clientSecret } },
    ...overrides,
  };
}

/** Starts an STS; resolves to `{ sts, token }` (a token with the scope hello). */
export async function startBenchSts() {
  const sts = await startSts();
  return { sts, token: await stsToken(sts) };
}
