/**
 * Bad input gets a 4xx, never a 500, a hang or a 200: a few thousand seeded random
 * Authorization headers (random schemes, random bytes in base64 and base64url, near-valid JWTs,
 * odd spacing, long values) against Basic, Bearer and mixed resources over one keep-alive TLS
 * connection per route.
 */
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Listener, ResourceConfig, ServiceConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { b64url, part, seedClaims, serverPrivateKey, signToken } from './jwt-support.js';
import { SEED_USERS, startListener, writeConfigToml } from './support.js';

const certs = testCerts();
let listener: Listener;

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHeader(rand: () => number, validJwt: string): string {
  const int = (n: number) => Math.floor(rand() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const printable = (n: number) => String.fromCharCode(...Array.from({ length: n }, () => 0x20 + int(0x5f)));
  const schemes = ['Basic', 'basic', 'BASIC', 'Bearer', 'bearer', 'Digest', 'Negotiate', '', printable(1 + int(6))];
  const scheme = schemes[int(schemes.length)]!;
  const space = [' ', '  ', '', '\t'][int(4)]!;
  const values = [
    () => bytes(int(64)).toString('base64'),
    () => bytes(int(64)).toString('base64url'),
    () => Buffer.from(`${printable(int(12))}:${printable(int(12))}`).toString('base64'),
    () => Buffer.from(`bob:${printable(int(12))}`).toString('base64'),
    () => printable(int(80)),
    () => `${part({ alg: ['none', 'HS256', 'RS256', 'ES256'][int(4)], kid: printable(int(10)) })}.${part(seedClaims())}.${b64url(bytes(int(300)))}`,
    () => {
      // A valid token with one character changed (never to itself).
      const i = int(validJwt.length);
      const replacement = 'AbC-_.x='.replace(validJwt[i]!, '');
      return validJwt.slice(0, i) + replacement[int(replacement.length)] + validJwt.slice(i + 1);
    },
    () => 'A'.repeat(int(12_000)),
  ];
  return `${scheme}${space}${values[int(values.length)]!()}`.trim();
}

beforeAll(async () => {
  const path = writeConfigToml(SEED_USERS);
  const basicAuth = { fileUserStoreConfig: { path }, scopes: ['scope2'] };
  const jwtAuth = { jwtValidatorConfig: { issuer: 'wso2', audience: 'ballerina', scopeKey: 'scp', signatureConfig: { certFile: certs.serverCert } }, scopes: ['hello'] };

  @ServiceConfig({ auth: [basicAuth, jwtAuth] })
  class Service {
    @Get('both')
    both() {
      return 'both';
    }

    @ResourceConfig({ auth: [basicAuth] })
    @Get('basic')
    basic() {
      return 'basic';
    }

    @ResourceConfig({ auth: [jwtAuth] })
    @Get('bearer')
    bearer() {
      return 'bearer';
    }
  }
  listener = (await startListener([[new Service(), '/f']])).listener;
});

afterAll(async () => {
  await listener.immediateStop();
});

describe('random Authorization headers', () => {
  it.each(['both', 'basic', 'bearer'])('on /f/%s: every answer is 401 or 403, never 5xx or 200', async (route) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4, ca: readFileSync(certs.caCert) });
    const rand = prng(route.length * 7919);
    const validJwt = signToken({ alg: 'RS256', typ: 'JWT' }, seedClaims(), serverPrivateKey());
    const seen = new Map<number, number>();
    const accepted: string[] = [];
    const send = (authorization: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: 'localhost', port: listener.port, path: `/f/${route}`, agent, headers: { authorization } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.setTimeout(5_000, () => req.destroy(new Error('hung')));
        req.end();
      });
    for (let batch = 0; batch < 25; batch++) {
      const headers = Array.from({ length: 40 }, () => randomHeader(rand, validJwt));
      const statuses = await Promise.all(headers.map(send));
      statuses.forEach((status, i) => {
        seen.set(status, (seen.get(status) ?? 0) + 1);
        if (status === 200) accepted.push(headers[i]!);
      });
    }
    agent.destroy();
    expect(accepted).toEqual([]);
    expect([...seen.keys()].every((status) => status === 401 || status === 403), JSON.stringify([...seen])).toBe(true);
    expect(seen.get(401)).toBeGreaterThan(900);
  }, 60_000);
});
