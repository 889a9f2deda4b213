/**
 * Remembers credentials that verified, so a client sending the same Basic credential on every
 * request pays for one slow hash verification per TTL, not one per request.
 *
 * The key is a keyed 128-bit digest (`KeyedDigest`: SipHash-2-4 twice, under keys drawn at random
 * per cache) of `username NUL password`: the cache never holds a password, its keys are
 * worthless outside this process (no offline guessing from a heap dump without the key as well),
 * and nobody without the key can make two credentials share one. Bounded (LRU) so a client
 * can't grow it; entries expire so a changed store is not overruled for long.
 */
import { KeyedDigest, LruCache } from '@pointe/common';
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

/** Successful verifications, keyed by a keyed digest of the credential. */
export class CredentialCache<V> {
  // Random keys per cache: digests are unpredictable and useless outside this process.
  readonly #digest = new KeyedDigest();
  readonly #entries: LruCache<string, V>;

  constructor(options: CredentialCacheOptions) {
    this.#entries = new LruCache({ capacity: options.capacity, defaultTtlMs: options.ttlMs, now: options.now });
  }

  /** The cache key of a credential: its keyed digest (the username cannot contain NUL: checked at load). */
  keyOf(username: string, password: string): string {
    // SipHash in JavaScript: about 0.4 µs for both halves, where a one-shot SHA-256 of a salted
    // input took 0.7 µs in a loop and 2.5–2.9 µs in a loaded server (docs/benchmarks.md "Stop 20").
    return this.#digest.of(`\0${username}\0${password}`);
  }

  /** The cache key of a Basic token68 (`AcceptedTokens`): its keyed digest, never equal to a `keyOf` input (another leading separator). */
  keyOfToken(token: string): string {
    return this.#digest.of(`\u0001${token}`);
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
 * Keyed like `CredentialCache`, by a keyed digest of the token: the cache never
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
