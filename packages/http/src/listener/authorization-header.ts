/**
 * Reading the `Authorization` header (RFC 9110 §11.6.2): `scheme 1*SP credentials`, the scheme
 * matched case-insensitively. Basic credentials are decoded once here and shared by every
 * Basic element of the chain.
 */
import { MAX_BEARER_TOKEN_LENGTH } from '@pointe/common';
import { parseBasicCredentials } from '@pointe/auth';

/** What the header carried, already decoded. */
export type Credential =
  | { readonly scheme: 'basic'; readonly username: string; readonly password: string }
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
  const scheme = header.slice(0, space).toLowerCase();
  let start = space + 1;
  while (header.charCodeAt(start) === 32) start++;
  const value = header.slice(start);
  if (scheme === 'basic') {
    const parsed = parseBasicCredentials(value);
    return parsed === undefined
      ? MALFORMED_BASIC
      : { credential: { scheme: 'basic', username: parsed.username, password: parsed.password } };
  }
  if (scheme === 'bearer') {
    if (value.length === 0 || value.length > MAX_BEARER_TOKEN_LENGTH || !isToken68(value)) return MALFORMED_BEARER;
    return { credential: { scheme: 'bearer', token: value } };
  }
  return UNSUPPORTED;
}
