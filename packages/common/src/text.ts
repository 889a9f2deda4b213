/**
 * The character classes Pointe refuses, declared once. They differ on purpose, by the rule
 * each enforces; pick by what the string becomes, not by taste.
 */

/**
 * C0 controls (TAB included), DEL and C1 controls. Refused in Basic user-ids and passwords
 * (RFC 7617 §2: no CTL; C1 too, since they survive UTF-8 decoding and no real password holds them).
 */
export const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * C0 controls (TAB included) and DEL: what a credential sent in a header must not hold (a Bearer
 * token is token68, RFC 6750 §2.1; a CR or LF would smuggle in headers of its own).
 */
export const C0_OR_DEL = /[\u0000-\u001F\u007F]/;

/**
 * What may not stand in an HTTP field value (RFC 9110 §5.5): C0 controls except HTAB, and DEL.
 * TAB is allowed here (it is whitespace inside a field value), unlike in a credential.
 */
export const NOT_IN_FIELD_VALUE = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/**
 * The longest Bearer token (and JWT) Pointe reads: longer ones are refused before any parsing or
 * crypto. A JWT with many claims is ~2 KB; 16 KiB leaves room and bounds the work per request.
 */
export const MAX_BEARER_TOKEN_LENGTH = 16 * 1024;
