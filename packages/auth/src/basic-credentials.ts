/**
 * The `Basic` authentication scheme's credentials (RFC 7617 §2): `base64(user-id ":" password)`.
 *
 * Parsing is strict and total: anything but canonical base64 of UTF-8 text with a colon, a
 * non-empty user-id and a non-empty password yields `undefined` (the listener answers 401),
 * never an exception, so no malformed header can turn into a 500.
 */
import { CONTROL_CHARACTER } from '@pointe/common';
import { AuthErrorCodes, ConfigError } from './errors.js';

/** A user-id and password taken from a `Basic` credential. */
export interface BasicCredentials {
  /** The user-id: everything before the first `:`. */
  username: string;
  /** The password: everything after the first `:` (it may itself contain `:`). */
  password: string;
}

/**
 * The longest token68 accepted, in characters (3 KiB of credentials). Bounds the work an
 * unauthenticated client can cause before any check.
 */
export const MAX_BASIC_TOKEN_LENGTH = 4096;

// Standard alphabet with mandatory padding (RFC 4648 §4); base64url or unpadded input is refused.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// C0 controls, DEL and C1 controls (RFC 7617 §2: user-id and password must not contain control characters).

/**
 * Decodes a `Basic` token68 into username and password, or `undefined` when it is malformed in
 * any way. `start` skips a prefix (the listener passes the whole header and where its token
 * begins, so no substring is made for it).
 */
export function parseBasicCredentials(token68: string, start = 0): BasicCredentials | undefined {
  if (token68.length - start > MAX_BASIC_TOKEN_LENGTH) return undefined;
  // Almost every credential is ASCII: decode it in one pass, no Buffer, no TextDecoder.
  const ascii = decodeAsciiCredentials(token68, start);
  if (ascii !== NOT_ASCII) return ascii;
  const bytes = decodeStrictBase64(start === 0 ? token68 : token68.slice(start));
  if (bytes === undefined) return undefined;
  const text = decodeUtf8(bytes);
  return text === undefined ? undefined : split(text);
}

function split(text: string): BasicCredentials | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const username = text.slice(0, colon);
  const password = text.slice(colon + 1);
  if (username === '' || password === '' || CONTROL_CHARACTER.test(username) || CONTROL_CHARACTER.test(password)) return undefined;
  return { username, password };
}

/** The base64 alphabet's values; 64 marks a character outside it. */
const SEXTET = new Uint8Array(128).fill(64);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (SEXTET[c.charCodeAt(0)] = i));
const NOT_ASCII = Symbol('not ascii');
/** Where the ASCII decoder puts the bytes; reused (decoding is synchronous), copied out as two strings. */
const decoded = Buffer.alloc((MAX_BASIC_TOKEN_LENGTH / 4) * 3);

/**
 * Canonical padded base64 (RFC 4648 §4) of ASCII `user-id ":" password`, decoded and split in
 * one pass: the credentials, `undefined` when the input is not canonical base64 or not valid
 * credentials (no colon, an empty part, a control character), or `NOT_ASCII` when it decodes to
 * a byte ≥ 0x80 (the UTF-8 path then decides). Same verdicts as `decodeStrictBase64` +
 * `decodeUtf8` + `split` for ASCII input (a differential test holds it to that). The bytes go
 * into one reused buffer and come out as the two strings: no string per decoded character.
 */
function decodeAsciiCredentials(token: string, start: number): BasicCredentials | undefined | typeof NOT_ASCII {
  const length = token.length - start;
  if (length <= 0 || (length & 3) !== 0) return undefined;
  const last = token.length - 1;
  const padding = token.charCodeAt(last) === 61 ? (token.charCodeAt(last - 1) === 61 ? 2 : 1) : 0;
  const end = token.length - padding;
  let size = 0;
  let colon = -1;
  let bits = 0;
  let held = 0;
  for (let i = start; i < end; i++) {
    const code = token.charCodeAt(i);
    const value = code < 128 ? SEXTET[code]! : 64;
    if (value === 64) return undefined;
    bits = (bits << 6) | value;
    held += 6;
    if (held >= 8) {
      held -= 8;
      const byte = (bits >> held) & 0xff;
      if (byte >= 0x80) return NOT_ASCII;
      // A C0 control or DEL anywhere makes the credential invalid, whatever follows (RFC 7617 §2).
      if (byte < 0x20 || byte === 0x7f) return undefined;
      if (byte === 58 && colon < 0) colon = size;
      decoded[size++] = byte;
    }
  }
  // Canonical: the bits left over after the last byte are zero ("QR==" is not "QQ==").
  if ((bits & ((1 << held) - 1)) !== 0) return undefined;
  if (colon <= 0 || colon === size - 1) return undefined;
  return { username: decoded.toString('latin1', 0, colon), password: decoded.toString('latin1', colon + 1, size) };
}

export function encodeBasicCredentials(username: string, password: string): string {
  if (username.includes(':')) {
    throw new ConfigError(AuthErrorCodes.BASIC_CREDENTIALS, "a Basic username must not contain ':' (RFC 7617 splits at the first colon)");
  }
  if (CONTROL_CHARACTER.test(username) || CONTROL_CHARACTER.test(password)) {
    throw new ConfigError(AuthErrorCodes.BASIC_CREDENTIALS, 'a Basic username or password must not contain control characters (RFC 7617 §2)');
  }
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

function decodeStrictBase64(token: string): Buffer | undefined {
  if (token.length > MAX_BASIC_TOKEN_LENGTH || !BASE64.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64');
  // Node ignores non-zero bits in the last character ("QR==" decodes like "QQ=="); only the canonical spelling is accepted.
  return bytes.toString('base64') === token ? bytes : undefined;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    // `fatal` rejects invalid sequences instead of replacing them with U+FFFD, so two different
    // byte strings can't decode to the same username.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
