/**
 * The three grants and the token manager against a real authorization server
 * (oidc-provider, `test-support/sts.ts`): what the server accepts, how often it is asked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST_BODY_BEARER, OAuth2ErrorCode, OAuth2ServerError, createTokenManager, type TokenManager } from '@pointe/oauth2';
import { STS_CLIENTS, type Sts, clientBasic, revoke, startTestSts } from '../../../test-support/sts.js';

let sts: Sts;
const managers: TokenManager[] = [];
const track = (manager: TokenManager) => (managers.push(manager), manager);

beforeAll(async () => {
  sts = await startTestSts();
});
afterAll(async () => {
  await Promise.all(managers.map((manager) => manager.close()));
  await sts.stop();
});
beforeEach(() => sts.reset());

/** What the STS says of a token, asked as the resource server. */
async function introspection(token: string): Promise<Record<string, unknown>> {
  const response = await fetch(sts.introspectionUrl, {
    method: 'POST',
    headers: { authorization: clientBasic(STS_CLIENTS.introspector), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as Record<string, unknown>;
}

const { seed, post, odd, shortLived } = STS_CLIENTS;

describe('client credentials grant', () => {
  it('AUTH_HEADER_BEARER (the default): Basic credentials, scopes joined by spaces, optionalParams sent', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret, scopes: ['hello', 'read'], optionalParams: { audience_hint: 'pointe' } }));
    const token = await tokens.token();
    expect(await introspection(token)).toMatchObject({ active: true, client_id: seed.clientId, scope: 'hello read' });
    const request = sts.requests.find((r) => r.path === '/oauth2/token');
    expect(request?.headers.authorization).toBe(clientBasic(seed));
    expect(request?.form).toMatchObject({ grant_type: 'client_credentials', scope: 'hello read', audience_hint: 'pointe' });
    expect(request?.form.client_secret).toBeUndefined();
  });

  it('POST_BODY_BEARER: client_id and client_secret in the body, no Authorization header', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: post.clientId, clientSecret: post.clientSecret, scopes: 'hello', credentialBearer: POST_BODY_BEARER }));
    expect(await introspection(await tokens.token())).toMatchObject({ active: true, client_id: post.clientId, scope: 'hello' });
    const request = sts.requests.find((r) => r.path === '/oauth2/token');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.form).toMatchObject({ client_id: post.clientId, client_secret: post.clientSecret });
  });

  it('form-encodes id and secret inside Basic (RFC 6749 §2.3.1): a secret with ":", "%" and a space works', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: odd.clientId, clientSecret: odd.clientSecret }));
    expect(await introspection(await tokens.token())).toMatchObject({ active: true, client_id: odd.clientId });
  });

  it('caches the token: 1,000 calls after the first make no request and answer synchronously', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret }));
    const first = await tokens.token();
    for (let i = 0; i < 1000; i++) {
      const again = tokens.token();
      expect(typeof again).toBe('string');
      expect(again).toBe(first);
    }
    expect(sts.counters.token).toEqual({ client_credentials: 1 });
  });

  it('single flight: 100 concurrent first callers cause 1 token request; after invalidate(), 100 more cause 1 more', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret }));
    const first = await Promise.all(Array.from({ length: 100 }, () => tokens.token()));
    expect(new Set(first).size).toBe(1);
    expect(sts.counters.token.client_credentials).toBe(1);
    tokens.invalidate(first[0]);
    const second = await Promise.all(Array.from({ length: 100 }, () => tokens.token()));
    expect(new Set(second).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
    expect(sts.counters.token.client_credentials).toBe(2);
  });

  it('invalidate() of an older token keeps the current one', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret }));
    const current = await tokens.token();
    tokens.invalidate('some-older-token');
    expect(tokens.token()).toBe(current);
    expect(sts.counters.token.client_credentials).toBe(1);
  });

  it('renews at expires_in: a 2 s token is reused, then 100 concurrent callers at expiry cause 1 request', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: shortLived.clientId, clientSecret: shortLived.clientSecret }));
    const first = await tokens.token();
    expect(tokens.token()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const renewed = await Promise.all(Array.from({ length: 100 }, () => tokens.token()));
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(first);
    expect(sts.counters.token.client_credentials).toBe(2);
  });

  it('clockSkew renews early: with a skew of 3,599 s a 3,600 s token is stale after 1 s', async () => {
    const tokens = track(createTokenManager({ tokenUrl: sts.tokenUrl, clientId: seed.clientId, clientSecret: seed.clientSecret, clockSkew: 3599 }));
    const first = await tokens.token();
    expect(tokens.token()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await tokens.token()).not.toBe(first);
    expect(sts.counters.token.client_credentials).toBe(2);
  });
});

describe('password grant', () => {
  const base = { tokenUrl: '', username: 'alice', password: 'alice-pw', clientId: seed.clientId, clientSecret: seed.clientSecret, scopes: ['hello'] };

  it('obtains a token for the user, then renews it with the refresh-token grant at refreshConfig.refreshUrl', async () => {
    const tokens = track(createTokenManager({ ...base, tokenUrl: sts.tokenUrl, refreshConfig: { refreshUrl: sts.refreshUrl, scopes: ['hello'] } }));
    const first = await tokens.token();
    expect(await introspection(first)).toMatchObject({ active: true, sub: 'user-alice', username: 'alice', scope: 'hello' });
    tokens.invalidate(first);
    const second = await tokens.token();
    expect(second).not.toBe(first);
    expect(await introspection(second)).toMatchObject({ active: true, sub: 'user-alice' });
    expect(sts.counters.token).toEqual({ password: 1, refresh_token: 1 });
    expect(sts.requests.filter((r) => r.path === '/oauth2/token').map((r) => r.form.grant_type)).toEqual(['password', 'refresh_token']);
  });

  it('without refreshConfig, uses the returned refresh_token at the token URL', async () => {
    const tokens = track(createTokenManager({ ...base, tokenUrl: sts.tokenUrl }));
    tokens.invalidate(await tokens.token());
    await tokens.token();
    expect(sts.counters.token).toEqual({ password: 1, refresh_token: 1 });
  });

  it('falls back to the password grant when the refresh is refused (refresh token revoked)', async () => {
    const tokens = track(createTokenManager({ ...base, tokenUrl: sts.tokenUrl, refreshConfig: { refreshUrl: sts.refreshUrl } }));
    const first = await tokens.token();
    // Revoking the access token revokes its grant, and with it the refresh token.
    await revoke(sts, seed, first);
    tokens.invalidate(first);
    const second = await tokens.token();
    expect(await introspection(second)).toMatchObject({ active: true, sub: 'user-alice' });
    expect(sts.counters.token).toEqual({ password: 2, refresh_token: 1 });
  });

  it('wrong password: rejects with the server status and invalid_grant, never the password', async () => {
    const tokens = track(createTokenManager({ ...base, tokenUrl: sts.tokenUrl, password: 'not-the-password' }));
    const error = (await Promise.resolve(tokens.token()).catch((e: unknown) => e)) as OAuth2ServerError;
    expect(error).toBeInstanceOf(OAuth2ServerError);
    expect(error).toMatchObject({ code: OAuth2ErrorCode.GRANT_REFUSED, status: 400, error: 'invalid_grant' });
    expect(error.message).not.toContain('not-the-password');
    expect(error.message).not.toContain(seed.clientSecret);
  });
});

describe('direct token', () => {
  it('starts from the given refresh token and keeps the rotated one (the old one is spent at the STS)', async () => {
    const given = await sts.issueRefreshToken(seed, 'alice', ['hello']);
    const tokens = track(createTokenManager({ refreshUrl: sts.refreshUrl, refreshToken: given, clientId: seed.clientId, clientSecret: seed.clientSecret, scopes: ['hello'] }));
    const first = await tokens.token();
    expect(await introspection(first)).toMatchObject({ active: true, sub: 'user-alice', scope: 'hello' });
    tokens.invalidate(first);
    // oidc-provider rotates: had the manager sent `given` again, this would be invalid_grant
    // (and the STS would revoke the grant).
    const second = await tokens.token();
    expect(await introspection(second)).toMatchObject({ active: true });
    tokens.invalidate(second);
    await tokens.token();
    const sent = sts.requests.filter((r) => r.path === '/oauth2/token').map((r) => r.form.refresh_token);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toBe(given);
    expect(new Set(sent).size).toBe(3);
  });

  it('concurrent callers share one refresh: a rotating server would refuse a second use of the refresh token', async () => {
    const given = await sts.issueRefreshToken(seed, 'bob', ['hello']);
    const tokens = track(createTokenManager({ refreshUrl: sts.refreshUrl, refreshToken: given, clientId: seed.clientId, clientSecret: seed.clientSecret }));
    const all = await Promise.all(Array.from({ length: 50 }, () => tokens.token()));
    expect(new Set(all).size).toBe(1);
    expect(sts.counters.token).toEqual({ refresh_token: 1 });
    expect(await introspection(all[0] as string)).toMatchObject({ active: true, sub: 'bob' });
  });

  it('a refused refresh token rejects with invalid_grant; there is no fallback and the token is not in the message', async () => {
    const tokens = track(createTokenManager({ refreshUrl: sts.refreshUrl, refreshToken: 'not-a-refresh-token', clientId: seed.clientId, clientSecret: seed.clientSecret }));
    const error = (await Promise.resolve(tokens.token()).catch((e: unknown) => e)) as OAuth2ServerError;
    expect(error).toMatchObject({ code: OAuth2ErrorCode.GRANT_REFUSED, status: 400, error: 'invalid_grant' });
    expect(error.message).not.toContain('not-a-refresh-token');
    expect(sts.counters.token).toEqual({ refresh_token: 1 });
  });
});
