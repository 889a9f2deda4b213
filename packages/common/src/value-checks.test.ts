import { describe, expect, it } from 'vitest';
import { isLoopback, valueChecks } from './value-checks.js';

class Problem extends Error {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}
const checks = valueChecks((field, problem) => new Problem(field, problem));

describe('valueChecks', () => {
  it('throws the bound error, naming the field', () => {
    expect(() => checks.requireString('', 'a.b')).toThrow(expect.objectContaining({ field: 'a.b', message: 'a.b: must be a non-empty string' }));
    expect(checks.optionalString(undefined, 'x')).toBeUndefined();
    expect(checks.seconds(undefined, 't', 7)).toBe(7);
    expect(checks.seconds(0, 't', 7)).toBe(0);
    expect(() => checks.seconds(0, 't', 7, true)).toThrow('t: must be a positive number of seconds, got 0');
    expect(() => checks.seconds('5', 't', 7)).toThrow('t: must be a non-negative number of seconds, got "5"');
    expect(() => checks.positiveInteger(1.5, 'n', 1)).toThrow('n: must be an integer ≥ 1, got 1.5');
  });

  it('accepts https: anywhere and http: to loopback only', () => {
    expect(checks.secureEndpointUrl('https://as.example/t', 'u').host).toBe('as.example');
    expect(checks.secureEndpointUrl('http://127.0.0.1:9/t', 'u').port).toBe('9');
    expect(() => checks.secureEndpointUrl('http://as.example/t', 'u')).toThrow('u: must be an https: URL (http: only to localhost), got http://as.example');
    expect(() => checks.secureEndpointUrl('not a url', 'u')).toThrow('u: is not a valid URL');
    expect([isLoopback('localhost'), isLoopback('[::1]'), isLoopback('127.1.2.3'), isLoopback('128.0.0.1')]).toEqual([true, true, true, false]);
  });
});
