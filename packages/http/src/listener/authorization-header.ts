/**
 * Reading the `Authorization` header (RFC 9110 §11.6.2): `scheme 1*SP credentials`, the scheme
 * matched case-insensitively. Basic credentials are decoded once here and shared by every
 * Basic element of the chain.
 */
import { MAX_BEARER_TOKEN_LENGTH } from '@pointe/common';
import { parseBasicCredentials } from '@pointe/auth';

/** What the header carried, already decoded. */
export type Credential =
  | {
      readonly scheme: 'basic';
      readonly username: string;
      readonly password: string;
      /**
       * The token68 the credential came in (canonical base64 of `username:password`), under
       * which a store remembers an accepted credential for `AuthProvider.recall`. Absent when the
       * credential did not come from a header.
       */
      readonly token?: string;
    }
  | { readonly scheme: 'bearer'; readonly token: string };

/** Either a usable credential, or why there is none (for the challenge and the debug log). */
export type ParsedAuthorization =
  | { readonly credential: Credential; readonly problem?: undefined }
  | { readonly credential?: undefined; readonly problem: 'missing' | 'malformed' | 'unsupported_scheme'; readonly scheme?: 'basic' | 'bearer' };

const MISSING: ParsedAuthorization = { problem: 'missing' };
const UNSUPPORTED: ParsedAuthorization = { problem: 'unsupported_scheme' };
const MALFORMED_BASIC: ParsedAuthorization = { problem: 'malformed', scheme: 'basic' };
const MALFORMED_BEARER: ParsedAuthorization = { problem: 'malformed', scheme: 'bearer' };

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
// Checked as "no character outside the set" plus "'=' only at the end": V8 scans for a
// negated class about twice as fast as it matches an anchored `^[...]+=*$` (0.6 vs 1.3 µs for
// a 550-character token; docs/benchmarks.md "Hot path"), and this runs on every request.
const NOT_TOKEN68 = /[^A-Za-z0-9\-._~+/=]/;

/** Whether `value` (non-empty) is a b64token: its characters, and any `=` only as trailing padding. */
function isToken68(value: string): boolean {
  if (NOT_TOKEN68.test(value)) return false;
  const padding = value.indexOf('=');
  if (padding === -1) return true;
  if (padding === 0) return false;
  for (let i = padding + 1; i < value.length; i++) if (value.charCodeAt(i) !== 61) return false;
  return true;
}
/** Longer tokens are refused before any parsing or crypto (declared once, in `@pointe/common`). */
export { MAX_BEARER_TOKEN_LENGTH };

export function parseAuthorization(header: string | string[] | undefined): ParsedAuthorization {
  if (header === undefined || header === '') return MISSING;
  if (typeof header !== 'string') return UNSUPPORTED;
  const space = header.indexOf(' ');
  if (space <= 0) return UNSUPPORTED;
  const start = credentialsStart(header, space);
  if (schemeIs(header, space, 'basic')) {
    const parsed = parseBasicCredentials(header, start);
    return parsed === undefined
      ? MALFORMED_BASIC
      : { credential: { scheme: 'basic', username: parsed.username, password: parsed.password, token: header.slice(start) } };
  }
  if (schemeIs(header, space, 'bearer')) {
    const value = header.slice(start);
    if (value.length === 0 || value.length > MAX_BEARER_TOKEN_LENGTH || !isToken68(value)) return MALFORMED_BEARER;
    return { credential: { scheme: 'bearer', token: value } };
  }
  return UNSUPPORTED;
}

/**
 * The credentials of a header of `scheme` exactly as `parseAuthorization` would read them (the
 * Bearer token, the Basic token68), but with no syntax check and nothing decoded: `undefined`
 * for another scheme or empty credentials. The chain looks this up in a provider's cache of
 * accepted credentials (`AuthProvider.recall`) before the token68 scan or the Basic decoding,
 * which an exact match makes needless; anything else goes through `parseAuthorization`.
 */
export function credentialsOf(header: string, scheme: 'basic' | 'bearer'): string | undefined {
  const space = scheme.length;
  if (header.charCodeAt(space) !== 32 || !schemeIs(header, space, scheme)) return undefined;
  const start = credentialsStart(header, space);
  return start < header.length ? header.slice(start) : undefined;
}

/** Where the credentials begin: after the scheme's space and any further spaces. */
function credentialsStart(header: string, space: number): number {
  let start = space + 1;
  while (header.charCodeAt(start) === 32) start++;
  return start;
}

/**
 * Whether `header` starts with the scheme `lower` (lower-case ASCII letters), `length`
 * characters long, in any case: compared in place, no substring. Only letters, so the ASCII
 * case bit (0x20) is the only difference allowed.
 */
function schemeIs(header: string, length: number, lower: string): boolean {
  if (length !== lower.length) return false;
  for (let i = 0; i < length; i++) if ((header.charCodeAt(i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}
