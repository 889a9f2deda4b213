/**
 * The `pointe-sts` command: options from the environment, and a banner whose documented
 * clients and refresh token work against the server it started.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { banner, runStsCommand, stsOptionsFromEnv } from '../src/cli.js';
import { STS_CLIENTS, type Sts } from '../src/index.js';

const started: Sts[] = [];
afterAll(async () => {
  await Promise.all(started.map((sts) => sts.stop()));
});

describe('pointe-sts', () => {
  it('reads port and host; refuses a bad port and half a TLS pair', () => {
    expect(stsOptionsFromEnv({})).toEqual({ port: 9445, host: '127.0.0.1' });
    expect(stsOptionsFromEnv({ POINTE_STS_PORT: '0', POINTE_STS_HOST: 'localhost' })).toEqual({ port: 0, host: 'localhost' });
    expect(() => stsOptionsFromEnv({ POINTE_STS_PORT: 'x' })).toThrow(/POINTE_STS_PORT must be a port number/);
    expect(() => stsOptionsFromEnv({ POINTE_STS_CERT_FILE: 'a.crt' })).toThrow(/both POINTE_STS_CERT_FILE and POINTE_STS_KEY_FILE/);
  });

  it('prints endpoints and clients, and the printed refresh token works once at the refresh URL', async () => {
    const lines: string[] = [];
    const sts = await runStsCommand({ POINTE_STS_PORT: '0' }, (line) => lines.push(line));
    started.push(sts);
    expect(lines[0]).toBe(`pointe-sts: oidc-provider listening on ${sts.url}`);
    expect(lines.join('\n')).toContain(`${STS_CLIENTS.seed.clientId} / ${STS_CLIENTS.seed.clientSecret}`);
    const refreshToken = /example \(.*\): (\S+)$/.exec(lines.at(-1) ?? '')?.[1];
    expect(refreshToken).toBeDefined();
    const basic = `Basic ${Buffer.from(`${STS_CLIENTS.seed.clientId}:${STS_CLIENTS.seed.clientSecret}`).toString('base64')}`;
    const refresh = () =>
      fetch(sts.refreshUrl, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken ?? '' }),
      });
    const first = await refresh();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ token_type: 'Bearer', scope: 'hello' });
    // Rotation: the printed token is spent.
    expect((await refresh()).status).toBe(400);
    expect(await banner(sts)).toHaveLength(lines.length);
  });
});
