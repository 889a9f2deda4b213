/**
 * The dotted key path used to name a place in the configuration (`auth.users`), written as a
 * TOML header would: bare keys as they are, any other key quoted (`servers."eu.west"`), so a
 * key containing a dot can't be confused with two keys.
 */
export function formatKeyPath(keys: readonly string[]): string {
  return keys.map((key) => (/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key))).join('.');
}
