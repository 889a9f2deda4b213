/**
 * `validateMaybeSync()`: with a fixed key (certFile, trust store, secret) or a cache hit no
 * I/O is needed, so the answer (claims or JwtValidationError) comes without a promise;
 * `validate()` stays promise-only. (JWKS: jwks.test.ts "synchronous answers".)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { JwtValidationError, JwtValidator, type JwtPayload, type JwtValidationFailure } from '@pointe/jwt';
import { claims, makeKey, nowS, signToken, type TestKey } from './helpers.js';

let rsa: TestKey;
beforeAll(async () => {
  rsa = await makeKey('RS256');
});

/** The value `validateMaybeSync` returned, failing the test if it was a promise. */
function syncValue(validator: JwtValidator, token: string): JwtPayload {
  const result = validator.validateMaybeSync(token);
  expect(result).not.toBeInstanceOf(Promise);
  return result as JwtPayload;
}

/** The reason `validateMaybeSync` threw with, synchronously. */
function syncReason(validator: JwtValidator, token: unknown): JwtValidationFailure {
  let result: unknown;
  try {
    result = validator.validateMaybeSync(token as string);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtValidationError);
    return (error as JwtValidationError).reason;
  }
  throw new Error(`expected a synchronous throw, got ${result instanceof Promise ? 'a promise' : 'a value'}`);
}

describe('validateMaybeSync with a fixed key', () => {
  it('returns the claims of a valid token without a promise (certFile and secret)', () => {
    const v = new JwtValidator({ issuer: 'wso2', signatureConfig: { certFile: rsa.publicFile } });
    expect(syncValue(v, signToken({ alg: 'RS256' }, claims(), rsa.privateKey))).toMatchObject({ sub: 'alice' });
    const secret = 'k'.repeat(32);
    const hs = new JwtValidator({ signatureConfig: { secret } });
    expect(syncValue(hs, signToken({ alg: 'HS256' }, claims(), secret))).toMatchObject({ sub: 'alice' });
  });

  it('throws each failure synchronously, with the same reason validate() rejects with', async () => {
    const v = new JwtValidator({ issuer: 'wso2', audience: 'ballerina', signatureConfig: { certFile: rsa.publicFile } });
    const other = await makeKey('RS256');
    const cases: Array<[unknown, JwtValidationFailure]> = [
      [42, 'malformed'],
      ['a.b', 'malformed'],
      [signToken({ alg: 'RS256' }, claims(), other.privateKey), 'signature'],
      [signToken({ alg: 'HS256' }, claims(), rsa.publicPem), 'algorithm'],
      [signToken({ alg: 'RS256' }, claims({ exp: nowS() - 1 }), rsa.privateKey), 'expired'],
      [signToken({ alg: 'RS256' }, claims({ aud: 'x' }), rsa.privateKey), 'audience'],
    ];
    for (const [token, reason] of cases) {
      expect(syncReason(v, token)).toBe(reason);
      await expect(v.validate(token as string)).rejects.toMatchObject({ reason });
    }
  });

  it('keeps validate() promise-only: it rejects, never throws', async () => {
    const v = new JwtValidator({ signatureConfig: { certFile: rsa.publicFile } });
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = v.validate(42 as unknown as string);
    }).not.toThrow();
    await expect(promise).rejects.toMatchObject({ reason: 'malformed' });
  });
});

describe('validateMaybeSync with cacheConfig', () => {
  it('answers a hit synchronously with the same frozen claims', () => {
    const v = new JwtValidator({ signatureConfig: { certFile: rsa.publicFile }, cacheConfig: {} });
    const token = signToken({ alg: 'RS256' }, claims(), rsa.privateKey);
    const first = syncValue(v, token);
    expect(syncValue(v, token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
