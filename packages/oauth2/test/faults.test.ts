/**
 * Faults a real authorization server does not produce, from plain node:http fakes: a 500,
 * a hang, a malformed body, `active: true` with a past `exp`, a redirect, an oversized
 * answer, a server that is down. None may be read as an active token, none may hang.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  OAuth2ErrorCode,
  OAuth2IntrospectionValidator,
  OAuth2ServerError,
  OAuth2TokenRejectedError,
  createTokenManager,
  type OAuth2IntrospectionConfig,
} from '@pointe/oauth2';
import { type FakeServer, json, startFakeServer } from '../../../test-support/sts.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((fn) => fn()));
});

async function fake(handle: Parameters<typeof startFakeServer>[0]): Promise<FakeServer> {
  const server = await startFakeServer(handle);
  cleanup.push(() => server.close());
  return server;
}

function validator(url: string, config: Partial<OAuth2IntrospectionConfig> = {}, now?: () => number): OAuth2IntrospectionValidator {
  const created = new OAuth2IntrospectionValidator({ url, ...config }, 'oauth2IntrospectionConfig', now === undefined ? {} : { now });
  cleanup.push(() => created.close());
  return created;
}

const rejection = async (promise: unknown) => Promise.resolve(promise).then(() => undefined, (e: unknown) => e);
const nowS = () => Math.floor(Date.now() / 1000);

describe('introspection faults', () => {
  it('a 500 is a server error, not a rejected token', async () => {
    const server = await fake((_req, res) => json(res, 500, { active: true }));
    const error = await rejection(validator(`${server.url}/introspect`).validate('tok'));
    expect(error).toBeInstanceOf(OAuth2ServerError);
    expect(error).not.toBeInstanceOf(OAuth2TokenRejectedError);
    expect(error).toMatchObject({ code: OAuth2ErrorCode.HTTP_STATUS, status: 500 });
  });

  it('malformed JSON, a non-object, and "active" that is not a boolean are server errors', async () => {
    const bodies = ['{"active": tru', '[true]', '{"active":"true"}', '{"scope":"hello"}', '{"active":true,"exp":"soon"}'];
    let i = 0;
    const server = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bodies[i++]);
    });
    const check = validator(`${server.url}/introspect`);
    for (const body of bodies) {
      const error = await rejection(check.validate(`token-${body.length}`));
      expect(error, body).toBeInstanceOf(OAuth2ServerError);
      expect(error, body).toMatchObject({ code: OAuth2ErrorCode.BAD_RESPONSE });
    }
  });

  it('active: true with an exp in the past is rejected as expired', async () => {
    const server = await fake((_req, res) => json(res, 200, { active: true, exp: nowS() - 5, scope: 'hello' }));
    const error = await rejection(validator(`${server.url}/introspect`, { cacheConfig: {} }).validate('tok'));
    expect(error).toBeInstanceOf(OAuth2TokenRejectedError);
    expect(error).toMatchObject({ code: OAuth2ErrorCode.TOKEN_EXPIRED });
  });

  it('active: true with nbf in the future is rejected', async () => {
    const server = await fake((_req, res) => json(res, 200, { active: true, nbf: nowS() + 600 }));
    expect(await rejection(validator(`${server.url}/introspect`).validate('tok'))).toMatchObject({ code: OAuth2ErrorCode.TOKEN_INACTIVE });
  });

  it('without exp, a response is cached for defaultTokenExpTime', async () => {
    const server = await fake((_req, res) => json(res, 200, { active: true, sub: 'svc' }));
    let now = Date.now();
    const check = validator(`${server.url}/introspect`, { cacheConfig: { capacity: 5 }, defaultTokenExpTime: 30 }, () => now);
    await check.validate('tok');
    now += 29_000;
    expect(check.validate('tok')).toMatchObject({ username: 'svc' });
    now += 2_000;
    await check.validate('tok');
    expect(server.requests).toHaveLength(2);
  });

  it('a hang: the timeout is honoured, and after close() no connection is left open', async () => {
    const server = await fake(() => {
      /* never answers */
    });
    const check = validator(`${server.url}/introspect`, { clientConfig: { timeout: 0.5 } });
    const started = performance.now();
    const error = await rejection(check.validate('tok'));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ code: OAuth2ErrorCode.TIMEOUT });
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(5000);
    await check.close();
    await expect.poll(() => server.openConnections, { timeout: 2000 }).toBe(0);
  });

  it('close() while a request hangs rejects it at once (CLOSED) and resolves', async () => {
    const server = await fake(() => {
      /* never answers */
    });
    const check = validator(`${server.url}/introspect`, { clientConfig: { timeout: 60 } });
    const pending = rejection(check.validate('tok'));
    await expect.poll(() => server.requests.length).toBe(1);
    const started = performance.now();
    await check.close();
    expect(await pending).toMatchObject({ code: OAuth2ErrorCode.CLOSED });
    expect(performance.now() - started).toBeLessThan(2000);
    await expect.poll(() => server.openConnections, { timeout: 2000 }).toBe(0);
  });

  it('a redirect is not followed: it is a non-2xx answer, and the other server sees nothing', async () => {
    const elsewhere = await fake((_req, res) => json(res, 200, { active: true }));
    const server = await fake((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/introspect` });
      res.end();
    });
    expect(await rejection(validator(`${server.url}/introspect`).validate('tok'))).toMatchObject({ code: OAuth2ErrorCode.HTTP_STATUS, status: 307 });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('an oversized answer is refused', async () => {
    const server = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ active: true, pad: 'x'.repeat(300 * 1024) }));
    });
    expect(await rejection(validator(`${server.url}/introspect`).validate('tok'))).toMatchObject({ code: OAuth2ErrorCode.BAD_RESPONSE });
  });

  it('the request: token form-encoded properly, then token_type_hint, optionalParams, customPayload; custom headers', async () => {
    const server = await fake((_req, res) => json(res, 200, { active: true }));
    const check = validator(`${server.url}/introspect`, {
      tokenTypeHint: 'access_token',
      optionalParams: { 'a b': 'c&d' },
      clientConfig: { customPayload: 'x=1&y=%3D', customHeaders: { 'X-Api-Key': 'k1' }, auth: { token: 'rs-token' } },
    });
    await check.validate('t+o/k=e&n');
    const [request] = server.requests;
    expect(request?.body).toBe('token=t%2Bo%2Fk%3De%26n&token_type_hint=access_token&a+b=c%26d&x=1&y=%3D');
    expect(request?.headers).toMatchObject({ 'x-api-key': 'k1', authorization: 'Bearer rs-token' });
  });

  it('a server that is down: a server error (UNREACHABLE), quickly', async () => {
    const port = await closedPort();
    const error = await rejection(validator(`http://127.0.0.1:${port}/introspect`).validate('tok'));
    expect(error).toMatchObject({ code: OAuth2ErrorCode.UNREACHABLE });
    expect(String(error)).toContain('ECONNREFUSED');
  });

  it('clientConfig.auth as a grant: one token for many introspections; a 401 drops it and retries once, never more', async () => {
    let tokenRequests = 0;
    let acceptedToken = 'token-1';
    const as = await fake((req, res) => {
      if (req.url === '/token') return json(res, 200, { access_token: `token-${++tokenRequests}`, token_type: 'Bearer', expires_in: 3600 });
      if (req.headers.authorization !== `Bearer ${acceptedToken}`) return json(res, 401, { error: 'invalid_token' });
      return json(res, 200, { active: true });
    });
    const check = validator(`${as.url}/introspect`, { clientConfig: { auth: { tokenUrl: `${as.url}/token`, clientId: 'rs', clientSecret: 'rs-secret' } } });
    for (let i = 0; i < 5; i++) await check.validate(`tok-${i}`);
    expect(tokenRequests).toBe(1);
    acceptedToken = 'token-2';
    await check.validate('tok-after-rotation');
    expect(tokenRequests).toBe(2);
    acceptedToken = 'never';
    const before = as.requests.length;
    expect(await rejection(check.validate('tok-always-401'))).toMatchObject({ code: OAuth2ErrorCode.HTTP_STATUS, status: 401 });
    // One introspection, one token request, one retried introspection: no loop.
    expect(as.requests.length - before).toBe(3);
  });

  it('options.clientAuth: the caller handler authenticates (its auth record left to it), renewed once on a 401', async () => {
    let issued = 0;
    const refused: unknown[] = [];
    const handler = {
      getSecurityHeaders: () => ({ authorization: `Bearer jwt-${issued}` }),
      onUnauthorized: (sent?: Readonly<Record<string, string>>) => (refused.push(sent), issued++, true),
    };
    const server = await fake((req, res) => (req.headers.authorization === 'Bearer jwt-1' ? json(res, 200, { active: true }) : json(res, 401, {})));
    const config = { url: `${server.url}/introspect`, clientConfig: { auth: { signatureConfig: { keyFile: 'checked-by-http.pem' } } } };
    const check = new OAuth2IntrospectionValidator(config as unknown as OAuth2IntrospectionConfig, 'oauth2IntrospectionConfig', { clientAuth: handler });
    cleanup.push(() => check.close());
    expect((await check.validate('tok')).active).toBe(true);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer jwt-0', 'Bearer jwt-1']);
    // The handler is told which credential was refused: the headers the refused request carried.
    expect(refused).toEqual([{ authorization: 'Bearer jwt-0' }]);
  });
});

describe('token endpoint faults', () => {
  const grant = (url: string, extra: Record<string, unknown> = {}) =>
    createTokenManager({ tokenUrl: `${url}/token`, clientId: 'id', clientSecret: 'the-client-secret', ...extra });

  it('down when the manager is built: the constructor neither throws nor sends; the first token() rejects UNREACHABLE', async () => {
    const port = await closedPort();
    const tokens = grant(`http://127.0.0.1:${port}`);
    cleanup.push(() => tokens.close());
    expect(await rejection(tokens.token())).toMatchObject({ code: OAuth2ErrorCode.UNREACHABLE });
  });

  it('constructing sends nothing (counted at a live server)', async () => {
    const server = await fake((_req, res) => json(res, 200, { access_token: 'a', token_type: 'Bearer' }));
    const tokens = grant(server.url);
    cleanup.push(() => tokens.close());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(0);
    await tokens.token();
    expect(server.requests).toHaveLength(1);
  });

  it('invalid_grant: carries status, error and error_description; never the secret', async () => {
    const server = await fake((_req, res) => json(res, 400, { error: 'invalid_grant', error_description: 'grant expired' }));
    const tokens = grant(server.url);
    cleanup.push(() => tokens.close());
    const error = (await rejection(tokens.token())) as OAuth2ServerError;
    expect(error).toMatchObject({ code: OAuth2ErrorCode.GRANT_REFUSED, status: 400, error: 'invalid_grant', errorDescription: 'grant expired' });
    expect(error.message).toContain('invalid_grant (grant expired)');
    expect(error.message).not.toContain('the-client-secret');
  });

  it('a 500 with an HTML body, malformed JSON, no access_token, a non-Bearer token_type: errors, not tokens', async () => {
    const answers: Array<[number, string]> = [
      [500, '<html>oops</html>'],
      [200, '{"access_token": "a"'],
      [200, '{"token_type":"Bearer"}'],
      [200, '{"access_token":"a","token_type":"mac"}'],
    ];
    let i = 0;
    const server = await fake((_req, res) => {
      const [status, body] = answers[i++] ?? [500, ''];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
    const tokens = grant(server.url);
    cleanup.push(() => tokens.close());
    const codes = [];
    for (let n = 0; n < answers.length; n++) codes.push(((await rejection(tokens.token())) as OAuth2ServerError).code);
    expect(codes).toEqual([OAuth2ErrorCode.HTTP_STATUS, OAuth2ErrorCode.BAD_RESPONSE, OAuth2ErrorCode.BAD_RESPONSE, OAuth2ErrorCode.BAD_RESPONSE]);
  });

  it('a hang: timeout honoured; the next call tries again', async () => {
    let hang = true;
    const server = await fake((_req, res) => {
      if (!hang) json(res, 200, { access_token: 'late', token_type: 'Bearer' });
    });
    const tokens = grant(server.url, { clientConfig: { timeout: 0.4 } });
    cleanup.push(() => tokens.close());
    const started = performance.now();
    expect(await rejection(tokens.token())).toMatchObject({ code: OAuth2ErrorCode.TIMEOUT });
    expect(performance.now() - started).toBeLessThan(5000);
    hang = false;
    expect(await tokens.token()).toBe('late');
  });

  it('close() while a token request hangs: the callers reject CLOSED, close() resolves, no connection stays open', async () => {
    const server = await fake(() => {
      /* never answers */
    });
    const tokens = grant(server.url, { clientConfig: { timeout: 60 } });
    const pending = Promise.all([rejection(tokens.token()), rejection(tokens.token())]);
    await expect.poll(() => server.requests.length).toBe(1);
    await tokens.close();
    expect((await pending).map((error) => (error as OAuth2ServerError).code)).toEqual([OAuth2ErrorCode.CLOSED, OAuth2ErrorCode.CLOSED]);
    await expect.poll(() => server.openConnections, { timeout: 2000 }).toBe(0);
    expect(await rejection(tokens.token())).toMatchObject({ code: OAuth2ErrorCode.CLOSED });
    expect(server.requests).toHaveLength(1);
  });

  it('no expires_in: the token lives defaultTokenExpTime; a numeric-string expires_in is honoured', async () => {
    let n = 0;
    const server = await fake((req, res) =>
      json(res, 200, req.url === '/token' ? { access_token: `a${++n}`, token_type: 'bearer' } : { access_token: `s${++n}`, expires_in: '3600' }),
    );
    const bare = grant(server.url, { defaultTokenExpTime: 1 });
    const stringy = createTokenManager({ tokenUrl: `${server.url}/stringy`, clientId: 'id', clientSecret: 's', defaultTokenExpTime: 1 });
    cleanup.push(() => bare.close(), () => stringy.close());
    const first = await bare.token();
    const kept = await stringy.token();
    expect(bare.token()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await bare.token()).not.toBe(first);
    expect(stringy.token()).toBe(kept);
    expect(server.requests).toHaveLength(3);
  });

  it('the request: grant_type, scope joined by spaces, optionalParams, customPayload and customHeaders', async () => {
    const server = await fake((_req, res) => json(res, 200, { access_token: 'a', token_type: 'Bearer' }));
    const tokens = grant(server.url, {
      scopes: ['hello', 'read'],
      optionalParams: { audience: 'https://api' },
      clientConfig: { customPayload: 'tenant=t1', customHeaders: { 'X-Req': '1' } },
    });
    cleanup.push(() => tokens.close());
    await tokens.token();
    const [request] = server.requests;
    expect(request?.body).toBe('grant_type=client_credentials&scope=hello+read&audience=https%3A%2F%2Fapi&tenant=t1');
    expect(request?.headers).toMatchObject({ 'x-req': '1', authorization: `Basic ${Buffer.from('id:the-client-secret').toString('base64')}` });
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
