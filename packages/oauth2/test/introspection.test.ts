/**
 * `OAuth2IntrospectionValidator` against a real authorization server (oidc-provider):
 * active, inactive, revoked and wrong-scope tokens, `scopeKey` as a string and an array,
 * the cache and the single flight, counted at the server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  OAuth2ErrorCode,
  OAuth2IntrospectionValidator,
  OAuth2ServerError,
  OAuth2TokenRejectedError,
  type OAuth2IntrospectionConfig,
} from '@pointe/oauth2';
import { STS_CLIENTS, type Sts, type StsClient, clientBasic, fetchToken, revoke, startTestSts } from '../../../test-support/sts.js';

let sts: Sts;
const validators: OAuth2IntrospectionValidator[] = [];
const { seed, introspector, shortLived } = STS_CLIENTS;

beforeAll(async () => {
  sts = await startTestSts();
});
afterAll(async () => {
  await Promise.all(validators.map((validator) => validator.close()));
  await sts.stop();
});
beforeEach(() => sts.reset());

function validator(config: Partial<OAuth2IntrospectionConfig> = {}, now?: () => number): OAuth2IntrospectionValidator {
  const created = new OAuth2IntrospectionValidator(
    { url: sts.introspectionUrl, clientConfig: { auth: { username: introspector.clientId, password: introspector.clientSecret } }, ...config },
    'oauth2IntrospectionConfig',
    now === undefined ? {} : { now },
  );
  validators.push(created);
  return created;
}

const rejection = async (promise: unknown) => Promise.resolve(promise).then(() => undefined, (e: unknown) => e);
const ccToken = async (scope = 'hello read', client: StsClient = seed) => (await fetchToken(sts, client, { grant_type: 'client_credentials', scope })).access_token;

describe('introspection against oidc-provider', () => {
  it('an active token: scopes from the space-separated scope claim, the whole response kept; the request is RFC 7662', async () => {
    const token = await ccToken();
    sts.reset();
    const result = await validator({ tokenTypeHint: 'access_token', optionalParams: { resource_hint: 'foo' } }).validate(token);
    expect(result.active).toBe(true);
    expect(result.scopes).toEqual(['hello', 'read']);
    expect(result.username).toBeUndefined();
    expect(result.response).toMatchObject({ client_id: seed.clientId, token_type: 'Bearer' });
    expect(result.exp).toBeGreaterThan(Date.now() / 1000);
    const [request] = sts.requests;
    expect(request?.form).toEqual({ token, token_type_hint: 'access_token', resource_hint: 'foo' });
    expect(request?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request?.headers.authorization).toBe(clientBasic(introspector));
  });

  it('scopeKey naming an array claim (scp) gives the same scopes', async () => {
    const token = await ccToken();
    expect((await validator({ scopeKey: 'scp' }).validate(token)).scopes).toEqual(['hello', 'read']);
  });

  it('a token without the required scope: introspection succeeds, its scopes do not include it', async () => {
    const token = await ccToken('hello');
    const result = await validator().validate(token);
    expect(result.scopes).toEqual(['hello']);
    expect(result.scopes).not.toContain('write');
  });

  it('username from the username claim, else from sub', async () => {
    const alice = await fetchToken(sts, seed, { grant_type: 'password', username: 'alice', password: 'alice-pw', scope: 'hello' });
    const bob = await fetchToken(sts, seed, { grant_type: 'password', username: 'bob', password: 'bob-pw', scope: 'hello' });
    const check = validator();
    expect(await check.validate(alice.access_token)).toMatchObject({ username: 'alice', response: { sub: 'user-alice' } });
    expect(await check.validate(bob.access_token)).toMatchObject({ username: 'bob', response: { sub: 'bob' } });
  });

  it('an unknown token is inactive: OAuth2TokenRejectedError, not a server error', async () => {
    const error = await rejection(validator().validate('no-such-token'));
    expect(error).toBeInstanceOf(OAuth2TokenRejectedError);
    expect(error).toMatchObject({ code: OAuth2ErrorCode.TOKEN_INACTIVE });
    expect(String(error)).not.toContain('no-such-token');
  });

  it('a revoked token is rejected (without a cache the next check asks again)', async () => {
    const token = await ccToken();
    const check = validator();
    await check.validate(token);
    await revoke(sts, seed, token);
    expect(await rejection(check.validate(token))).toMatchObject({ code: OAuth2ErrorCode.TOKEN_INACTIVE });
  });

  it('customHeaders may carry the resource server credentials instead of auth', async () => {
    const token = await ccToken();
    const check = validator({ clientConfig: { customHeaders: { Authorization: clientBasic(introspector), 'X-Trace': 'on' } } });
    expect((await check.validate(token)).active).toBe(true);
    expect(sts.requests.at(-1)?.headers['x-trace']).toBe('on');
  });

  it('wrong resource server credentials: the server answers 401, a server error carrying the status', async () => {
    const token = await ccToken();
    const error = await rejection(validator({ clientConfig: { auth: { username: introspector.clientId, password: 'wrong' } } }).validate(token));
    expect(error).toBeInstanceOf(OAuth2ServerError);
    expect(error).toMatchObject({ code: OAuth2ErrorCode.HTTP_STATUS, status: 401 });
    expect(String(error)).not.toContain('wrong');
  });

  it('an empty or huge token is rejected without a request', async () => {
    const check = validator();
    expect(() => check.validate('')).toThrow(OAuth2TokenRejectedError);
    expect(() => check.validate('x'.repeat(9000))).toThrow(OAuth2TokenRejectedError);
    expect(sts.counters.introspection).toBe(0);
  });
});

describe('single flight and cache', () => {
  it('100 concurrent checks of one token make 1 request, with and without a cache', async () => {
    const token = await ccToken();
    for (const check of [validator(), validator({ cacheConfig: { capacity: 10 } })]) {
      sts.reset();
      const results = await Promise.all(Array.from({ length: 100 }, () => check.validate(token)));
      expect(results.every((result) => result.active)).toBe(true);
      expect(sts.counters.introspection).toBe(1);
    }
  });

  it('a cache hit answers synchronously and sends nothing; without cacheConfig every check asks', async () => {
    const token = await ccToken();
    const cached = validator({ cacheConfig: { capacity: 10 } });
    await cached.validate(token);
    const hit = cached.validate(token);
    expect(typeof (hit as { then?: unknown }).then).toBe('undefined');
    expect(hit).toMatchObject({ active: true, scopes: ['hello', 'read'] });
    expect(cached.cached(token)).toBe(hit);
    // Shared by every request with this token: nobody may change it for the others.
    expect(Object.isFrozen(hit) && Object.isFrozen((hit as { scopes: unknown }).scopes) && Object.isFrozen((hit as { response: unknown }).response)).toBe(true);
    const uncached = validator();
    await uncached.validate(token);
    await uncached.validate(token);
    expect(sts.counters.introspection).toBe(3);
    expect([cached.cachesResults, uncached.cachesResults]).toEqual([true, false]);
  });

  it('cached until exp: a 2 s token is answered from the cache, then asked again and found inactive', async () => {
    const token = await ccToken('hello', shortLived);
    const check = validator({ cacheConfig: { capacity: 10 } });
    await check.validate(token);
    expect(check.cached(token)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(check.cached(token)).toBeUndefined();
    expect(await rejection(check.validate(token))).toBeInstanceOf(OAuth2TokenRejectedError);
    expect(sts.counters.introspection).toBe(2);
  });

  it('a revoked token stays accepted while cached (the documented cost of caching), and is rejected once evicted', async () => {
    const token = await ccToken();
    let now = Date.now();
    const check = validator({ cacheConfig: { capacity: 10, defaultMaxAge: 60 } }, () => now);
    await check.validate(token);
    await revoke(sts, seed, token);
    expect(check.validate(token)).toMatchObject({ active: true });
    now += 61_000;
    expect(await rejection(check.validate(token))).toMatchObject({ code: OAuth2ErrorCode.TOKEN_INACTIVE });
  });

  it('capacity bounds the cache: the least recently used token is asked again', async () => {
    const tokens = await Promise.all([ccToken(), ccToken(), ccToken()]);
    const check = validator({ cacheConfig: { capacity: 2 } });
    for (const token of tokens) await check.validate(token);
    expect(check.cached(tokens[0] as string)).toBeUndefined();
    expect(check.cached(tokens[2] as string)).toBeDefined();
  });

  it('a schedule runs the one uncached call for all concurrent checks', async () => {
    const token = await ccToken();
    const check = validator({ cacheConfig: { capacity: 10 } });
    let scheduled = 0;
    const results = await Promise.all(Array.from({ length: 20 }, () => check.validate(token, (task) => (scheduled++, task()))));
    expect(results).toHaveLength(20);
    expect(scheduled).toBe(1);
    expect(sts.counters.introspection).toBe(1);
  });
});
