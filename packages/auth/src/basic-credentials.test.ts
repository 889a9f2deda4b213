import { describe, expect, it } from 'vitest';
import { encodeBasicCredentials, parseBasicCredentials } from './basic-credentials.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const b64bytes = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

describe('parseBasicCredentials', () => {
  it('reads user and password (RFC 7617 example)', () => {
    expect(parseBasicCredentials('QWxhZGRpbjpvcGVuIHNlc2FtZQ==')).toEqual({ username: 'Aladdin', password: 'open sesame' });
  });

  it('splits at the first colon: the password may contain colons', () => {
    expect(parseBasicCredentials(b64('alice:pa:ss:'))).toEqual({ username: 'alice', password: 'pa:ss:' });
  });

  it('decodes UTF-8 (RFC 7617 §2.1 charset)', () => {
    expect(parseBasicCredentials(b64('tëst:密码'))).toEqual({ username: 'tëst', password: '密码' });
  });

  it.each([
    ['no colon', b64('alicepassword')],
    ['empty input', ''],
    ['empty username', b64(':password')],
    ['empty password', b64('alice:')],
    ['only a colon', b64(':')],
    ['characters outside base64', 'YWxpY2U6c*Vj'],
    ['base64url alphabet', b64('a:?>?>').replace(/\+/g, '-').replace(/\//g, '_')],
    ['missing padding', b64('alice:pw').replace(/=+$/, '')],
    ['too much padding', `${b64('alice:pw1')}==`],
    ['padding in the middle', 'YQ==YWxpY2U6cHc='],
    ['non-zero bits in the padding character', 'YWxpY2U6cHd='],
    ['whitespace inside', 'YWxp Y2U6cHc='],
    ['a trailing newline', `${b64('alice:pw')}\n`],
    ['invalid UTF-8 (lone continuation byte)', b64bytes([0x61, 0x3a, 0x80])],
    ['invalid UTF-8 (overlong encoding)', b64bytes([0x61, 0x3a, 0xc0, 0xaf])],
    ['invalid UTF-8 (lone surrogate)', b64bytes([0x61, 0x3a, 0xed, 0xa0, 0x80])],
    ['NUL in the password', b64('alice:pa\u0000ss')],
    ['tab in the password', b64('alice:pa\tss')],
    ['tab in the username', b64('al\tice:pass')],
    ['newline in the username', b64('al\nice:pass')],
    ['DEL in the password', b64('alice:pass\u007F')],
    ['U+0085 (NEL, a C1 control) in the password', b64('alice:pass\u0085')],
    ['U+009F in the username', b64('\u009Falice:pass')],
    ['8 KB of input', b64(`alice:${'x'.repeat(8 * 1024)}`)],
  ])('rejects %s', (_name, token) => {
    expect(parseBasicCredentials(token)).toBeUndefined();
  });

  it('accepts up to 4096 characters and no more', () => {
    // 3072 bytes → exactly 4096 base64 characters.
    const longest = b64(`alice:${'x'.repeat(3072 - 6)}`);
    expect(longest).toHaveLength(4096);
    expect(parseBasicCredentials(longest)?.password).toHaveLength(3066);
    expect(parseBasicCredentials(b64(`alice:${'x'.repeat(3072 - 5)}`))).toBeUndefined();
  });

  it('never throws, whatever the input', () => {
    for (const token of ['=', '====', 'A', 'AB=', '\uD800', '€€€€', 'YW\u0000x']) {
      expect(() => parseBasicCredentials(token)).not.toThrow();
      expect(parseBasicCredentials(token)).toBeUndefined();
    }
  });
});

describe('encodeBasicCredentials', () => {
  it('round-trips through parseBasicCredentials', () => {
    const token = encodeBasicCredentials('tëst', 'p:a ss');
    expect(token).toBe(b64('tëst:p:a ss'));
    expect(parseBasicCredentials(token)).toEqual({ username: 'tëst', password: 'p:a ss' });
  });

  it('refuses a username with a colon and control characters', () => {
    expect(() => encodeBasicCredentials('a:b', 'pw')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_BASIC_CREDENTIALS' }));
    expect(() => encodeBasicCredentials('ab', 'p\nw')).toThrow(expect.objectContaining({ code: 'POINTE_ERR_BASIC_CREDENTIALS' }));
  });
});

describe('the ASCII fast path agrees with the strict Buffer + TextDecoder decoding', () => {
  // The reference: what parseBasicCredentials did before the single-pass ASCII decoder.
  const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
  function reference(token: string): { username: string; password: string } | undefined {
    if (token.length > 4096 || !BASE64.test(token)) return undefined;
    const bytes = Buffer.from(token, 'base64');
    if (bytes.toString('base64') !== token) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    const username = text.slice(0, colon);
    const password = text.slice(colon + 1);
    if (username === '' || password === '' || CONTROL.test(username) || CONTROL.test(password)) return undefined;
    return { username, password };
  }

  it('on 20 000 seeded random tokens, valid, mutated and junk', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const int = (n: number) => Math.floor(rand() * n);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .:';
    let agreed = 0;
    for (let i = 0; i < 20_000; i++) {
      let token: string;
      switch (i % 4) {
        case 0: // random bytes, mostly printable ASCII, sometimes high or control bytes
          token = Buffer.from(Array.from({ length: int(24) }, () => (rand() < 0.9 ? 0x20 + int(0x5f) : int(256)))).toString('base64');
          break;
        case 1: // a valid credential with one character replaced
          token = Buffer.from(`user${int(100)}:pass${int(1000)}`).toString('base64');
          token = token.slice(0, int(token.length)) + alphabet[int(alphabet.length)] + token.slice(int(token.length) + 1);
          break;
        case 2: // junk from the alphabet, any length
          token = Array.from({ length: int(20) }, () => alphabet[int(alphabet.length)]).join('');
          break;
        default: // non-canonical last character
          token = Buffer.from(`u:${'p'.repeat(int(5))}`).toString('base64');
          token = token.replace(/[A-Za-z0-9+/](=*)$/, (_m, pad: string) => alphabet[int(64)]! + pad);
      }
      expect(parseBasicCredentials(token), token).toEqual(reference(token));
      // The listener's spelling: the whole header and where the token starts.
      expect(parseBasicCredentials(`Basic  ${token}`, 7), token).toEqual(reference(token));
      agreed++;
    }
    expect(agreed).toBe(20_000);
  });
});
