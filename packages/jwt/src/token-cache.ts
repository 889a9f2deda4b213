/**
 * The cache of validated tokens (`jwtValidatorConfig.cacheConfig`).
 *
 * Keyed by the token itself (SEMANTICS "JWT validation": "keyed by the token"). It used to be
 * keyed by the token's SHA-256, which was half of a cache hit's cost (about 1.5 µs for a
 * 600-character token; `docs/benchmarks.md` "Hot path"). What that bought, and why it is not
 * needed here:
 *
 * - Collisions: a lookup is an exact string match, which no digest beats.
 * - Memory: only tokens that passed every check are stored (the issuer made them, not an
 *   attacker), at most `capacity` of them, each at most `MAX_TOKEN_LENGTH` characters (checked
 *   before the lookup): at the default capacity, 16 MiB in the worst case, about 1 MiB for
 *   tokens of a usual size.
 * - Timing: a lookup hashes the presented string and compares it only with an entry of the same
 *   hash; a miss then costs a signature verification, tens of microseconds, a difference that
 *   says only whether this exact token was accepted before, which its holder knows. A
 *   near-miss learns nothing about a cached token's bytes (the hash differs first). HashDoS
 *   needs attacker-chosen keys, and unverified tokens never become keys.
 * - Memory dumps: a cached token stays in the heap until its `exp` (or `defaultMaxAge`), where
 *   a digest key would not. The validated claims, the per-connection memo and the sockets'
 *   buffers already hold the same credentials while they are in use; a process whose heap an
 *   attacker can read is lost anyway. This is the one thing given up, for half the hit cost.
 *
 * Only successes are stored, and an entry is dropped at the token's `exp` (and after
 * `defaultMaxAge`), so a cached token is never accepted after it stopped being valid.
 */
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

  /** The claims of `token` when it passed before and has not expired since. */
  get(token: string): JWTPayload | undefined {
    return this.#cache.get(token);
  }

  /** Stores a validated payload until its `exp` (required, so always present) or `defaultMaxAge`, whichever is first. */
  set(token: string, payload: JWTPayload): void {
    if (typeof payload.exp !== 'number') return;
    this.#cache.set(token, payload, Math.min(payload.exp * 1000, this.#now() + this.#maxAgeMs));
  }

  get size(): number {
    return this.#cache.size;
  }
}
