import { describe, expect, it } from 'vitest';
import { hasScopes, normalizeScopes } from './scopes.js';

describe('hasScopes', () => {
  it('passes anything when no scopes are required', () => {
    expect(hasScopes([], undefined)).toBe(true);
  });
  it('any-of by default, exact and case-sensitive', () => {
    const required = normalizeScopes(['a', 'b']);
    expect(hasScopes(['b'], required)).toBe(true);
    expect(hasScopes(['B', 'c'], required)).toBe(false);
    expect(hasScopes([], required)).toBe(false);
    expect(hasScopes(['ab'], normalizeScopes('a'))).toBe(false);
  });
  it('all-of with matchAll', () => {
    const required = normalizeScopes(['a', 'b'], true);
    expect(hasScopes(['a'], required)).toBe(false);
    expect(hasScopes(['b', 'a', 'c'], required)).toBe(true);
  });
  it('an empty scopes array can never be satisfied any-of', () => {
    expect(hasScopes(['a'], normalizeScopes([]))).toBe(false);
  });
});
