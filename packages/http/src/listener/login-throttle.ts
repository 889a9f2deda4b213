/**
 * Brute-force throttling of Basic logins (`ListenerConfiguration.loginThrottle`, beyond
 * Ballerina; opt-in like Keycloak's brute-force detection).
 *
 * Failed attempts are counted under two keys, the username and the (client address, username)
 * pair, never under the address alone: behind a NAT or a proxy one address carries many users,
 * and one attacker must not lock them all out (many usernames from one connection are the
 * verification queue's job). Past `maxFailures` failures within the sliding window, the next
 * attempt gets 429 with `Retry-After`, decided before any hash is computed, for known and
 * unknown usernames alike (a 429 only for real users would tell which names exist). The count
 * decays with the window, so there is no permanent lockout; a success resets both keys.
 *
 * Counters sit behind `LoginAttemptStore`, so several instances behind a load balancer can later
 * share them (Redis: a sorted set per key, `ZREMRANGEBYSCORE` + `ZCARD`); the in-memory store is
 * bounded (LRU over keys, at most `maxFailures` timestamps per key).
 */
import { ConfigError, LruCache } from '@pointe/common';
import { ListenerCodes } from '../errors.js';
import { isThenable, type MaybePromise } from './auth-provider.js';

/** `ListenerConfiguration.loginThrottle` when on. */
export interface LoginThrottleConfig {
  /** Failed logins per username, and per (client address, username), allowed within the window. Default 10. */
  maxFailures?: number;
  /** The sliding window, in seconds. Default 300 (5 minutes). */
  windowSeconds?: number;
  /** Where the counts live. Default an in-memory store of at most 100 000 keys (this process only). */
  store?: LoginAttemptStore;
}

/**
 * Counts failed logins per key over a sliding window. Methods may answer with a promise (a
 * shared store across instances); the in-memory store answers synchronously.
 */
export interface LoginAttemptStore {
  /**
   * How many milliseconds `key` must wait before trying again: 0 while it has fewer than
   * `maxFailures` failures in the last `windowMs`, otherwise until the oldest of them leaves the window.
   */
  blockedFor(key: string, maxFailures: number, windowMs: number, now: number): MaybePromise<number>;
  /** Records one failure of `key` at `now`. */
  recordFailure(key: string, maxFailures: number, windowMs: number, now: number): MaybePromise<void>;
  /** Forgets `key`'s failures (a success). */
  reset(key: string): MaybePromise<void>;
}

export const DEFAULT_LOGIN_MAX_FAILURES = 10;
export const DEFAULT_LOGIN_WINDOW_SECONDS = 300;
/** The most keys the in-memory store keeps; the least recently used are forgotten first. */
export const DEFAULT_LOGIN_STORE_CAPACITY = 100_000;

/**
 * The in-memory `LoginAttemptStore`: per key, the timestamps of its last `maxFailures` failures
 * (older ones cannot matter). Bounded by `capacity` keys; a key idle for a window expires.
 */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  readonly #entries: LruCache<string, number[]>;

  constructor(options: { capacity?: number; windowMs?: number } = {}) {
    this.#entries = new LruCache({
      capacity: options.capacity ?? DEFAULT_LOGIN_STORE_CAPACITY,
      defaultTtlMs: options.windowMs ?? DEFAULT_LOGIN_WINDOW_SECONDS * 1000,
    });
  }

  blockedFor(key: string, maxFailures: number, windowMs: number, now: number): number {
    const times = this.#entries.get(key);
    if (times === undefined) return 0;
    const recent = times.filter((t) => t > now - windowMs);
    if (recent.length < maxFailures) return 0;
    // The attempt is allowed again when the oldest counted failure leaves the window.
    return recent[recent.length - maxFailures]! + windowMs - now;
  }

  recordFailure(key: string, maxFailures: number, windowMs: number, now: number): void {
    const times = (this.#entries.get(key) ?? []).filter((t) => t > now - windowMs);
    times.push(now);
    if (times.length > maxFailures) times.splice(0, times.length - maxFailures);
    this.#entries.set(key, times);
  }

  reset(key: string): void {
    this.#entries.delete(key);
  }
}

/** The listener's throttle: the two keys of an attempt, checked and counted together. */
export class LoginThrottle {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #store: LoginAttemptStore;
  readonly #now: () => number;

  constructor(config: LoginThrottleConfig, now: () => number = Date.now) {
    this.#max = config.maxFailures ?? DEFAULT_LOGIN_MAX_FAILURES;
    this.#windowMs = (config.windowSeconds ?? DEFAULT_LOGIN_WINDOW_SECONDS) * 1000;
    this.#store = config.store ?? new MemoryLoginAttemptStore({ windowMs: this.#windowMs });
    this.#now = now;
  }

  /**
   * Seconds until `username` may try again from `address` (the `Retry-After` value), or 0.
   * `username` is NFC-normalised by the caller, like the user store's lookup.
   */
  retryAfter(username: string, address: string): MaybePromise<number> {
    const now = this.#now();
    const byUser = this.#store.blockedFor(userKey(username), this.#max, this.#windowMs, now);
    const byPair = this.#store.blockedFor(pairKey(address, username), this.#max, this.#windowMs, now);
    const seconds = (a: number, b: number): number => Math.ceil(Math.max(a, b) / 1000);
    if (typeof byUser === 'number' && typeof byPair === 'number') return seconds(byUser, byPair);
    return Promise.all([byUser, byPair]).then(([a, b]) => seconds(a, b));
  }

  /** Counts a failed login (every element answered 401). */
  failed(username: string, address: string): void {
    const now = this.#now();
    settle(this.#store.recordFailure(userKey(username), this.#max, this.#windowMs, now));
    settle(this.#store.recordFailure(pairKey(address, username), this.#max, this.#windowMs, now));
  }

  /** A login succeeded (authenticated, even if the scopes then fail): both counts start over. */
  succeeded(username: string, address: string): void {
    settle(this.#store.reset(userKey(username)));
    settle(this.#store.reset(pairKey(address, username)));
  }
}

/** Checks a `loginThrottle` value at construction: `false`/absent is off. */
/**
 * The name failures are counted under: NFC (as the file store compares), lower case, runs of
 * white space as one, trimmed. A directory compares `uid` ignoring case and insignificant
 * spaces (RFC 4518), so `BOB`, ` bob` and `bob  ` are one LDAP user; counted apart, each
 * spelling would get its own allowance and the limit would never bite. Folding can only
 * merge counters (two file-store users differing in case share one), never split one.
 */
export function throttleKey(username: string): string {
  return username.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function loginThrottleOf(config: LoginThrottleConfig | false | undefined): LoginThrottle | undefined {
  if (config === undefined || config === false) return undefined;
  const { maxFailures, windowSeconds } = config;
  if (maxFailures !== undefined && !(Number.isInteger(maxFailures) && maxFailures >= 1)) {
    throw new ConfigError(ListenerCodes.POINTE_ERR_LISTENER_CONFIG, `listener: loginThrottle.maxFailures must be an integer ≥ 1, got ${String(maxFailures)}`);
  }
  if (windowSeconds !== undefined && !(Number.isFinite(windowSeconds) && windowSeconds > 0)) {
    throw new ConfigError(ListenerCodes.POINTE_ERR_LISTENER_CONFIG, `listener: loginThrottle.windowSeconds must be a number of seconds > 0, got ${String(windowSeconds)}`);
  }
  return new LoginThrottle(config);
}

// NUL cannot occur in a Basic username (control characters are refused), so the keys cannot collide.
const userKey = (username: string): string => `u\0${username}`;
const pairKey = (address: string, username: string): string => `p\0${address}\0${username}`;

/** A shared store's write failing must never fail the request; the count is best effort. */
function settle(result: MaybePromise<void>): void {
  if (isThenable(result)) result.then(undefined, () => undefined);
}
