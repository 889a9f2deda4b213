/**
 * The seed's client-credentials client end to end, over HTTPS: tokens from the development STS
 * (oidc-provider), the seed's OAuth2 service (examples/oauth2-listener) introspecting them.
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

describe('securedEP->get("/foo/bar") with the client credentials grant', () => {
  it('main prints the status code, 200', async () => {
    const printed = await runMain(() => import('../src/main.js'), run.env);
    expect(printed).toEqual({ log: ['200'], error: [] });
  });

  it('three calls: 200 Hello, World! each, one token request (the seed client, scope hello)', async () => {
    run.sts.reset();
    const securedEP = securedClient(run.url, run.env.POINTE_CERT_FILE, run.stsUrl);
    try {
      for (let i = 0; i < 3; i++) {
        const response = await securedEP.get('/foo/bar');
        expect(response.statusCode).toBe(200);
        expect(await response.getTextPayload()).toBe('Hello, World!');
      }
    } finally {
      await securedEP.close();
    }
    expect(run.sts.counters.token).toEqual({ client_credentials: 1 });
    expect(run.sts.requests.find((r) => r.path === '/oauth2/token')!.form).toMatchObject({ grant_type: 'client_credentials', scope: 'hello' });
  });
});
