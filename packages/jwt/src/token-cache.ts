/**
 * The cache of validated tokens (`jwtValidatorConfig.cacheConfig`).
 *
 * Keyed by the SHA-256 of the token, so the cache holds no bearer credential an attacker
 * reading memory dumps could replay. Only successes are stored, and an entry is dropped
 * at the token's `exp` (and after `defaultMaxAge`), so a cached token is never accepted
 * after it stopped being valid.
 */
import { createHash } from 'node:crypto';
import { LruCache } from '@pointe/common';
import type { JWTPayload } from 'jose';
import { positiveInteger, seconds } from './config-values.js';
import type { JwtCacheConfig } from './config.js';

const DEFAULT_CAPACITY = 1000;

export class TokenCache {
  readonly #cache: LruCache<string, JWTPayload>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(config: JwtCacheConfig, field: string, now: () => number) {
    this.#cache = new LruCache({ capacity: positiveInteger(config.capacity, `${field}.capacity`, DEFAULT_CAPACITY), now });
    this.#maxAgeMs = seconds(config.defaultMaxAge, `${field}.defaultMaxAge`, Number.POSITIVE_INFINITY, true) * 1000;
    this.#now = now;
  }

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string): JWTPayload | undefined {
    return this.#cache.get(key);
  }

  /** Stores a validated payload until its `exp` (required, so always present) or `defaultMaxAge`, whichever is first. */
  set(key: string, payload: JWTPayload): void {
    if (typeof payload.exp !== 'number') return;
    this.#cache.set(key, payload, Math.min(payload.exp * 1000, this.#now() + this.#maxAgeMs));
  }

  get size(): number {
    return this.#cache.size;
  }
}
