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
import { MAX_BASIC_TOKEN_LENGTH, parseBasicCredentials } from '../basic-credentials.js';

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

  /** The cache key of a Basic token68 (`AcceptedTokens`): its keyed digest, never equal to a `keyOf` input (another separator). */
  keyOfToken(token: string): string {
    return hash('sha256', `${this.#salt}\u0001${token}`, 'base64');
  }

  /** The value remembered for `key`, if any and not expired. */
  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Remembers `value` under `key` until `expiresAt` (epoch milliseconds), by default for the TTL. */
  set(key: string, value: V, expiresAt?: number): void {
    this.#entries.set(key, value, expiresAt);
  }

  /** How many credentials are remembered (expired ones may still count until touched). */
  get size(): number {
    return this.#entries.size;
  }
}

/**
 * Basic tokens a store accepted: the header's token68 (canonical base64 of `user-id:password`,
 * so one credential has exactly one token) → the store's answer. A repeated credential is then
 * recognised before it is decoded, with one keyed digest and one lookup: the listener asks this
 * (`AuthProvider.recall`) before it parses the header at all.
 *
 * Keyed like `CredentialCache`, by a per-process keyed SHA-256 of the token: the cache never
 * holds the token, which is the password, encoded. A token is remembered only when it decodes to
 * exactly the credential the store accepted, so no caller can file an answer under another
 * credential's token. Bounded (LRU); each entry expires no later than the answer it remembers.
 */
export class AcceptedTokens<V> {
  readonly #entries: CredentialCache<V>;

  constructor(options: CredentialCacheOptions) {
    this.#entries = new CredentialCache(options);
  }

  /** The answer remembered for `token`, if any and not expired. Decodes nothing. */
  get(token: string): V | undefined {
    if (token.length > MAX_BASIC_TOKEN_LENGTH) return undefined;
    return this.#entries.get(this.#entries.keyOfToken(token));
  }

  /**
   * Remembers `value` for `token` until `expiresAt` (default: the TTL), when `token` is the
   * encoding of `username` and `password` exactly; otherwise remembers nothing.
   */
  remember(token: string, username: string, password: string, value: V, expiresAt?: number): void {
    const decoded = parseBasicCredentials(token);
    if (decoded === undefined || decoded.username !== username || decoded.password !== password) return;
    this.#entries.set(this.#entries.keyOfToken(token), value, expiresAt);
  }
}
