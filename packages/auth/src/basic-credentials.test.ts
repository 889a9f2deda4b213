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
