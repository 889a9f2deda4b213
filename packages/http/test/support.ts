/** Shared set-up for listener tests: a Config.toml user store in a temp dir and a started TLS listener. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Listener, type ClientAuthHandler, type ListenerConfiguration } from '@pointe/http';
import { testCerts } from '../../../test-support/certs.js';

export { basic, call, rawCall } from '../../../test-support/https.js';

/** Writes `toml` to a fresh temp dir's Config.toml and returns its path. */
export function writeConfigToml(toml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pointe-config-')), 'Config.toml');
  writeFileSync(path, toml);
  return path;
}

/** The seed's users. */
export const SEED_USERS = `
[[auth.users]]
username="alice"
password="password1"
scopes=["scope1"]

[[auth.users]]
username="bob"
password="password2"
scopes=["scope2", "scope3"]

[[auth.users]]
username="eve"
password="password3"
`;

export function tlsConfig(extra: ListenerConfiguration = {}): ListenerConfiguration {
  const certs = testCerts();
  return { host: '127.0.0.1', secureSocket: { key: { certFile: certs.serverCert, keyFile: certs.serverKey } }, ...extra };
}

/** Attaches `services` to a TLS listener on a free port, starts it, and returns it with its base URL. */
export async function startListener(
  services: Array<[object, string]>,
  config: ListenerConfiguration = tlsConfig(),
): Promise<{ listener: Listener; url: string }> {
  const listener = new Listener(0, config);
  for (const [service, path] of services) listener.attach(service, path);
  await listener.start();
  return { listener, url: `https://localhost:${listener.port}` };
}

/** A logger stream for `ListenerConfiguration.logger` and the lines written to it, one entry each. */
export function logCapture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { stream, lines };
}

/**
 * A handler that renews its credential: a 401 for the current credential makes it renew, and a
 * late 401 for the credential it had before (a request sent before the renewal) keeps the
 * fresh one. Returns the fresh credential's headers.
 */
export async function expectLate401KeepsFresh(handler: Required<ClientAuthHandler>): Promise<Record<string, string>> {
  const first = await handler.getSecurityHeaders();
  expect(await handler.onUnauthorized(first)).toBe(true);
  const second = await handler.getSecurityHeaders();
  expect(second).not.toEqual(first);
  expect(await handler.onUnauthorized(first)).toBe(true);
  expect(await handler.getSecurityHeaders()).toEqual(second);
  return second;
}
