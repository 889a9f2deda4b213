/**
 * Denials are explained at debug level, and no log line ever carries a password, a Basic token
 * or a bearer token (SEMANTICS "Responses").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Listener, ServiceConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { seedClaims, serverPrivateKey, signToken } from './jwt-support.js';
import { basic, call, logCapture, SEED_USERS, startListener, tlsConfig, writeConfigToml } from './support.js';

const certs = testCerts();
const { stream, lines } = logCapture();
let listener: Listener;
let url: string;

beforeAll(async () => {
  const path = writeConfigToml(SEED_USERS);
  @ServiceConfig({
    auth: [
      { fileUserStoreConfig: { path }, scopes: ['scope2'] },
      { jwtValidatorConfig: { issuer: 'wso2', scopeKey: 'scp', signatureConfig: { certFile: certs.serverCert } }, scopes: ['hello'] },
    ],
  })
  class Foo {
    @Get('bar')
    bar() {
      return 'ok';
    }
  }
  ({ listener, url } = await startListener([[new Foo(), '/foo']], tlsConfig({ logger: { level: 'debug', stream } })));
});

afterAll(async () => {
  await listener.immediateStop();
});

describe('the auth log', () => {
  it('says why a request was denied, without the credential', async () => {
    const secrets = ['hunter2-secret', 'password1'];
    const badJwt = signToken({ alg: 'RS256' }, seedClaims({ iss: 'mallory', scp: 'hello' }), serverPrivateKey());
    const forbiddenJwt = signToken({ alg: 'RS256' }, seedClaims({ scp: 'other' }), serverPrivateKey());
    const headers = [basic('bob', 'hunter2-secret'), basic('alice', 'password1'), `Bearer ${badJwt}`, `Bearer ${forbiddenJwt}`, 'Basic !!!'];
    const statuses = [];
    for (const authorization of headers) statuses.push((await call(`${url}/foo/bar`, { ca: certs.caCert, headers: { authorization } })).status);
    expect(statuses).toEqual([401, 403, 401, 403, 401]);

    const log = lines.join('\n');
    expect(log).toMatch(/credential not accepted/);
    expect(log).toMatch(/required scopes are missing/);
    expect(log).toMatch(/JWT not accepted \(issuer\)/);
    expect(log).toMatch(/no usable credential/);
    for (const secret of [...secrets, ...headers.map((h) => h.split(' ')[1]!), badJwt.split('.')[2]!, forbiddenJwt.split('.')[1]!]) {
      expect(log).not.toContain(secret);
    }
  });
});
