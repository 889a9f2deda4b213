import { FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { escapeFilterValue, groupFilter, userFilter } from './ldap-filter.js';

describe('escapeFilterValue (RFC 4515 §3)', () => {
  it.each([
    ['alice', 'alice'],
    ['*', '\\2a'],
    ['(', '\\28'],
    [')', '\\29'],
    ['\\', '\\5c'],
    ['\u0000', '\\00'],
    [')(uid=*', '\\29\\28uid=\\2a'],
    ['admin)(|(uid=*', 'admin\\29\\28|\\28uid=\\2a'],
    ['é=ü,+', 'é=ü,+'],
  ])('%j → %j', (value, escaped) => {
    expect(escapeFilterValue(value)).toBe(escaped);
  });

  it('an escaped value parses back as one equality assertion of exactly that value', () => {
    for (const value of ['*', ')(uid=*', 'admin)(|(uid=*', 'a\\b', 'x\u0000y', '*)(objectClass=*']) {
      const filter = FilterParser.parseString(userFilter('(uid=?)', value));
      expect(filter.constructor.name).toBe('EqualityFilter');
      expect((filter as unknown as { value: string }).value).toBe(value);
    }
  });
});

describe('filters of the store', () => {
  it('userFilter replaces every ? with the escaped username', () => {
    expect(userFilter('(&(objectClass=person)(|(uid=?)(mail=?)))', 'a*')).toBe('(&(objectClass=person)(|(uid=a\\2a)(mail=a\\2a)))');
  });

  it('groupFilter ANDs the list filter with the escaped member', () => {
    expect(groupFilter('(objectClass=groupOfNames)', 'member', 'cn=a(b),ou=x')).toBe(
      '(&(objectClass=groupOfNames)(member=cn=a\\28b\\29,ou=x))',
    );
  });
});
