import { describe, expect, it } from 'vitest';
import { HeaderMemo, decodeCompactJws, MAX_TOKEN_LENGTH } from './compact-jws.js';
import { JwtValidationError, type JwtValidationFailure } from './errors.js';

const b64 = (value: string | Uint8Array): string => Buffer.from(value).toString('base64url');
const json = (value: unknown): string => b64(JSON.stringify(value));
const CLAIMS = json({ sub: 'alice' });
const SIG = b64('0123456789');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `value`, padded with a member until its encoding ends in a character with unused bits. */
function canonicalWithSpareBits(value: Record<string, unknown>): string {
  for (let pad = '';; pad += 'x') {
    const encoded = json({ ...value, pad });
    if (encoded.length % 4 === 2) return encoded;
  }
}

/** `part` (length 2 mod 4) with the unused bits of its last character set. */
const spoil = (part: string): string => `${part.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(part.at(-1)!) | 0x0f]}`;

function reasonOf(token: unknown): JwtValidationFailure {
  try {
    decodeCompactJws(token);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtValidationError);
    return (error as JwtValidationError).reason;
  }
  throw new Error('the token should have been refused');
}

describe('decodeCompactJws', () => {
  it('splits a token into its header, signing input, payload part and signature bytes', () => {
    const token = `${json({ alg: 'RS256', typ: 'JWT' })}.${CLAIMS}.${SIG}`;
    const jws = decodeCompactJws(token);
    expect(jws.header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(jws.alg).toBe('RS256');
    expect(jws.signingInput).toBe(token.slice(0, token.lastIndexOf('.')));
    expect(jws.encodedPayload).toBe(CLAIMS);
    expect(jws.signature.toString()).toBe('0123456789');
  });

  it('refuses anything but three parts of the base64url alphabet, header and payload non-empty', () => {
    const h = json({ alg: 'RS256' });
    for (const token of [`${h}.${CLAIMS}`, `${h}.${CLAIMS}.${SIG}.${SIG}`, `.${CLAIMS}.${SIG}`, `${h}..${SIG}`, `${h}.${CLAIMS}.a+b/`, ` ${h}.${CLAIMS}.${SIG}`, `${h}.${CLAIMS}.${SIG}\n`, '', 42, null]) {
      expect(reasonOf(token)).toBe('malformed');
    }
  });

  it(`refuses a token over ${MAX_TOKEN_LENGTH} characters`, () => {
    expect(reasonOf(`${json({ alg: 'RS256' })}.${b64('x'.repeat(MAX_TOKEN_LENGTH))}.${SIG}`)).toBe('malformed');
  });

  it('refuses padding and non-canonical encodings (RFC 7515 §2, RFC 4648 §3.5), in every part', () => {
    const h = json({ alg: 'RS256' });
    for (const sig of ['', 'AQ', 'AQE', 'AQAB']) expect(decodeCompactJws(`${h}.${CLAIMS}.${sig}`).signature.toString('base64url')).toBe(sig);
    // 'AR' and 'AQF' set bits past the last byte; a lenient decoder reads them as 'AQ' and 'AQE'.
    for (const sig of ['AR', 'AQF', 'AQAB=', 'AQ==', 'A', 'AQABA']) expect(reasonOf(`${h}.${CLAIMS}.${sig}`), sig).toBe('malformed');
    const header = canonicalWithSpareBits({ alg: 'RS256' });
    const claims = canonicalWithSpareBits({ sub: 'alice' });
    expect(decodeCompactJws(`${header}.${claims}.${SIG}`).alg).toBe('RS256');
    expect(reasonOf(`${spoil(header)}.${claims}.${SIG}`)).toBe('malformed');
    expect(reasonOf(`${header}.${spoil(claims)}.${SIG}`)).toBe('malformed');
  });

  it('refuses a header that is not UTF-8 JSON whose top level is an object', () => {
    for (const header of [b64('{"alg":"RS256"'), json(['RS256']), json('RS256'), json(null), json(1), b64(Uint8Array.from([0x7b, 0xff, 0x7d]))]) {
      expect(reasonOf(`${header}.${CLAIMS}.${SIG}`)).toBe('malformed');
    }
  });

  it('refuses alg none in any spelling as an algorithm failure, even before crit', () => {
    for (const alg of ['none', 'None', 'NONE', ' nOnE ']) {
      expect(reasonOf(`${json({ alg })}.${CLAIMS}.`)).toBe('algorithm');
      expect(reasonOf(`${json({ alg, crit: ['x'] })}.${CLAIMS}.${SIG}`)).toBe('algorithm');
    }
  });

  it('refuses a missing, empty or non-string alg', () => {
    for (const header of [{}, { alg: '' }, { alg: 256 }, { alg: ['RS256'] }, { alg: null }]) {
      expect(reasonOf(`${json(header)}.${CLAIMS}.${SIG}`)).toBe('malformed');
    }
  });

  it('refuses any crit (no extension is understood), including an empty one', () => {
    for (const crit of [['exp'], ['b64'], ['http://example.com/x'], [], 'exp']) {
      expect(reasonOf(`${json({ alg: 'RS256', crit, b64: true })}.${CLAIMS}.${SIG}`)).toBe('malformed');
    }
  });

  it('refuses an unencoded payload (b64 other than true), in crit or not', () => {
    for (const header of [{ alg: 'RS256', b64: false }, { alg: 'RS256', b64: 'false' }, { alg: 'RS256', b64: false, crit: ['b64'] }]) {
      expect(reasonOf(`${json(header)}.${CLAIMS}.${SIG}`)).toBe('malformed');
    }
    expect(decodeCompactJws(`${json({ alg: 'RS256', b64: true })}.${CLAIMS}.${SIG}`).alg).toBe('RS256');
  });

  it('keeps key hints in the header as inert data', () => {
    const header = { alg: 'RS256', kid: '../../etc/passwd', jku: 'https://evil/jwks', x5u: 'https://evil/c.pem', jwk: { kty: 'oct' }, x5c: ['AAAA'] };
    expect(decodeCompactJws(`${json(header)}.${CLAIMS}.${SIG}`).header).toEqual(header);
  });

  it('reuses the verdict on a header only for the same bytes, and shares it frozen', () => {
    // The memo is the validator's own (no module state): two validators never share one.
    const memo = new HeaderMemo();
    const h = json({ alg: 'ES256', kid: 'k', jwk: { kty: 'EC' } });
    const first = decodeCompactJws(`${h}.${CLAIMS}.${SIG}`, memo).header;
    expect(decodeCompactJws(`${h}.${json({ sub: 'bob' })}.${SIG}`, memo).header).toBe(first);
    expect(decodeCompactJws(`${h}.${CLAIMS}.${SIG}`, new HeaderMemo()).header).not.toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first['jwk'])).toBe(true);
    // Other bytes are checked afresh, whatever came before.
    expect(reasonOf(`${json({ alg: 'ES256', kid: 'k', jwk: { kty: 'EC' }, crit: ['x'] })}.${CLAIMS}.${SIG}`)).toBe('malformed');
    expect(reasonOf(`${json({ alg: 'none', kid: 'k' })}.${CLAIMS}.${SIG}`)).toBe('algorithm');
    expect(decodeCompactJws(`${h}.${CLAIMS}.${SIG}`, memo).alg).toBe('ES256');
  });
});
