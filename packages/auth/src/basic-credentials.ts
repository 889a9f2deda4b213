/**
 * The `Basic` authentication scheme's credentials (RFC 7617 §2): `base64(user-id ":" password)`.
 *
 * Parsing is strict and total: anything but canonical base64 of UTF-8 text with a colon, a
 * non-empty user-id and a non-empty password yields `undefined` (the listener answers 401),
 * never an exception, so no malformed header can turn into a 500.
 */
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
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** Decodes a `Basic` token68 into username and password, or `undefined` when it is malformed in any way. */
export function parseBasicCredentials(token68: string): BasicCredentials | undefined {
  const bytes = decodeStrictBase64(token68);
  if (bytes === undefined) return undefined;
  const text = decodeUtf8(bytes);
  if (text === undefined) return undefined;
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const username = text.slice(0, colon);
  const password = text.slice(colon + 1);
  if (username === '' || password === '' || CONTROL.test(username) || CONTROL.test(password)) return undefined;
  return { username, password };
}

/**
 * The token68 a client sends after `Basic `. Throws `POINTE_ERR_BASIC_CREDENTIALS` when the
 * username contains `:` or either part contains a control character, since no server could
 * read such a credential back.
 */
export function encodeBasicCredentials(username: string, password: string): string {
  if (username.includes(':')) {
    throw new ConfigError(AuthErrorCodes.BASIC_CREDENTIALS, "a Basic username must not contain ':' (RFC 7617 splits at the first colon)");
  }
  if (CONTROL.test(username) || CONTROL.test(password)) {
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
