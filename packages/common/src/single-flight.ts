/**
 * Collapses concurrent calls for the same key into one: while a call for `key` is in
 * flight, later callers get the same promise. Used so that N requests finding a token
 * expired cause one token request, and N checks of one token one introspection call.
 */
export class SingleFlight<K, V> {
  readonly #inFlight = new Map<K, Promise<V>>();

  run(key: K, fn: () => Promise<V>): Promise<V> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    const promise = (async () => {
      try {
        return await fn();
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, promise);
    return promise;
  }

  /** How many keys have a call in flight (for tests and metrics). */
  get size(): number {
    return this.#inFlight.size;
  }
}
