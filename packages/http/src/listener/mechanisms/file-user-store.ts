/**
 * `fileUserStoreConfig`: Basic auth against `[[auth.users]]` of `Config.toml`. The store is
 * read once, when the first service using it is attached; a bad file fails `attach()`.
 */
import { DEFAULT_CACHE_TTL_MS, FileUserStore, type AuthenticatedUser } from '@pointe/auth';
import type { AuthMechanism, AuthProvider, ConfigLocation } from '../auth-provider.js';
import { VALUE, checkShape, invalidAuthConfig } from '../config-shape.js';
import type { FileUserStoreConfig } from '../types.js';
import { basicPrincipals, recallFrom } from './principals.js';

export const fileUserStoreMechanism: AuthMechanism<FileUserStoreConfig> = {
  key: 'fileUserStoreConfig',
  scheme: 'basic',
  validate(config: unknown, at: ConfigLocation): FileUserStoreConfig {
    checkShape(config, { path: VALUE }, at);
    const { path } = config as FileUserStoreConfig;
    if (path !== undefined && (typeof path !== 'string' || path === '')) throw invalidAuthConfig(at, `${at.field}.path must be a non-empty file path`);
    return path === undefined ? {} : { path };
  },
  create(config: FileUserStoreConfig): AuthProvider {
    // No users (no Config.toml found, no [[auth.users]]) fails here, at attach(): a store that can
    // only answer 401 is a deployment mistake (issue 11). The file is read once and not re-read.
    return fileUserStoreProvider(FileUserStore.load(config.path === undefined ? {} : { path: config.path }));
  },
};

/** A provider over an already loaded store. */
function fileUserStoreProvider(store: FileUserStore): AuthProvider {
  const principalOf = basicPrincipals();
  return {
    scheme: 'basic',
    // The store is read once and never changes while the listener runs, so an accepted
    // credential stays accepted: reuse it on the connection for as long as the store's own cache would.
    memoTtlMs: DEFAULT_CACHE_TTL_MS,
    authenticate(credential, _log, context) {
      if (credential.scheme !== 'basic') return undefined;
      // Uncached hash verifications go through the chain's queue; cache hits answer at once.
      // The token lets the store remember an accepted credential for `recall`.
      const user = store.check(credential.username, credential.password, context?.schedule, credential.token);
      return user instanceof Promise ? user.then(principalOf) : principalOf(user);
    },
    // A Basic token68 the store accepted before: one keyed digest and one lookup, nothing decoded.
    recall: recallFrom<AuthenticatedUser>((token) => store.recall(token), principalOf),
  };
}
