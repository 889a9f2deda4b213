/** The error convention as users meet it (issue 6 item 2): codes as properties, one class per family. */
import { describe, expect, it } from 'vitest';
import * as http from '@pointe/http';
import { JwtValidator } from '@pointe/jwt';
import { AuthCodes, ClientCodes, ConfigCodes, ConfigError, CryptoCodes, JwtCodes, Listener, ListenerCodes, ListenerError, PointeError } from '@pointe/http';
import { tlsConfig } from './support.js';

describe('error codes', () => {
  it('every code attach() and start() can throw is exported from @pointe/http, each key equal to its code', () => {
    for (const table of [AuthCodes, ConfigCodes, CryptoCodes, JwtCodes, ListenerCodes, ClientCodes]) {
      for (const [key, code] of Object.entries(table)) {
        expect(code).toBe(key);
        expect(code).toMatch(/^POINTE_ERR_[A-Z0-9_]+$/);
      }
    }
    expect(Object.keys(JwtCodes)).toContain('POINTE_ERR_JWKS_UNAVAILABLE');
    expect(typeof http.JwksUnavailableError).toBe('function');
    expect(typeof http.CryptoError).toBe('function');
  });

  it('a bad port is ConfigError POINTE_ERR_LISTENER_PORT, and the message does not start with the code', () => {
    for (const port of [-1, 65536, 1.5, Number.NaN]) {
      let error: unknown;
      try {
        new Listener(port);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'POINTE_ERR_LISTENER_PORT', message: expect.stringMatching(/^listener: port must be an integer in 0\.\.65535/) });
      expect(String(error)).toBe(`ConfigError [POINTE_ERR_LISTENER_PORT]: ${(error as Error).message}`);
    }
  });

  it('a port in use is ListenerError POINTE_ERR_LISTENER_PORT; start() twice is ListenerError POINTE_ERR_LISTENER_STATE', async () => {
    const first = new Listener(0, tlsConfig());
    await first.start();
    try {
      const second = new Listener(first.port, tlsConfig());
      const inUse = await second.start().then(() => undefined, (err: unknown) => err);
      expect(inUse).toBeInstanceOf(ListenerError);
      expect(inUse).toMatchObject({ code: 'POINTE_ERR_LISTENER_PORT' });
      const twice = await first.start().then(() => undefined, (err: unknown) => err);
      expect(twice).toBeInstanceOf(ListenerError);
      expect(twice).toBeInstanceOf(PointeError);
      expect(twice).toMatchObject({ code: 'POINTE_ERR_LISTENER_STATE' });
    } finally {
      await first.immediateStop();
    }
  });

  it('JwtValidator refuses unknown fields itself, at any depth, for users of @pointe/jwt alone', () => {
    for (const [config, field] of [
      [{ audiences: 'x', signatureConfig: { secret: 'x'.repeat(32) } }, "config has unknown field 'audiences'"],
      [{ signatureConfig: { certfile: '/x.crt' } }, "config.signatureConfig has unknown field 'certfile'"],
    ] as const) {
      expect(() => new JwtValidator(config as never)).toThrow(expect.objectContaining({ code: 'POINTE_ERR_JWT_CONFIG', message: expect.stringContaining(field) }));
    }
  });
});
