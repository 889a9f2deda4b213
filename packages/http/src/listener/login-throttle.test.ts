import { describe, expect, it } from 'vitest';
import { LoginThrottle, MemoryLoginAttemptStore, loginThrottleOf } from './login-throttle.js';

describe('LoginThrottle', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('allows maxFailures failures in the window, then answers the seconds until the oldest leaves it', () => {
    const time = clock();
    const throttle = new LoginThrottle({ maxFailures: 3, windowSeconds: 60 }, time.now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
      throttle.failed('alice', '10.0.0.1');
      time.advance(10_000);
    }
    // Failures at t=0, 10 s, 20 s; now t=30 s: the first leaves the window at t=60 s.
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(30);
    // By username, from any address: a distributed guess is slowed too.
    expect(throttle.retryAfter('alice', '10.9.9.9')).toBe(30);
    // Never by address alone: another user behind the same address is not affected.
    expect(throttle.retryAfter('bob', '10.0.0.1')).toBe(0);
    time.advance(30_000);
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0); // sliding: no permanent lockout
  });

  it('forgets the failures of a user who logs in', () => {
    const throttle = new LoginThrottle({ maxFailures: 2 });
    throttle.failed('alice', 'a');
    throttle.failed('alice', 'a');
    expect(throttle.retryAfter('alice', 'a')).toBeGreaterThan(0);
    throttle.succeeded('alice', 'a');
    expect(throttle.retryAfter('alice', 'a')).toBe(0);
  });

  it('keeps the in-memory store bounded', () => {
    const store = new MemoryLoginAttemptStore({ capacity: 100, windowMs: 60_000 });
    for (let i = 0; i < 10_000; i++) store.recordFailure(`user${i}`, 3, 60_000, 1000);
    expect(store.blockedFor('user0', 1, 60_000, 1000)).toBe(0); // evicted
    expect(store.blockedFor('user9999', 1, 60_000, 1000)).toBeGreaterThan(0);
  });

  it('accepts a store that answers with promises (a shared store)', async () => {
    const memory = new MemoryLoginAttemptStore();
    const throttle = new LoginThrottle({
      maxFailures: 1,
      store: {
        blockedFor: async (...args) => memory.blockedFor(...args),
        recordFailure: async (...args) => memory.recordFailure(...args),
        reset: async (key) => memory.reset(key),
      },
    });
    expect(await throttle.retryAfter('a', 'x')).toBe(0);
    throttle.failed('a', 'x');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await throttle.retryAfter('a', 'x')).toBe(300);
  });

  it('is off for false or absent, on with defaults for {}, and refuses nonsense', () => {
    expect(loginThrottleOf(undefined)).toBeUndefined();
    expect(loginThrottleOf(false)).toBeUndefined();
    const on = loginThrottleOf({})!;
    for (let i = 0; i < 10; i++) on.failed('u', 'a');
    expect(on.retryAfter('u', 'a')).toBe(300);
    expect(() => loginThrottleOf({ windowSeconds: 0 })).toThrow(expect.objectContaining({ code: 'POINTE_ERR_LISTENER_CONFIG' }));
  });
});
