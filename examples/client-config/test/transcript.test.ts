/**
 * The seed's generic client block: the same `ClientConfiguration` shape carries whichever auth
 * record is put in `auth`, and a record that fits none of them fails at construction, before any
 * request is sent.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientErrorCodes, Get, ServiceConfig, type ClientAuthConfig, type RequestContext } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { startExample } from '../../../test-support/examples.js';
import { securedClient } from '../src/client.js';

const certs = testCerts();
const seen: Array<string | string[] | undefined> = [];

@ServiceConfig({ auth: [{ fileUserStoreConfig: {}, scopes: ['hello'] }] })
class Foo {
  @Get('bar')
  bar(ctx: RequestContext): string {
    seen.push(ctx.request.headers.authorization);
    return 'Hello, World!';
  }
}

let ex: Awaited<ReturnType<typeof startExample>>;
let url: string;
beforeAll(async () => {
  ex = await startExample(new Foo(), fileURLToPath(new URL('../../client-basic/Config.toml', import.meta.url)));
  url = `https://localhost:${ex.listener.port}`;
});
afterAll(async () => {
  await ex.listener.gracefulStop();
});

async function status(auth: ClientAuthConfig): Promise<number> {
  const securedEP = securedClient(auth, url, certs.caCert);
  try {
    return (await securedEP.get('/foo/bar')).statusCode;
  } finally {
    await securedEP.close();
  }
}

describe('http:Client securedEP = new("https://localhost:9090", { auth: {...}, secureSocket: { cert } })', () => {
  it('with CredentialsConfig in auth: 200, sent as Basic', async () => {
    seen.length = 0;
    expect(await status({ username: 'alice', password: '123' })).toBe(200);
    expect(seen).toEqual(['Basic YWxpY2U6MTIz']);
  });

  it('with BearerTokenConfig in auth: the token is sent as given (and a Basic service answers 401)', async () => {
    seen.length = 0;
    expect(await status({ token: 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In' })).toBe(401);
    expect(seen).toEqual([]);
  });

  it('an auth record that fits no record fails the constructor with POINTE_ERR_CLIENT_AUTH_CONFIG', () => {
    expect(() => securedClient({ user: 'alice' } as unknown as ClientAuthConfig, url, certs.caCert)).toThrow(
      expect.objectContaining({ name: 'ClientError', code: ClientErrorCodes.INVALID_AUTH_CONFIG }),
    );
  });
});
