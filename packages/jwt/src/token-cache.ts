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
 *
 * The map's key is the token's last 32 characters (part of its signature), and an entry holds
 * the whole token, which a lookup compares exactly. Hashing a Map key reads every character,
 * and the token a request carries is a new string each time, so a key of the whole token cost
 * about 1.2 µs of hashing per lookup for a 550-character RS256 token; the tail costs a tenth of
 * that, and the exact comparison (a memcmp) a few nanoseconds. Two verified tokens sharing a
 * tail (which real signatures never do) would only take each other's place: a lookup never
 * answers for a token it does not hold.
 */
import { LruCache } from '@pointe/common';
import type { JWTPayload } from 'jose';
import { positiveInteger, seconds } from './config-values.js';
import type { JwtCacheConfig } from './config.js';

const DEFAULT_CAPACITY = 1000;

/** How many trailing characters of a token key the map; tokens this short or shorter are their own key. */
const TAIL = 32;

const tailOf = (token: string): string => (token.length <= TAIL ? token : token.slice(-TAIL));

interface Cached {
  readonly token: string;
  readonly payload: JWTPayload;
}

export class TokenCache {
  readonly #cache: LruCache<string, Cached>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(config: JwtCacheConfig, field: string, now: () => number) {
    this.#cache = new LruCache({ capacity: positiveInteger(config.capacity, `${field}.capacity`, DEFAULT_CAPACITY), now });
    this.#maxAgeMs = seconds(config.defaultMaxAge, `${field}.defaultMaxAge`, Number.POSITIVE_INFINITY, true) * 1000;
    this.#now = now;
  }

  /** The claims of `token` when it passed before and has not expired since. */
  get(token: string): JWTPayload | undefined {
    const entry = this.#cache.get(tailOf(token));
    return entry !== undefined && entry.token === token ? entry.payload : undefined;
  }

  /** Stores a validated payload until its `exp` (required, so always present) or `defaultMaxAge`, whichever is first. */
  set(token: string, payload: JWTPayload): void {
    if (typeof payload.exp !== 'number') return;
    this.#cache.set(tailOf(token), { token, payload }, Math.min(payload.exp * 1000, this.#now() + this.#maxAgeMs));
  }

  get size(): number {
    return this.#cache.size;
  }
}
