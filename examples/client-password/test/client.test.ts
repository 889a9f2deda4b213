/**
 * The seed's password-grant client (with `refreshConfig`) end to end, over HTTPS: tokens from the
 * development STS (oidc-provider) for the seed's user admin/123, the seed's OAuth2 service
 * (examples/oauth2-listener) introspecting them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../../../test-support/examples.js';
import { type OAuth2ExampleRun, startOAuth2Example } from '../../oauth2-listener/test/with-sts.js';
import { securedClient } from '../src/client.js';

let run: OAuth2ExampleRun;

beforeAll(async () => {
  run = await startOAuth2Example();
}, 60_000);
afterAll(async () => {
  await run?.stop();
});

describe('securedEP->get("/foo/bar") with the password grant', () => {
  it('main prints the status code, 200', async () => {
    const printed = await runMain(() => import('../src/main.js'), run.env);
    expect(printed).toEqual({ log: ['200'], error: [] });
  });

  it('200 Hello, World!, from a password-grant token for admin', async () => {
    run.sts.reset();
    const securedEP = securedClient(run.url, run.env.POINTE_CERT_FILE, run.stsUrl);
    try {
      const response = await securedEP.get('/foo/bar');
      expect(response.statusCode).toBe(200);
      expect(await response.getTextPayload()).toBe('Hello, World!');
    } finally {
      await securedEP.close();
    }
    expect(run.sts.counters.token).toEqual({ password: 1 });
    expect(run.sts.requests.find((r) => r.path === '/oauth2/token')!.form).toMatchObject({ grant_type: 'password', username: 'admin', scope: 'hello' });
  });
});
