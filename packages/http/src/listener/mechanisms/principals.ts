/**
 * Principals built once per cached answer. A mechanism's cache (the stores' users, the JWT
 * validator's payloads, introspection results) hands out the same frozen object for the same
 * credential, so the principal made from it is built once and shared by every request.
 */
import type { AuthenticatedUser } from '@pointe/auth';
import type { Principal } from '../types.js';

/**
 * `build` memoised per answer object. With `memoise: false` (answers that are new every time,
 * as a JWT validator without `cacheConfig` gives) it is `build` itself: a WeakMap entry per
 * request would only be garbage-collector work.
 */
export function principalsOf<A extends object>(build: (answer: A) => Principal, memoise = true): (answer: A) => Principal {
  if (!memoise) return build;
  const principals = new WeakMap<A, Principal>();
  return (answer) => {
    let principal = principals.get(answer);
    if (principal === undefined) {
      principal = build(answer);
      principals.set(answer, principal);
    }
    return principal;
  };
}

/** A Basic store's user (or `undefined`) → its frozen `basic` principal. */
export function basicPrincipals(): (user: AuthenticatedUser | undefined) => Principal | undefined {
  const principalOf = principalsOf<AuthenticatedUser>((user) => Object.freeze({ scheme: 'basic', username: user.username, scopes: user.scopes }));
  return (user) => (user === undefined ? undefined : principalOf(user));
}

/**
 * `AuthProvider.recall` over a mechanism's lookup of its cache of accepted tokens: the principal
 * of the cached answer (the same one `authenticate` would build from it), else `undefined`.
 */
export function recallFrom<A extends object>(cached: (token: string) => A | undefined, principalOf: (answer: A) => Principal | undefined): (token: string) => Principal | undefined {
  return (token) => {
    const answer = cached(token);
    return answer === undefined ? undefined : principalOf(answer);
  };
}
