/**
 * One `AuthProvider` per distinct (mechanism, config) on a listener, the way Ballerina caches
 * its handlers: resources that repeat the same record share the provider, its caches and
 * connections. Keys are the SHA-256 of the config's canonical JSON, so key order does not matter.
 */
import { createHash } from 'node:crypto';
import type { AuthProvider } from './auth-provider.js';
import type { ResolvedElement } from './resolve-auth.js';

export class ProviderRegistry {
  readonly #providers = new Map<string, AuthProvider>();

  /** The provider for `element`, built on first use (at `attach()`). */
  providerFor(element: ResolvedElement): AuthProvider {
    const key = `${element.mechanism.key}:${canonicalJsonDigest(element.config)}`;
    let provider = this.#providers.get(key);
    if (provider === undefined) {
      provider = element.mechanism.create(element.config, element.location);
      this.#providers.set(key, provider);
    }
    return provider;
  }

  /** Closes every provider (JWKS clients, connections) when the listener stops. */
  async close(): Promise<void> {
    await Promise.all([...this.#providers.values()].map((p) => p.close?.()));
  }
}

/** SHA-256 of JSON with sorted keys. */
function canonicalJsonDigest(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
  return createHash('sha256').update(json).digest('hex');
}
