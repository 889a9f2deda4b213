/** `parseAuthorization`: the header, read once per request (RFC 7235 §2.1, RFC 7617, RFC 6750 §2.1). */
import { describe, expect, it } from 'vitest';
import { MAX_BEARER_TOKEN_LENGTH, credentialsOf, parseAuthorization } from './authorization-header.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('parseAuthorization', () => {
  it('no header is missing', () => {
    expect(parseAuthorization(undefined)).toEqual({ problem: 'missing' });
    expect(parseAuthorization('')).toEqual({ problem: 'missing' });
  });

  it('reads Basic with the scheme in any case, splitting at the first colon', () => {
    for (const scheme of ['Basic', 'basic', 'BASIC']) {
      expect(parseAuthorization(`${scheme}  ${b64('alice:pa:ss')}`)).toEqual({
        credential: { scheme: 'basic', username: 'alice', password: 'pa:ss', token: b64('alice:pa:ss') },
      });
    }
  });

  it('reads Bearer token68, with extra spaces after the scheme', () => {
    expect(parseAuthorization('Bearer abc.DEF-_~+/==')).toEqual({ credential: { scheme: 'bearer', token: 'abc.DEF-_~+/==' } });
    expect(parseAuthorization('bearer   tok')).toEqual({ credential: { scheme: 'bearer', token: 'tok' } });
  });

  it.each([
    ['Bearer with a space inside', 'Bearer a b'],
    ['Bearer with a quote', 'Bearer a"b'],
    ['an empty Bearer', 'Bearer '],
    ['Bearer with "=" inside', 'Bearer a=b'],
    ['Bearer with a character after the padding', 'Bearer ab==c'],
    ['Bearer that is only padding', 'Bearer =='],
    ['Bearer with a non-ASCII letter', 'Bearer abcé'],
    ['Bearer with a control character', 'Bearer ab\u0000c'],
    ['an oversized Bearer', `Bearer ${'a'.repeat(MAX_BEARER_TOKEN_LENGTH + 1)}`],
  ])('%s is malformed, marked bearer (for the invalid_token challenge)', (_name, header) => {
    expect(parseAuthorization(header)).toEqual({ problem: 'malformed', scheme: 'bearer' });
  });

  it('a token of exactly the limit is read', () => {
    expect(parseAuthorization(`Bearer ${'a'.repeat(MAX_BEARER_TOKEN_LENGTH)}`).credential).toBeDefined();
  });

  it.each([
    ['not base64', 'Basic !!!'],
    ['no colon', `Basic ${b64('alice')}`],
    ['an empty password', `Basic ${b64('alice:')}`],
    ['a control character', `Basic ${b64('al\tice:pw')}`],
  ])('Basic with %s is malformed', (_name, header) => {
    expect(parseAuthorization(header)).toEqual({ problem: 'malformed', scheme: 'basic' });
  });

  it.each([['Digest x'], ['Basic'], ['Token abc'], [['Basic a', 'Basic b']]])('%j is an unsupported scheme', (header) => {
    expect(parseAuthorization(header as string | string[])).toEqual({ problem: 'unsupported_scheme' });
  });
});

const bearerTokenOf = (header: string) => credentialsOf(header, 'bearer');

describe("credentialsOf(header, 'bearer') (the lookup before the syntax check)", () => {
  it('reads the token where parseAuthorization does, and nothing for other schemes', () => {
    expect(bearerTokenOf('Bearer abc.def')).toBe('abc.def');
    expect(bearerTokenOf('bEARER   abc')).toBe('abc');
    for (const header of ['Bearer ', 'Bearer    ', 'Basic abc', 'Bearerx abc', 'Bear abc', 'Bearer', 'Bearer\tabc', 'Beare\u0072 x'.replace('\u0072', 'ŕ')]) {
      expect(bearerTokenOf(header), header).toBeUndefined();
    }
  });

  it('agrees with parseAuthorization on every header parseAuthorization reads as Bearer', () => {
    const headers = ['Bearer abc', 'bearer   tok', 'BEARER x.y.z', 'Bearer a b', 'Bearer abc==', 'Bearer ab\u0000c', 'Bearer é'];
    for (const header of headers) {
      const parsed = parseAuthorization(header);
      if (parsed.credential?.scheme === 'bearer') expect(bearerTokenOf(header)).toBe(parsed.credential.token);
      // A token the syntax check refuses is still read here: it can only match a cache of accepted tokens, which never holds one.
      else expect(bearerTokenOf(header)).toBe(header.replace(/^\S+ +/, ''));
    }
  });
});

describe("credentialsOf(header, 'basic')", () => {
  it('reads the token68 where parseAuthorization does, and nothing for other schemes', () => {
    expect(credentialsOf('Basic YWI6Yw==', 'basic')).toBe('YWI6Yw==');
    expect(credentialsOf('bASIC   YWI6Yw==', 'basic')).toBe('YWI6Yw==');
    for (const header of ['Basic ', 'Basic   ', 'Bearer abc', 'Basicx abc', 'Basi abc', 'Basic', 'Basic\tabc', 'Bas\u00efc x']) {
      expect(credentialsOf(header, 'basic'), header).toBeUndefined();
    }
  });

  it('gives the token parseAuthorization hands the stores, for every header it reads as Basic', () => {
    const headers = [`Basic ${b64('a:b')}`, `basic    ${b64('alice:pa:ss')}`, `BASIC ${b64('ünï:cödé')}`, `Basic ${b64('a')}`, 'Basic !!!'];
    for (const header of headers) {
      const parsed = parseAuthorization(header);
      const token = credentialsOf(header, 'basic');
      if (parsed.credential?.scheme === 'basic') expect(token).toBe(parsed.credential.token);
      // Malformed credentials are still read here: they can only match a cache of accepted ones, which never holds them.
      else expect(token).toBe(header.replace(/^\S+ +/, ''));
    }
  });
});
