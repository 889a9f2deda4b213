import { describe, expect, it } from 'vitest';
import { locateArrayTables } from './locate-array-tables.js';

describe('locateArrayTables', () => {
  it('finds each [[auth.users]] header line, 1-based', () => {
    const text = ['# users', '[[auth.users]]', 'username = "a"', '', '[[auth.users]]', 'username = "b"', '[[other]]'].join('\n');
    expect(locateArrayTables(text, 'auth.users')).toEqual([2, 5]);
    expect(locateArrayTables(text, 'other')).toEqual([7]);
    expect(locateArrayTables(text, 'auth')).toEqual([]);
  });

  it('accepts spaces, quoted parts, comments and CRLF', () => {
    const text = '[[ auth . users ]]  # first\r\nx = 1\r\n[["auth".\'users\']]\r\n';
    expect(locateArrayTables(text, 'auth.users')).toEqual([1, 3]);
  });

  it('skips header-like lines inside multi-line strings', () => {
    const text = [
      '[[auth.users]]',
      'note = """',
      '[[auth.users]]',
      '"""',
      "raw = '''",
      '[[auth.users]]',
      "'''",
      'quoted = "\\"\\"\\"" # not a multi-line string',
      '[[auth.users]]',
    ].join('\n');
    expect(locateArrayTables(text, 'auth.users')).toEqual([1, 9]);
  });

  it('ignores [table] headers and malformed headers', () => {
    expect(locateArrayTables('[auth.users]\n[[auth.]]\n[[]]\n', 'auth.users')).toEqual([]);
  });
});
