/**
 * The plug-in interface is safe to implement wrongly (issue 6 item 4): a pending answer is
 * recognised by its `then` method, not by being a native Promise; a principal without a
 * `scopes` array fails its element; a key registered twice is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { Get, Listener, ServiceConfig, registerAuthMechanism, type ListenerAuthConfig, type Principal } from '@pointe/http';
import { call, startListener, tlsConfig } from './support.js';

/** A thenable that is not a Promise, like one from another realm or an old promise library. */
function foreignThenable<T>(value: T): PromiseLike<T> {
  return {
    then<R1 = T, R2 = never>(onFulfilled?: ((v: T) => R1 | PromiseLike<R1>) | null, _onRejected?: ((e: unknown) => R2 | PromiseLike<R2>) | null) {
      setImmediate(() => onFulfilled?.(value));
      return foreignThenable(undefined) as unknown as PromiseLike<R1 | R2>;
    },
  };
}

const token = (t: string) => ({ headers: { authorization: `Bearer ${t}` }, ca: testCerts().caCert });

registerAuthMechanism({
  key: 'thenableConfig',
  scheme: 'bearer',
  validate: (c) => c,
  create: () => ({
    scheme: 'bearer',
    authenticate: (credential) =>
      foreignThenable<Principal | undefined>(credential.scheme === 'bearer' && credential.token === 'good' ? { scheme: 'basic', scopes: ['read'] } : undefined),
  }),
});

registerAuthMechanism({
  key: 'noScopesConfig',
  scheme: 'bearer',
  validate: (c) => c,
  // A careless plug-in: a "principal" with no scopes array, sync and async.
  create: () => ({
    scheme: 'bearer',
    authenticate: (credential) =>
      (credential.scheme === 'bearer' && credential.token === 'async'
        ? Promise.resolve({ scheme: 'test', scopes: 'read' })
        : { scheme: 'test' }) as unknown as Principal,
  }),
});

/** A provider with a cache of accepted tokens (`recall`), counting what the chain asks it. */
const asked = { recall: [] as string[], authenticate: [] as string[] };
registerAuthMechanism({
  key: 'recallConfig',
  scheme: 'bearer',
  validate: (c) => c,
  create: () => ({
    scheme: 'bearer',
    recall(t: string): Principal | undefined {
      asked.recall.push(t);
      if (t === 'throws') throw new Error('a careless recall');
      if (t === 'noscopes') return { scheme: 'test' } as unknown as Principal;
      return t === 'hit-read' ? { scheme: 'oauth2', scopes: ['read'] } : t === 'hit-other' ? { scheme: 'oauth2', scopes: ['other'] } : undefined;
    },
    authenticate(credential): Principal | undefined {
      if (credential.scheme !== 'bearer') return undefined;
      asked.authenticate.push(credential.token);
      return credential.token === 'throws' || credential.token === 'slow-read' ? { scheme: 'oauth2', scopes: ['read'] } : undefined;
    },
  }),
});

/** The same for Basic: `recall` gets the token68 as sent, `authenticate` the decoded credential. */
const b64 = (s: string) => Buffer.from(s).toString('base64');
const basic = (userPass: string) => ({ headers: { authorization: `Basic ${b64(userPass)}` }, ca: testCerts().caCert });
const askedBasic = { recall: [] as string[], authenticate: [] as string[] };
registerAuthMechanism({
  key: 'basicRecallConfig',
  scheme: 'basic',
  validate: (c) => c,
  create: () => ({
    scheme: 'basic',
    recall(t: string): Principal | undefined {
      askedBasic.recall.push(t);
      return t === b64('hit:read') ? { scheme: 'basic', scopes: ['read'] } : t === b64('hit:other') ? { scheme: 'basic', scopes: ['other'] } : undefined;
    },
    authenticate(credential): Principal | undefined {
      if (credential.scheme !== 'basic') return undefined;
      askedBasic.authenticate.push(`${credential.username}:${credential.password}`);
      return credential.password === 'read' ? { scheme: 'basic', scopes: ['read'] } : undefined;
    },
  }),
});

@ServiceConfig({ auth: [{ basicRecallConfig: {}, scopes: 'read' } as unknown as ListenerAuthConfig] })
class BasicRecalled {
  @Get('x')
  x() {
    return 'ok';
  }
}

@ServiceConfig({ auth: [{ recallConfig: {}, scopes: 'read' } as unknown as ListenerAuthConfig] })
class Recalled {
  @Get('x')
  x() {
    return 'ok';
  }
}

@ServiceConfig({ auth: [{ thenableConfig: {} } as unknown as ListenerAuthConfig, { recallConfig: {}, scopes: 'read' } as unknown as ListenerAuthConfig] })
class RecalledSecond {
  @Get('x')
  x() {
    return 'ok';
  }
}

@ServiceConfig({ auth: [{ thenableConfig: {} } as unknown as ListenerAuthConfig] })
class Thenable {
  @Get('x')
  x() {
    return 'ok';
  }
}

@ServiceConfig({ auth: [{ noScopesConfig: {}, scopes: 'read' } as unknown as ListenerAuthConfig] })
class Scoped {
  @Get('x')
  x() {
    return 'ok';
  }
}

@ServiceConfig({ auth: [{ noScopesConfig: {} } as unknown as ListenerAuthConfig] })
class Unscoped {
  @Get('x')
  x() {
    return 'ok';
  }
}

let listener: Listener;
let url: string;
beforeAll(async () => {
  ({ listener, url } = await startListener([[new Thenable(), '/thenable'], [new Scoped(), '/scoped'], [new Unscoped(), '/unscoped'], [new Recalled(), '/recalled'], [new RecalledSecond(), '/second'], [new BasicRecalled(), '/basic']]));
});
afterAll(async () => {
  await listener.immediateStop();
});

describe('the plug-in interface', () => {
  it('waits for a pending answer that is a thenable but not a Promise', async () => {
    const ok = await call(`${url}/thenable/x`, token('good'));
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('ok');
    expect((await call(`${url}/thenable/x`, token('bad'))).status).toBe(401);
  });

  it('fails an element whose principal has no scopes array, with or without required scopes', async () => {
    for (const path of ['/scoped/x', '/unscoped/x']) {
      for (const t of ['sync', 'async']) {
        const response = await call(`${url}${path}`, token(t));
        expect(response.status, `${path} ${t}`).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
  });

  it('answers a recalled token on the first Bearer element without authenticate, and decides its scopes', async () => {
    asked.recall = [];
    asked.authenticate = [];
    expect((await call(`${url}/recalled/x`, token('hit-read'))).status).toBe(200);
    const forbidden = await call(`${url}/recalled/x`, token('hit-other'));
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toMatch(/insufficient_scope/);
    expect(asked.authenticate).toEqual([]);
    // A miss goes the usual way: the syntax check, then authenticate.
    expect((await call(`${url}/recalled/x`, token('slow-read'))).status).toBe(200);
    expect(asked.authenticate).toEqual(['slow-read']);
    // A malformed token is still refused when recall does not know it (it never reaches authenticate).
    expect((await call(`${url}/recalled/x`, token('a"b'))).status).toBe(401);
    expect(asked.authenticate).toEqual(['slow-read']);
  });

  it('treats a recall that throws, or answers without scopes, as a miss', async () => {
    asked.authenticate = [];
    expect((await call(`${url}/recalled/x`, token('throws'))).status).toBe(200);
    expect((await call(`${url}/recalled/x`, token('noscopes'))).status).toBe(401);
    expect(asked.authenticate).toEqual(['throws', 'noscopes']);
  });

  it('asks recall only of the first Bearer element, so the chain keeps its order', async () => {
    asked.recall = [];
    asked.authenticate = [];
    // The first element (no recall) refuses 'hit-read'; the second is then asked the usual way.
    expect((await call(`${url}/second/x`, token('hit-read'))).status).toBe(401);
    expect(asked.recall).toEqual([]);
    expect(asked.authenticate).toEqual(['hit-read']);
  });

  it('answers a recalled Basic token68 on the first Basic element without decoding or authenticate, and decides its scopes', async () => {
    askedBasic.recall = [];
    askedBasic.authenticate = [];
    expect((await call(`${url}/basic/x`, basic('hit:read'))).status).toBe(200);
    expect((await call(`${url}/basic/x`, basic('hit:other'))).status).toBe(403);
    expect(askedBasic.recall).toEqual([b64('hit:read'), b64('hit:other')]);
    expect(askedBasic.authenticate).toEqual([]);
    // A miss is decoded and authenticated; a malformed token68 recall does not know is still a 401.
    expect((await call(`${url}/basic/x`, basic('miss:read'))).status).toBe(200);
    expect((await call(`${url}/basic/x`, { ...basic(''), headers: { authorization: 'Basic !!!' } })).status).toBe(401);
    expect(askedBasic.authenticate).toEqual(['miss:read']);
  });

  it('does not ask a Basic recall under loginThrottle, which decides before any provider', async () => {
    const throttled = await startListener([[new BasicRecalled(), '/basic']], tlsConfig({ loginThrottle: { maxFailures: 1, windowSeconds: 60 } }));
    try {
      askedBasic.recall = [];
      askedBasic.authenticate = [];
      expect((await call(`${throttled.url}/basic/x`, basic('hit:wrong'))).status).toBe(401);
      // 'hit' is past its limit: refused before recall, which would have accepted 'hit:read'.
      expect((await call(`${throttled.url}/basic/x`, basic('hit:read'))).status).toBe(429);
      expect(askedBasic.recall).toEqual([]);
      expect(askedBasic.authenticate).toEqual(['hit:wrong']);
    } finally {
      await throttled.listener.immediateStop();
    }
  });

  it('refuses a key that is already registered, built-in or not', () => {
    const again = { key: 'jwtValidatorConfig', scheme: 'bearer' as const, validate: (c: unknown) => c, create: () => ({ scheme: 'bearer' as const, authenticate: () => undefined }) };
    expect(() => registerAuthMechanism(again)).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG', message: expect.stringContaining("'jwtValidatorConfig' is already registered") }));
    expect(() => registerAuthMechanism({ ...again, key: 'thenableConfig' })).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG' }));
  });
});
