/**
 * The seed's direct-token client end to end, over HTTPS: a refresh token issued by the
 * development STS (oidc-provider) as `pointe-sts` prints one, traded for access tokens that the
 * seed's OAuth2 service (examples/oauth2-listener) introspects. The seed's literal refresh token
 * is unknown to the STS: a ClientAuthError with `invalid_grant`, printed by main.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STS_CLIENTS } from '../../../test-support/sts.js';
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

describe('securedEP->get("/foo/bar") with the direct token', () => {
  it('main, given a refresh token the STS issued: prints 200', async () => {
    const refreshToken = await run.sts.issueRefreshToken(STS_CLIENTS.seed, 'admin', ['hello']);
    const printed = await runMain(() => import('../src/main.js'), { ...run.env, POINTE_REFRESH_TOKEN: refreshToken });
    expect(printed).toEqual({ log: ['200'], error: [] });
  });

  it('200 Hello, World!; the refresh-token grant carried the given token', async () => {
    const refreshToken = await run.sts.issueRefreshToken(STS_CLIENTS.seed, 'admin', ['hello']);
    run.sts.reset();
    const securedEP = securedClient(run.url, run.env.POINTE_CERT_FILE, run.stsUrl, refreshToken);
    try {
      const response = await securedEP.get('/foo/bar');
      expect(response.statusCode).toBe(200);
      expect(await response.getTextPayload()).toBe('Hello, World!');
    } finally {
      await securedEP.close();
    }
    expect(run.sts.counters.token).toEqual({ refresh_token: 1 });
    expect(run.sts.requests.find((r) => r.path === '/oauth2/token')!.form).toMatchObject({ grant_type: 'refresh_token', refresh_token: refreshToken });
  });

  it("the seed's literal refresh token: the STS refuses it, and the error says invalid_grant", async () => {
    const securedEP = securedClient(run.url, run.env.POINTE_CERT_FILE, run.stsUrl);
    try {
      await expect(securedEP.get('/foo/bar')).rejects.toMatchObject({ name: 'ClientOAuth2Error', status: 400, error: 'invalid_grant' });
    } finally {
      await securedEP.close();
    }
  });
});
