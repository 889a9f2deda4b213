/**
 * The scopes a validated JWT grants, read from its `scopeKey` claim.
 *
 * RFC 8693 §4.2 and OAuth servers use a space-separated string (`"read write"`); Azure AD,
 * Okta and others use an array (`["read","write"]`). Both are accepted (Ballerina accepts
 * only the string). Anything else grants no scope, rather than guessing.
 */
import type { JWTPayload } from 'jose';

export function extractScopes(payload: JWTPayload, scopeKey = 'scope'): string[] {
  const value: unknown = Object.hasOwn(payload, scopeKey) ? payload[scopeKey] : undefined;
  if (typeof value === 'string') return value.split(' ').filter((scope) => scope.length > 0);
  if (Array.isArray(value) && value.every((scope): scope is string => typeof scope === 'string')) {
    return value.filter((scope) => scope.length > 0);
  }
  return [];
}
