/**
 * RFC 4515 escaping of values put into LDAP search filters, and the filters the LDAP user store
 * sends. A username is attacker input: unescaped, `*` would match every user and `)(` would
 * splice new conditions into the filter (LDAP injection, OWASP). Every byte RFC 4515 §3 gives a
 * meaning (`*`, `(`, `)`, `\`, NUL) becomes `\XX`, so the value can only ever be one value.
 */

/** `value` as an RFC 4515 assertion value: `*` `(` `)` `\` and NUL as `\2a` `\28` `\29` `\5c` `\00`. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\u0000]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The user search filter: every `?` of `userNameSearchFilter` replaced by the escaped username. */
export function userFilter(userNameSearchFilter: string, username: string): string {
  return userNameSearchFilter.split('?').join(escapeFilterValue(username));
}

/** The group search filter: `(&<groupNameListFilter>(<membershipAttribute>=<escaped member>))`. */
export function groupFilter(groupNameListFilter: string, membershipAttribute: string, member: string): string {
  return `(&${groupNameListFilter}(${membershipAttribute}=${escapeFilterValue(member)}))`;
}
