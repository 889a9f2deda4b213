/**
 * JWT validation with EC (ES256) and Ed25519 (EdDSA) keys on real TLS listeners: each
 * validator accepts only its own key's algorithm.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Listener, ResourceConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { seedClaims, serverPrivateKey, signToken } from './jwt-support.js';
import { call, startListener } from './support.js';

const certs = testCerts();
const dir = mkdtempSync(join(tmpdir(), 'pointe-jwt-keys-'));
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = (key: KeyObject, name: string) => {
  const path = join(dir, name);
  writeFileSync(path, key.export({ type: 'spki', format: 'pem' }));
  return path;
};
const ecPath = publicPem(ec.publicKey, 'ec.pem');
const edPath = publicPem(ed.publicKey, 'ed25519.pem');

let listener: Listener;
let url: string;
beforeAll(async () => {
  const jwt = (certFile: string) => [{ jwtValidatorConfig: { issuer: 'wso2', audience: 'ballerina', scopeKey: 'scp', signatureConfig: { certFile } }, scopes: ['hello'] }];
  class Keys {
    @ResourceConfig({ auth: jwt(ecPath) })
    @Get('ec')
    ecResource() {
      return 'ES256 ok';
    }

    @ResourceConfig({ auth: jwt(edPath) })
    @Get('ed')
    edResource() {
      return 'EdDSA ok';
    }
  }
  ({ listener, url } = await startListener([[new Keys(), '/k']]));
});
afterAll(async () => {
  await listener.immediateStop();
});

const get = (path: string, token: string) => call(`${url}${path}`, { ca: certs.caCert, headers: { authorization: `Bearer ${token}` } });

describe('EC and Ed25519 keys', () => {
  it('ES256 with a P-256 key: its own token passes, another key or algorithm does not', async () => {
    const res = await get('/k/ec', signToken({ alg: 'ES256' }, seedClaims(), ec.privateKey));
    expect(res.status).toBe(200);
    expect(res.body).toBe('ES256 ok');
    expect((await get('/k/ec', signToken({ alg: 'ES256' }, seedClaims(), otherEc.privateKey))).status).toBe(401);
    expect((await get('/k/ec', signToken({ alg: 'RS256' }, seedClaims(), serverPrivateKey()))).status).toBe(401);
    expect((await get('/k/ec', signToken({ alg: 'ES256' }, seedClaims({ scp: 'other' }), ec.privateKey))).status).toBe(403);
  });

  it('EdDSA with an Ed25519 key: its own token passes, an ES256 token does not', async () => {
    const res = await get('/k/ed', signToken({ alg: 'EdDSA' }, seedClaims(), ed.privateKey));
    expect(res.status).toBe(200);
    expect(res.body).toBe('EdDSA ok');
    const wrong = await get('/k/ed', signToken({ alg: 'ES256' }, seedClaims(), ec.privateKey));
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="pointe", error="invalid_token"');
  });
});
