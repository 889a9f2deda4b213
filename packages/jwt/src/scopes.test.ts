import { describe, expect, it } from 'vitest';
import { extractScopes } from './scopes.js';

describe('extractScopes', () => {
  it('splits a space-separated string (RFC 8693 §4.2), ignoring repeated spaces', () => {
    expect(extractScopes({ scope: 'read  write admin ' })).toEqual(['read', 'write', 'admin']);
  });

  it('takes an array of strings as it is', () => {
    expect(extractScopes({ scp: ['hello', 'world'] }, 'scp')).toEqual(['hello', 'world']);
  });

  it('reads the configured scopeKey only', () => {
    expect(extractScopes({ scope: 'a', scp: 'b' }, 'scp')).toEqual(['b']);
    expect(extractScopes({ scp: 'b' })).toEqual([]);
  });

  it('grants nothing for any other shape', () => {
    for (const value of [undefined, null, 42, true, { a: 1 }, ['a', 1], [['a']], '']) {
      expect(extractScopes({ scope: value as never })).toEqual([]);
    }
  });

  it('does not read inherited properties', () => {
    expect(extractScopes({}, 'toString')).toEqual([]);
    expect(extractScopes(JSON.parse('{"__proto__":"x y"}') as Record<string, unknown>, '__proto__')).toEqual(['x', 'y']);
  });
});
