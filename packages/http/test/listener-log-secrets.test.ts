/**
 * No credential in any log line at any level (issue 12 item 4): a listener logging at trace
 * level to a stream gets valid, wrong and malformed requests, including a malformed request
 * that shares one TCP packet with a valid one (Fastify's default client-error logging wrote
 * that packet's bytes, `err.rawPacket`, as a byte array). Every line is searched for every
 * credential sent, as text, as base64, as hex, and inside any decoded byte array.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Listener, ServiceConfig } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';
import { openTls, readUntilClosed } from './hardening-support.js';
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
      { fileUserStoreConfig: { path }, scopes: ['scope1'] },
      { jwtValidatorConfig: { issuer: 'wso2', scopeKey: 'scp', signatureConfig: { certFile: certs.serverCert } }, scopes: ['hello'] },
    ],
  })
  class Foo {
    @Get('bar')
    bar() {
      return 'ok';
    }
  }
  ({ listener, url } = await startListener([[new Foo(), '/foo']], tlsConfig({ logger: { level: 'trace', stream } })));
});

afterAll(async () => {
  await listener.immediateStop();
});

/** Every string a log line holds, plus the text of every array of byte values in it. */
function textsOf(line: string): string[] {
  const texts = [line];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (value.length > 0 && value.every((v) => Number.isInteger(v) && v >= 0 && v < 256)) {
        texts.push(Buffer.from(value as number[]).toString('latin1'));
      } else value.forEach(walk);
    } else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
    else if (typeof value === 'string') texts.push(value);
  };
  try {
    walk(JSON.parse(line));
  } catch {
    // Not JSON: the line itself was searched.
  }
  return texts;
}

/** A secret as it might appear: itself, base64, base64url, hex. */
const formsOf = (secret: string): string[] => {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
};

describe('the log at trace level', () => {
  it('holds no password, Basic token or JWT, for valid, wrong and malformed requests', async () => {
    const jwt = signToken({ alg: 'RS256' }, seedClaims({ scp: 'hello' }), serverPrivateKey());
    const alice = basic('alice', 'password1');
    const bob = basic('bob', 'password2');
    const wrong = basic('eve', 'not-her-password-77');

    expect((await call(`${url}/foo/bar`, { ca: certs.caCert, headers: { authorization: alice } })).status).toBe(200);
    expect((await call(`${url}/foo/bar`, { ca: certs.caCert, headers: { authorization: wrong } })).status).toBe(401);
    expect((await call(`${url}/foo/bar`, { ca: certs.caCert, headers: { authorization: `Bearer ${jwt}` } })).status).toBe(200);

    // One TCP packet: a valid request, then a malformed one (a control character in a header value).
    const shared = await openTls(listener.port);
    const closed = readUntilClosed(shared);
    shared.write(
      `GET /foo/bar HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${alice}\r\n\r\n` +
        `GET /foo/bar HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${bob}\r\nX-Bad: a\u0001b\r\n\r\n`,
      'latin1',
    );
    const sharedAnswer = await closed;
    // The parse error ends the connection, possibly before the valid request's answer is written.
    expect(sharedAnswer.text).toMatch(/HTTP\/1\.1 400/);

    // A malformed request carrying a JWT, and a header overflow after a credential.
    for (const payload of [
      `GET /foo/bar HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${jwt}\r\nBad Header: x\r\n\r\n`,
      `GET /foo/bar HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${bob}\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`,
      `GET /foo/bar HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${bob}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n`,
    ]) {
      const socket = await openTls(listener.port);
      const done = readUntilClosed(socket);
      socket.write(payload, 'latin1');
      expect((await done).text).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));

    // The log was written, at trace level, including the client errors.
    expect(listener.fastify?.log.level).toBe('trace');
    expect(lines.some((line) => line.includes('malformed or incomplete request'))).toBe(true);
    const secrets = ['password1', 'password2', 'not-her-password-77', alice.slice(6), bob.slice(6), wrong.slice(6), jwt, jwt.split('.')[2]!];
    for (const line of lines) {
      for (const text of textsOf(line)) {
        for (const secret of secrets) {
          for (const form of formsOf(secret)) expect(text, `a log line holds a credential: ${line.slice(0, 200)}`).not.toContain(form);
        }
      }
    }
  });
});
