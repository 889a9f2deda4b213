/**
 * The plug-in interface is safe to implement wrongly (issue 6 item 4): a pending answer is
 * recognised by its `then` method, not by being a native Promise; a principal without a
 * `scopes` array fails its element; a key registered twice is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { Get, Listener, ServiceConfig, registerAuthMechanism, type ListenerAuthConfig, type Principal } from '@pointe/http';
import { call, startListener } from './support.js';

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
  ({ listener, url } = await startListener([[new Thenable(), '/thenable'], [new Scoped(), '/scoped'], [new Unscoped(), '/unscoped']]));
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

  it('refuses a key that is already registered, built-in or not', () => {
    const again = { key: 'jwtValidatorConfig', scheme: 'bearer' as const, validate: (c: unknown) => c, create: () => ({ scheme: 'bearer' as const, authenticate: () => undefined }) };
    expect(() => registerAuthMechanism(again)).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG', message: expect.stringContaining("'jwtValidatorConfig' is already registered") }));
    expect(() => registerAuthMechanism({ ...again, key: 'thenableConfig' })).toThrow(expect.objectContaining({ code: 'POINTE_ERR_INVALID_AUTH_CONFIG' }));
  });
});
