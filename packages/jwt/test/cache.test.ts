/**
 * The validated-token cache: a hit skips verification, an entry never outlives the
 * token's exp (nor defaultMaxAge), failures are never cached. Verification is counted by
 * spying on the signature check (`verifyJwsSignature`), which every uncached token passes through.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const verify = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../src/jws-signature.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/jws-signature.js')>();
  return {
    ...original,
    verifyJwsSignature: (...args: Parameters<typeof original.verifyJwsSignature>) => {
      verify.calls++;
      return original.verifyJwsSignature(...args);
    },
  };
});

const { JwtValidator } = await import('@pointe/jwt');
const { claims, makeKey, signToken } = await import('./helpers.js');

let key: Awaited<ReturnType<typeof makeKey>>;
beforeAll(async () => {
  key = await makeKey('RS256');
});
beforeEach(() => {
  verify.calls = 0;
});

function cachedValidator(cacheConfig: { capacity?: number; defaultMaxAge?: number } | undefined) {
  const clock = { now: Date.now() };
  const validator = new JwtValidator(
    { signatureConfig: { certFile: key.publicFile }, ...(cacheConfig === undefined ? {} : { cacheConfig }) },
    { now: () => clock.now },
  );
  return { validator, clock };
}

const nowS = (clock: { now: number }) => Math.floor(clock.now / 1000);
/** The helpers' claims, issued at the validator's clock: a second boundary between the two would make `nbf` a second ahead. */
const claimsAt = (clock: { now: number }, extra: Record<string, unknown>) => claims({ iat: nowS(clock), nbf: nowS(clock), ...extra });
const token = (payload: Record<string, unknown>) => signToken({ alg: 'RS256' }, payload, key.privateKey);

describe('validated-token cache', () => {
  it('serves a repeated token without verifying it again', async () => {
    const { validator, clock } = cachedValidator({});
    const t = token(claimsAt(clock, { exp: nowS(clock) + 600 }));
    const first = await validator.validate(t);
    const second = await validator.validate(t);
    expect(second).toEqual(first);
    expect(verify.calls).toBe(1);
  });

  it('caches nothing without cacheConfig', async () => {
    const { validator, clock } = cachedValidator(undefined);
    const t = token(claimsAt(clock, { exp: nowS(clock) + 600 }));
    await validator.validate(t);
    await validator.validate(t);
    expect(verify.calls).toBe(2);
  });

  it('drops the entry at the token\'s exp, so an expired token fails again', async () => {
    const { validator, clock } = cachedValidator({});
    const exp = nowS(clock) + 60;
    const t = token(claimsAt(clock, { exp }));
    await validator.validate(t);
    clock.now = exp * 1000 - 1;
    await validator.validate(t);
    expect(verify.calls).toBe(1);
    clock.now = exp * 1000;
    await expect(validator.validate(t)).rejects.toMatchObject({ reason: 'expired' });
    expect(verify.calls).toBe(2);
  });

  it('drops the entry after defaultMaxAge when that comes first', async () => {
    const { validator, clock } = cachedValidator({ defaultMaxAge: 10 });
    const t = token(claimsAt(clock, { exp: nowS(clock) + 3600 }));
    await validator.validate(t);
    clock.now += 9_000;
    await validator.validate(t);
    expect(verify.calls).toBe(1);
    clock.now += 1_000;
    await validator.validate(t);
    expect(verify.calls).toBe(2);
  });

  it('never caches a failure', async () => {
    const { validator, clock } = cachedValidator({});
    const bad = token(claimsAt(clock, { exp: nowS(clock) + 600, nbf: nowS(clock) + 30 }));
    await expect(validator.validate(bad)).rejects.toMatchObject({ reason: 'not_yet_valid' });
    await expect(validator.validate(bad)).rejects.toMatchObject({ reason: 'not_yet_valid' });
    expect(verify.calls).toBe(2);
    clock.now += 31_000;
    await expect(validator.validate(bad)).resolves.toBeDefined();
  });

  it('keeps at most capacity tokens, evicting the least recently used', async () => {
    const { validator, clock } = cachedValidator({ capacity: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => token(claimsAt(clock, { sub, exp: nowS(clock) + 600 })));
    await validator.validate(a!);
    await validator.validate(b!);
    await validator.validate(a!);
    await validator.validate(c!); // evicts b
    expect(verify.calls).toBe(3);
    await validator.validate(a!);
    expect(verify.calls).toBe(3);
    await validator.validate(b!);
    expect(verify.calls).toBe(4);
  });

  it('does not let a tampered copy of a cached token in', async () => {
    const { validator, clock } = cachedValidator({});
    const t = token(claimsAt(clock, { exp: nowS(clock) + 600 }));
    await validator.validate(t);
    // The second-to-last character replaced by another (comparing that very character: when it
    // was already 'A', replacing it with 'A' made no copy at all, and 1 run in 64 failed).
    const tampered = `${t.slice(0, -2)}${t.at(-2) === 'A' ? 'B' : 'A'}${t.slice(-1)}`;
    expect(tampered).not.toBe(t);
    await expect(validator.validate(tampered)).rejects.toMatchObject({ reason: 'signature' });
  });

  it('answers only for the exact token, not for another one ending in the same signature', async () => {
    const { validator, clock } = cachedValidator({});
    const t = token(claimsAt(clock, { sub: 'alice', exp: nowS(clock) + 600 }));
    const other = token(claimsAt(clock, { sub: 'mallory', exp: nowS(clock) + 600 }));
    await validator.validate(t);
    // mallory's header and claims under alice's signature: the map's key (the tail) matches, the token does not.
    const spliced = `${other.slice(0, other.lastIndexOf('.'))}${t.slice(t.lastIndexOf('.'))}`;
    expect(spliced.slice(-32)).toBe(t.slice(-32));
    expect(validator.cached(spliced)).toBeUndefined();
    await expect(validator.validate(spliced)).rejects.toMatchObject({ reason: 'signature' });
    expect(verify.calls).toBe(2);
    expect((await validator.validate(t)).sub).toBe('alice');
    expect(verify.calls).toBe(2);
  });

  it('cached() answers hits only, with no verification and no promise', async () => {
    const { validator, clock } = cachedValidator({});
    const t = token(claimsAt(clock, { sub: 'alice', exp: nowS(clock) + 600 }));
    expect(validator.cached(t)).toBeUndefined();
    expect(validator.cached('not a token')).toBeUndefined();
    expect(verify.calls).toBe(0);
    const payload = await validator.validate(t);
    expect(validator.cached(t)).toBe(payload);
    clock.now += 601_000;
    expect(validator.cached(t)).toBeUndefined();
    expect(verify.calls).toBe(1);
    expect(cachedValidator(undefined).validator.cached(t)).toBeUndefined();
  });
});
