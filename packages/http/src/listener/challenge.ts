/**
 * `WWW-Authenticate` values (RFC 7617 §2 for Basic, RFC 6750 §3 for Bearer), built once per
 * route at `attach()`; the request path only picks one of the prepared arrays.
 */
import type { AuthScheme } from './auth-provider.js';
import type { RequiredScopes } from './scopes.js';

const REALM = 'pointe';
const BASIC = `Basic realm="${REALM}", charset="UTF-8"`;
const BEARER = `Bearer realm="${REALM}"`;
const BEARER_INVALID = `Bearer realm="${REALM}", error="invalid_token"`;

/** The 401 challenges of a route, one per scheme it accepts. */
export interface Challenges {
  /** No credential, or a Basic one that failed. */
  readonly plain: readonly string[];
  /** A Bearer token was presented and rejected: the Bearer challenge adds `error="invalid_token"`. */
  readonly invalidToken: readonly string[];
}

export function buildChallenges(schemes: ReadonlySet<AuthScheme>): Challenges {
  const plain: string[] = [];
  const invalidToken: string[] = [];
  if (schemes.has('basic')) {
    plain.push(BASIC);
    invalidToken.push(BASIC);
  }
  if (schemes.has('bearer')) {
    plain.push(BEARER);
    invalidToken.push(BEARER_INVALID);
  }
  return { plain, invalidToken };
}

/** The 403 challenge of a Bearer element whose scopes the token lacks (RFC 6750 §3.1). */
export function insufficientScope(scopes: RequiredScopes | undefined): string {
  const scope = scopes === undefined ? '' : `, scope="${scopes.scopes.join(' ')}"`;
  return `Bearer realm="${REALM}", error="insufficient_scope"${scope}`;
}
