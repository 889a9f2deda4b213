/**
 * `OAuth2IntrospectionValidator`: the listener side of OAuth2 — an `OAuth2IntrospectionConfig`
 * made into a token check, built once at `attach()`.
 *
 * - `validate(token)` answers a cached token synchronously (no promise: the listener's
 *   chain settles it in place); otherwise it introspects, with one request for all the
 *   concurrent checks of one token (single flight, beyond Ballerina).
 * - With `cacheConfig`, active responses are cached per token until `exp` (or
 *   `defaultTokenExpTime` without one), at most `defaultMaxAge`, at most `capacity`
 *   entries (LRU); keyed by a keyed digest of the token (`KeyedDigest`, random keys per
 *   validator), so a heap dump holds no tokens
 *   as keys. Rejections and server failures are not cached.
 * - `introspect(token)` is the uncached network step alone, and `validate`'s `schedule`
 *   lets the caller run it through its own bounded queue.
 *
 * @example
 * const validator = new OAuth2IntrospectionValidator({ url: 'https://localhost:9445/oauth2/token/introspect',
 *   clientConfig: { auth: { username: 'introspector', password: '…' } }, cacheConfig: { capacity: 1000 } });
 * const result = await validator.validate(bearerToken); // throws OAuth2TokenRejectedError → 401
 */
import { KeyedDigest, LruCache, SingleFlight } from '@pointe/common';
import type { OAuth2IntrospectionConfig } from './config.js';
import { checkIntrospectionConfig, type IntrospectionSettings } from './check-config.js';
import { createEndpointClient, type EndpointClient, type OAuth2ClientAuthHandler } from './endpoint-client.js';
import { type IntrospectionResult, checkTokenShape, introspect } from './introspect.js';

/** Runs the uncached introspection of one token, e.g. through a bounded queue. */
export type IntrospectionSchedule = (task: () => Promise<IntrospectionResult>) => Promise<IntrospectionResult>;

export interface IntrospectionValidatorOptions {
  /** The clock, epoch milliseconds (tests). */
  now?: () => number;
  /**
   * Authenticates the resource server instead of `clientConfig.auth`, which is then left to
   * the caller to check (`@pointe/http` passes the handler it built from that record, so
   * every client auth record works, a self-signed JWT included). Not closed by `close()`.
   */
  clientAuth?: OAuth2ClientAuthHandler;
}

export class OAuth2IntrospectionValidator {
  readonly #settings: IntrospectionSettings;
  readonly #client: EndpointClient;
  readonly #cache: LruCache<string, IntrospectionResult> | undefined;
  readonly #flight = new SingleFlight<string, IntrospectionResult>();
  /** Cache and single-flight keys: no token is held as a key, and nobody without the keys can make two tokens share one. */
  readonly #digest = new KeyedDigest();
  readonly #now: () => number;

  /** Checks `config` now (`OAuth2ConfigError` naming `field`) and builds its HTTP client; sends nothing. */
  constructor(config: OAuth2IntrospectionConfig, field = 'oauth2IntrospectionConfig', options: IntrospectionValidatorOptions = {}) {
    this.#settings = checkIntrospectionConfig(config, field, options.clientAuth !== undefined);
    this.#now = options.now ?? Date.now;
    const cache = this.#settings.cache;
    this.#cache = cache === undefined ? undefined : new LruCache({ capacity: cache.capacity, now: this.#now });
    this.#client = createEndpointClient(this.#settings.client, options.clientAuth);
  }

  /**
   * The token's introspection: synchronously from the cache, else a promise. Rejects (or
   * throws) `OAuth2TokenRejectedError` for a token that is not good (401) and
   * `OAuth2ServerError` when the server could not judge it.
   */
  validate(token: string, schedule?: IntrospectionSchedule): IntrospectionResult | Promise<IntrospectionResult> {
    checkTokenShape(token);
    const key = this.#digest.of(token);
    const hit = this.#cache?.get(key);
    if (hit !== undefined) return hit;
    return this.#flight.run(key, async () => {
      const result = await (schedule === undefined ? this.introspect(token) : schedule(() => this.introspect(token)));
      this.#store(key, result);
      return result;
    });
  }

  /** Whether results are cached (`cacheConfig`): then a token's cached result is the same object on every hit. */
  get cachesResults(): boolean {
    return this.#cache !== undefined;
  }

  /** The cached introspection of `token`, if any; never sends a request. */
  cached(token: string): IntrospectionResult | undefined {
    return this.#cache?.get(this.#digest.of(token));
  }

  /** One introspection request, uncached and not collapsed with others. */
  introspect(token: string): Promise<IntrospectionResult> {
    return introspect(this.#client, this.#settings, token, this.#now);
  }

  /** Releases the HTTP connections (and the resource server's own token manager). */
  async close(): Promise<void> {
    this.#cache?.clear();
    await this.#client.close();
  }

  #store(key: string, result: IntrospectionResult): void {
    if (this.#cache === undefined) return;
    const now = this.#now();
    const untilExp = result.exp === undefined ? now + this.#settings.defaultTokenExpTimeS * 1000 : result.exp * 1000;
    this.#cache.set(key, result, Math.min(untilExp, now + (this.#settings.cache?.maxAgeMs ?? Number.POSITIVE_INFINITY)));
  }
}
