/**
 * The measurement behind README "Wire protocol": the same introspection request through
 * Pointe's transport (undici `Dispatcher.request`) and through oauth4webapi (on undici's
 * `fetch` with the same kind of `Agent`), sequentially against a local node:http server.
 * Not part of the suite (outside its include); run it with
 * `pnpm vitest run --config packages/oauth2/measure/vitest.config.ts`. A few seconds.
 */
import { it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { Agent, fetch as undiciFetch } from 'undici';
import { OAuth2IntrospectionValidator } from '@pointe/oauth2';
import { json, startFakeServer } from '../../../test-support/sts.js';

it('measure', async () => {
  const server = await startFakeServer((_req, res) => json(res, 200, { active: true, scope: 'hello read', sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 }));
  const url = `${server.url}/introspect`;
  const ours = new OAuth2IntrospectionValidator({ url, clientConfig: { auth: { username: 'rs', password: 'pw' } } });
  const agent = new Agent();
  const as: oauth.AuthorizationServer = { issuer: server.url, introspection_endpoint: url };
  const client: oauth.Client = { client_id: 'rs' };
  const auth = oauth.ClientSecretBasic('pw');
  const theirs = async (token: string) => {
    const response = await oauth.introspectionRequest(as, client, auth, token, {
      [oauth.allowInsecureRequests]: true,
      [oauth.customFetch]: (u, init) => undiciFetch(u, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>,
      signal: AbortSignal.timeout(10_000),
    });
    return oauth.processIntrospectionResponse(as, client, response);
  };
  const run = async (name: string, fn: (t: string) => Promise<unknown>) => {
    for (let i = 0; i < 300; i++) await fn(`w${i}`);
    const samples: number[] = [];
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      for (let i = 0; i < 400; i++) await fn(`t${i}`);
      samples.push(((performance.now() - start) * 1000) / 400);
    }
    samples.sort((a, b) => a - b);
    console.log(`${name}: median ${samples[2]?.toFixed(1)} µs/request (rounds ${samples.map((s) => s.toFixed(0)).join(', ')})`);
  };
  for (let k = 0; k < 2; k++) {
    await run('pointe (undici Dispatcher.request)', (t) => ours.introspect(t));
    await run('oauth4webapi (undici fetch)', theirs);
  }
  await ours.close();
  await agent.close();
  await server.close();
}, 60_000);
