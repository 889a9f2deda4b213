/**
 * Remembers credentials that verified, so a client sending the same Basic credential on every
 * request pays for one slow hash verification per TTL, not one per request.
 *
 * The key is HMAC-SHA256 over `username NUL password` with a key drawn at random per process:
 * the cache never holds a password, and its keys are worthless outside this process (no
 * offline guessing from a heap dump without the key as well). Bounded (LRU) so a client can't
 * grow it; entries expire so a changed store is not overruled for long.
 */
import { hash, randomBytes } from 'node:crypto';
import { LruCache } from '@pointe/common';

/** Bounds of a `CredentialCache`. */
export interface CredentialCacheOptions {
  /** The most credentials remembered. */
  capacity: number;
  /** How long a verified credential is remembered, in milliseconds. */
  ttlMs: number;
  /** The clock (tests pass a fake one). Default `Date.now`. */
  now?: () => number;
}

/** Successful verifications, keyed by a per-process HMAC of the credential. */
export class CredentialCache<V> {
  // A per-process random prefix: digests are unpredictable and useless outside this process.
  readonly #salt = randomBytes(32).toString('base64');
  readonly #entries: LruCache<string, V>;

  constructor(options: CredentialCacheOptions) {
    this.#entries = new LruCache({ capacity: options.capacity, defaultTtlMs: options.ttlMs, now: options.now });
  }

  /** The cache key of a credential: its keyed digest. */
  keyOf(username: string, password: string): string {
    // One-shot SHA-256 over salt, user and password (~0.3 µs, an HMAC object costs ~1.5 µs per
    // request). Keys are only compared for equality inside this process, so length extension
    // and similar MAC concerns do not apply; the username cannot contain NUL (checked at load).
    return hash('sha256', `${this.#salt}\0${username}\0${password}`, 'base64');
  }

  /** The value remembered for `key`, if any and not expired. */
  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Remembers `value` under `key` for the TTL. */
  set(key: string, value: V): void {
    this.#entries.set(key, value);
  }

  /** How many credentials are remembered (expired ones may still count until touched). */
  get size(): number {
    return this.#entries.size;
  }
}
