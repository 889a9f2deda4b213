/**
 * The principal of a Basic user store's answer. The stores (file, LDAP) hand out one frozen user
 * object per cached user, so the principal is built once per user object and shared.
 */
import type { AuthenticatedUser } from '@pointe/auth';
import type { Principal } from '../types.js';

/** A function from a store's user (or `undefined`) to its frozen `basic` principal, memoised per user object. */
export function basicPrincipals(): (user: AuthenticatedUser | undefined) => Principal | undefined {
  const principals = new WeakMap<AuthenticatedUser, Principal>();
  return (user) => {
    if (user === undefined) return undefined;
    let principal = principals.get(user);
    if (principal === undefined) {
      principal = Object.freeze({ scheme: 'basic', username: user.username, scopes: user.scopes });
      principals.set(user, principal);
    }
    return principal;
  };
}
