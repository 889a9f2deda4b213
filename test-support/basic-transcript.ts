/**
 * The seed's three Basic-auth curl transcripts (no credential → 401, a user without the
 * permission → 403, a user with it → 200 `Hello, World!`), replayed against an example service
 * whose users are the seed's plus `alex` (scope `hello`) in the example's Config.toml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample } from './examples.js';
import { basic } from './https.js';

export type Example = Awaited<ReturnType<typeof startExample>>;

/** Registers the transcript tests; returns a getter for the running example, for extra tests. */
export function replayBasicTranscripts(service: object, configToml: string): () => Example {
  let ex: Example;
  beforeAll(async () => {
    ex = await startExample(service, configToml);
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
  return () => ex;
}
