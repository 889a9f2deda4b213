/**
 * The verification keys of a remote JWKS: fetched lazily (or at `warmUp()`), cached,
 * and refetched when a token names a `kid` the set does not have (key rotation).
 *
 * A token's `kid` is attacker-chosen, so it is only ever a lookup key in a `Map`
 * (no file path, no URL, no object property), and an unknown one costs at most one
 * fetch per `minRefetchInterval`: concurrent tokens share one fetch (single-flight) and
 * a flood of forged `kid`s cannot turn the validator into a load generator against the
 * identity provider. The token's `jku`, `x5u`, `jwk` and `x5c` headers are never read.
 */
import type { KeyObject } from 'node:crypto';
import { LruCache, SingleFlight } from '@pointe/common';
import type { SigningAlgorithm } from './algorithms.js';
import { positiveInteger, seconds } from './config-values.js';
import type { JwksConfig } from './config.js';
import { JwksUnavailableError, JwtValidationError } from './errors.js';
import { createJwksFetcher, type JwksFetcher, type JwksKey } from './jwks-fetch.js';

const DEFAULT_CAPACITY = 100;
const DEFAULT_MAX_AGE_S = 600;
const DEFAULT_MIN_REFETCH_INTERVAL_S = 10;

/** The cache slot of keys without a `kid`, and of all keys for a token without one. */
const ANY_KID = Symbol('any kid');

export class JwksKeySet {
  readonly #fetcher: JwksFetcher;
  readonly #cache: LruCache<string | typeof ANY_KID, JwksKey[]>;
  readonly #flight = new SingleFlight<'jwks', void>();
  readonly #maxAgeMs: number;
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  #lastAttempt: number | undefined;
  #lastFailure: JwksUnavailableError | undefined;
  #fetchCount = 0;

  constructor(config: JwksConfig, field: string, now: () => number = Date.now) {
    this.#fetcher = createJwksFetcher(config, field);
    const capacity = positiveInteger(config.cacheConfig?.capacity, `${field}.cacheConfig.capacity`, DEFAULT_CAPACITY);
    // One more slot for the ANY_KID list.
    this.#cache = new LruCache({ capacity: capacity + 1, now });
    this.#minIntervalMs =
      seconds(config.minRefetchInterval, `${field}.minRefetchInterval`, DEFAULT_MIN_REFETCH_INTERVAL_S) * 1000;
    // A set must live at least until it may be fetched again, or its keys would vanish in between.
    this.#maxAgeMs = Math.max(
      seconds(config.cacheConfig?.defaultMaxAge, `${field}.cacheConfig.defaultMaxAge`, DEFAULT_MAX_AGE_S, true) * 1000,
      this.#minIntervalMs,
    );
    this.#now = now;
  }

  /** How many times the set was requested (for tests and metrics). */
  get fetchCount(): number {
    return this.#fetchCount;
  }

  /** Fetches the set now; rejects with a `JwksUnavailableError` when it cannot. */
  async warmUp(): Promise<void> {
    await this.#flight.run('jwks', () => this.#load());
  }

  /**
   * The key for a token's protected header, whose `alg` the validator has already checked
   * against the allow-list. Synchronous (a key, or a throw) when the set in hand decides:
   * the key is there, the `kid` is known but does not fit, or no refetch is allowed yet.
   * A promise only when the set must be (re)fetched first, or a fetch in flight joined.
   */
  resolve(header: { alg?: unknown; kid?: unknown }): KeyObject | Promise<KeyObject> {
    const { alg, kid } = header;
    if (kid !== undefined && typeof kid !== 'string') throw new JwtValidationError('malformed', 'the "kid" header is not a string');
    const found = this.#select(kid, alg as SigningAlgorithm);
    if (found !== undefined) return found;
    if (!this.#mayRefetch()) return this.#afterRefetch(kid, alg as SigningAlgorithm);
    return this.#flight.run('jwks', () => this.#load()).then(() => this.#afterRefetch(kid, alg as SigningAlgorithm));
  }

  async close(): Promise<void> {
    await this.#fetcher.close();
  }

  /** The one key of the set for `kid` that may verify `alg`; `undefined` when there is none. */
  #select(kid: string | undefined, alg: SigningAlgorithm): KeyObject | undefined {
    const entries = this.#cache.get(kid ?? ANY_KID);
    if (entries === undefined) return undefined;
    const usable = entries.filter((entry) => entry.algorithms.has(alg));
    if (usable.length === 1) return usable[0]!.key;
    if (kid !== undefined) {
      // The kid is known: a refetch would not help, the token is at fault.
      throw usable.length === 0
        ? new JwtValidationError('algorithm', 'the token\'s "alg" does not fit the JWKS key its "kid" names')
        : new JwtValidationError('key_not_found', 'the JWKS has several keys with the token\'s "kid" for its algorithm');
    }
    return undefined;
  }

  /** The key once the set was refetched (or could not be): found, or why not. */
  #afterRefetch(kid: string | undefined, alg: SigningAlgorithm): KeyObject {
    const refetched = this.#select(kid, alg);
    if (refetched !== undefined) return refetched;
    if (this.#cache.get(ANY_KID) === undefined && this.#lastFailure !== undefined) throw this.#lastFailure;
    throw new JwtValidationError(
      'key_not_found',
      kid === undefined ? 'the token has no "kid" and the JWKS has no single key for its algorithm' : 'the JWKS has no key with the token\'s "kid"',
    );
  }

  /** Whether to fetch: join a fetch in flight, or start one unless the last one started under `minRefetchInterval` ago. */
  #mayRefetch(): boolean {
    if (this.#flight.size > 0) return true;
    return this.#lastAttempt === undefined || this.#now() - this.#lastAttempt >= this.#minIntervalMs;
  }

  async #load(): Promise<void> {
    this.#lastAttempt = this.#now();
    this.#fetchCount++;
    let keys: JwksKey[];
    try {
      keys = await this.#fetcher.fetchKeys();
    } catch (error) {
      // The previous set, if still fresh, stays in use: a flaky endpoint does not lock out valid tokens.
      this.#lastFailure =
        error instanceof JwksUnavailableError ? error : new JwksUnavailableError('JWKS fetch failed', { cause: error });
      throw this.#lastFailure;
    }
    this.#lastFailure = undefined;
    const byKid = new Map<string | typeof ANY_KID, JwksKey[]>([[ANY_KID, keys]]);
    for (const key of keys) {
      if (key.kid === undefined) continue;
      byKid.set(key.kid, [...(byKid.get(key.kid) ?? []), key]);
    }
    // Replace, not merge: a key the provider removed (rotated out, revoked) stops verifying now.
    this.#cache.clear();
    const expiresAt = this.#now() + this.#maxAgeMs;
    for (const [kid, entries] of byKid) if (kid !== ANY_KID) this.#cache.set(kid, entries, expiresAt);
    // Set last so the least recently used slot evicted on overflow is a kid, not the whole-set list.
    this.#cache.set(ANY_KID, keys, expiresAt);
  }
}
