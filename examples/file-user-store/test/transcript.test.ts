/** Replays the seed's curl transcripts against this example over TLS. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample } from '../../../test-support/examples.js';
import { basic } from '../../../test-support/https.js';
import { Foo } from '../src/service.js';

let ex: Awaited<ReturnType<typeof startExample>>;
beforeAll(async () => {
  ex = await startExample(new Foo(), fileURLToPath(new URL('../Config.toml', import.meta.url)));
});
afterAll(async () => {
  await ex.listener.gracefulStop();
});

describe('curl -k -v https://localhost:9090/foo/bar', () => {
  it('without authentication information: 401 Unauthorized, content-length 0, text/plain', async () => {
    const res = await ex.get('/foo/bar');
    expect(res.status).toBe(401);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
  });

  it('with invalid authentication information: 401 Unauthorized', async () => {
    expect((await ex.get('/foo/bar', basic('alice', 'wrong'))).status).toBe(401);
  });

  it('-H "Authorization: Basic <token>" of a user without the permission: 403 Forbidden, content-length 0', async () => {
    for (const [user, password] of [['alice', 'password1'], ['bob', 'password2'], ['eve', 'password3']] as const) {
      const res = await ex.get('/foo/bar', basic(user, password));
      expect(res.status).toBe(403);
      expect(res.headers['content-length']).toBe('0');
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
    }
  });

  it('-H "Authorization: Basic <token>" of a user with the permission: 200 OK, content-length 13, Hello, World!', async () => {
    const res = await ex.get('/foo/bar', basic('alex', 'password4'));
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('13');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('Hello, World!');
  });
});
