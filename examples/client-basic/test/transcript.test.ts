/**
 * The seed's Basic-auth client end to end: it calls the seed's file-user-store service (users
 * in this example's Config.toml) on a Pointe listener over TLS, and the service sees exactly
 * `Authorization: Basic base64("alice:123")`.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Get, ServiceConfig, type RequestContext } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { runMain, startExample } from '../../../test-support/examples.js';
import { securedClient } from '../src/client.js';

const certs = testCerts();
const seen: Array<string | string[] | undefined> = [];

/** The seed's file-user-store service, noting the Authorization header of each request it serves. */
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
  ex = await startExample(new Foo(), fileURLToPath(new URL('../Config.toml', import.meta.url)));
  url = `https://localhost:${ex.listener.port}`;
});
afterAll(async () => {
  await ex.listener.gracefulStop();
});

describe('securedEP->get("/foo/bar") with { username: "alice", password: "123" }', () => {
  it('is 200 Hello, World!, sent with exactly "Authorization: Basic YWxpY2U6MTIz"', async () => {
    seen.length = 0;
    const securedEP = securedClient(url, certs.caCert);
    try {
      const response = await securedEP.get('/foo/bar');
      expect(response.statusCode).toBe(200);
      expect(await response.getTextPayload()).toBe('Hello, World!');
    } finally {
      await securedEP.close();
    }
    expect(seen).toEqual(['Basic YWxpY2U6MTIz']);
  });

  it('main prints the status code, 200', async () => {
    const printed = await runMain(() => import('../src/main.js'), { POINTE_URL: url, POINTE_CERT_FILE: certs.caCert });
    expect(printed).toEqual({ log: ['200'], error: [] });
  });

  it('with another password the service answers 401 with its Basic challenge', async () => {
    const securedEP = new Client(url, { auth: { username: 'alice', password: 'password1' }, secureSocket: { cert: certs.caCert } });
    try {
      const response = await securedEP.get('/foo/bar');
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Basic realm="pointe", charset="UTF-8"');
    } finally {
      await securedEP.close();
    }
  });
});
