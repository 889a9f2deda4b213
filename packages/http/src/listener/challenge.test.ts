/** `WWW-Authenticate` values: RFC 7617 §2 (Basic), RFC 6750 §3 and §3.1 (Bearer). */
import { describe, expect, it } from 'vitest';
import { buildChallenges, insufficientScope } from './challenge.js';
import { normalizeScopes } from './scopes.js';

describe('buildChallenges', () => {
  it('one challenge per scheme the route accepts, Basic first', () => {
    expect(buildChallenges(new Set(['bearer', 'basic']))).toEqual({
      plain: ['Basic realm="pointe", charset="UTF-8"', 'Bearer realm="pointe"'],
      invalidToken: ['Basic realm="pointe", charset="UTF-8"', 'Bearer realm="pointe", error="invalid_token"'],
    });
  });

  it('a Basic-only route never mentions Bearer, nor an error', () => {
    const { plain, invalidToken } = buildChallenges(new Set(['basic']));
    expect(plain).toEqual(['Basic realm="pointe", charset="UTF-8"']);
    expect(invalidToken).toEqual(plain);
  });

  it('no scheme, no challenge', () => {
    expect(buildChallenges(new Set())).toEqual({ plain: [], invalidToken: [] });
  });
});

describe('insufficientScope', () => {
  it('names the required scopes, space-separated (RFC 6750 §3 scope attribute)', () => {
    expect(insufficientScope(normalizeScopes(['read', 'write']))).toBe('Bearer realm="pointe", error="insufficient_scope", scope="read write"');
    expect(insufficientScope(undefined)).toBe('Bearer realm="pointe", error="insufficient_scope"');
  });
});
