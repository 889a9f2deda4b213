/**
 * Decoding a JWS in compact serialization (RFC 7515 §7.1) strictly, before any key is
 * looked at: exactly three base64url parts (RFC 7515 §2: no padding, URL-safe alphabet,
 * canonical), a protected header that is a JSON object in UTF-8, and an `alg` that is a
 * non-empty string other than `none`.
 *
 * Everything here is a cheap check on attacker-controlled bytes; the signature is verified
 * by `jws-signature.ts` and the claims set is only decoded after that (`claims-set.ts`),
 * in jose's order. Header parameters that point at keys (`jku`, `x5u`, `jwk`, `x5c`) are
 * never read: the key always comes from the validator's configuration.
 */
import { isUtf8 } from 'node:buffer';
import { MAX_BEARER_TOKEN_LENGTH, isPlainObject } from '@pointe/common';
import { JwtValidationError } from './errors.js';

/** Refused before parsing (the listener's Bearer limit, declared once in `@pointe/common`): an oversized token is only work for an attacker. */
export const MAX_TOKEN_LENGTH = MAX_BEARER_TOKEN_LENGTH;

/** A compact JWS whose shape and protected header passed; its signature is not verified yet. */
export interface DecodedJws {
  /** The protected header, a JSON object. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The header's `alg`: a non-empty string, never `none`; not yet checked against the key. */
  readonly alg: string;
  /** ASCII(BASE64URL(header) '.' BASE64URL(payload)), what the signature covers (RFC 7515 §5.2). */
  readonly signingInput: string;
  /** The payload part, still base64url-encoded (canonical). */
  readonly encodedPayload: string;
  /** The signature part, decoded. */
  readonly signature: Buffer;
}

/** Three parts of the URL-safe alphabet; header and payload are never empty. No `=`: RFC 7515 §2 omits padding. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The 6-bit value of each base64url character (the regex above has already refused others). */
const SEXTET = new Uint8Array(128);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach((c, i) => (SEXTET[c.charCodeAt(0)] = i));

/** A protected header that passed, by its exact encoding. */
interface CheckedHeader {
  readonly encoded: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly alg: string;
}

/**
 * The last header that passed, owned by one validator: every token of an issuer carries the
 * same header bytes, so the same verdict is reused instead of decoding them again. The header
 * is frozen, since tokens share it; it says nothing about a key (the caller checks `alg`
 * against its own). Per validator, not per module, so validators never see each other's tokens.
 */
export class HeaderMemo {
  last: CheckedHeader | undefined;
}

/**
 * The token's parts and protected header.
 * @throws JwtValidationError `malformed` (shape, encoding, header, `crit`, `b64`) or `algorithm` (`alg: none`).
 */
export function decodeCompactJws(token: unknown, memo?: HeaderMemo): DecodedJws {
  if (typeof token !== 'string') throw malformed('the token is not a string');
  if (token.length > MAX_TOKEN_LENGTH) throw malformed(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  if (!COMPACT_JWS.test(token)) throw malformed('the token is not a compact JWS (three base64url parts)');
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  const encodedHeader = token.slice(0, firstDot);
  const encodedPayload = token.slice(firstDot + 1, secondDot);
  const encodedSignature = token.slice(secondDot + 1);
  // Node's decoder silently drops stray bits and characters; one token must have one encoding.
  if (!isCanonical(encodedHeader) || !isCanonical(encodedPayload) || !isCanonical(encodedSignature)) {
    throw malformed('the token is not canonical base64url');
  }

  const last = memo?.last;
  const { header, alg } = last !== undefined && last.encoded === encodedHeader ? last : checkHeader(encodedHeader);
  if (memo !== undefined && memo.last?.encoded !== encodedHeader) memo.last = { encoded: encodedHeader, header, alg };

  return {
    header,
    alg,
    signingInput: token.slice(0, secondDot),
    encodedPayload,
    signature: Buffer.from(encodedSignature, 'base64url'),
  };
}

/** The protected header and its `alg`, when it may go on to the key and signature checks. */
function checkHeader(encoded: string): { header: Readonly<Record<string, unknown>>; alg: string } {
  const header = decodeJsonObject(encoded);
  if (header === undefined) throw malformed('the token header is not base64url-encoded JSON');
  const alg = header['alg'];
  // The allow-list would refuse it too; say so plainly, whatever the spelling.
  if (typeof alg === 'string' && alg.trim().toLowerCase() === 'none') {
    throw new JwtValidationError('algorithm', 'unsigned tokens (alg "none") are never accepted');
  }
  // RFC 7515 §4.1.11: a recipient must refuse a token whose critical extensions it does not
  // understand. Pointe understands none (jose only knew `b64`, which a JWT may not use).
  if (Object.hasOwn(header, 'crit')) throw malformed('the token has a critical header ("crit") that is not understood');
  // RFC 7797 unencoded payloads: RFC 7519 §7.2 requires a base64url payload for a JWT. Refused
  // even outside `crit`, where it would only mean a confused issuer.
  if (Object.hasOwn(header, 'b64') && header['b64'] !== true) throw malformed('the token has an unencoded payload ("b64"), which a JWT may not use');
  if (typeof alg !== 'string' || alg.length === 0) throw malformed('the token header has no "alg"');
  deepFreeze(header);
  return { header, alg };
}

/**
 * The JSON object a canonical base64url part encodes, or `undefined` when it is not
 * UTF-8 (RFC 7515 §5.2 step 4) JSON whose top level is an object.
 */
export function decodeJsonObject(encoded: string): Record<string, unknown> | undefined {
  const bytes = Buffer.from(encoded, 'base64url');
  if (!isUtf8(bytes)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return isPlainObject(value) ? value : undefined;
}

/**
 * Whether a string of base64url characters is the one encoding of its bytes: a length that
 * is not 1 mod 4, and zero bits after the last full byte (RFC 4648 §3.5).
 */
function isCanonical(part: string): boolean {
  switch (part.length & 3) {
    case 0:
      return true;
    case 2:
      return (SEXTET[part.charCodeAt(part.length - 1)]! & 0x0f) === 0;
    case 3:
      return (SEXTET[part.charCodeAt(part.length - 1)]! & 0x03) === 0;
    default:
      return false;
  }
}

/** Frozen all the way down: shared values must not be changed by one token's caller for the next. */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}

function malformed(message: string): JwtValidationError {
  return new JwtValidationError('malformed', message);
}
