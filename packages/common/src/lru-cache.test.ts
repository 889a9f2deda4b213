import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.js';
import { SingleFlight } from './single-flight.js';

describe('LruCache', () => {
  it('evicts the least recently used entry past capacity', () => {
    const cache = new LruCache<string, number>({ capacity: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('drops an entry at its deadline and never stores one already past', () => {
    let now = 1000;
    const cache = new LruCache<string, string>({ capacity: 10, defaultTtlMs: 50, now: () => now });
    cache.set('ttl', 'x');
    cache.set('abs', 'y', 1200);
    cache.set('past', 'z', 999);
    expect(cache.get('past')).toBeUndefined();
    now = 1049;
    expect(cache.get('ttl')).toBe('x');
    now = 1050;
    expect(cache.get('ttl')).toBeUndefined();
    expect(cache.get('abs')).toBe('y');
    now = 1200;
    expect(cache.get('abs')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps an entry used within the last capacity / 2 insertions, however many come', () => {
    const cache = new LruCache<string, number>({ capacity: 100 });
    cache.set('hot', 0);
    for (let i = 0; i < 10_000; i++) {
      cache.set(`cold${i}`, i);
      if (i % 49 === 0) expect(cache.get('hot')).toBe(0);
    }
    expect(cache.get('hot')).toBe(0);
    expect(cache.size).toBe(100);
    // Unused for more than a capacity's worth of insertions: evicted, as in exact LRU.
    for (let i = 0; i < 100; i++) cache.set(`late${i}`, i);
    expect(cache.get('hot')).toBeUndefined();
  });

  it('evicts in least-recently-used order for entries in the older half', () => {
    const cache = new LruCache<number, number>({ capacity: 8 });
    for (let i = 0; i < 8; i++) cache.set(i, i);
    expect(cache.get(0)).toBe(0); // 0 is older than capacity / 2 insertions: it becomes the newest
    cache.set(8, 8);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(0)).toBe(0);
    expect(cache.size).toBe(8);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruCache({ capacity: 0 })).toThrow(RangeError);
  });
});

describe('SingleFlight', () => {
  it('runs one call for concurrent callers of a key and forgets it once settled', async () => {
    const flight = new SingleFlight<string, number>();
    let calls = 0;
    let release!: (v: number) => void;
    const fn = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const all = Promise.all([flight.run('k', fn), flight.run('k', fn), flight.run('k', fn)]);
    expect(flight.size).toBe(1);
    release(7);
    expect(await all).toEqual([7, 7, 7]);
    expect(calls).toBe(1);
    expect(flight.size).toBe(0);
    await expect(flight.run('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await flight.run('k', async () => 8)).toBe(8);
  });
});
