/** Scope checks (Ballerina: any-of, exact, case-sensitive; Pointe adds all-of). */

/** The scopes an element requires, normalised at `attach()`. */
export interface RequiredScopes {
  readonly scopes: readonly string[];
  readonly matchAll: boolean;
}

export function normalizeScopes(scopes: string | string[] | undefined, matchAll = false): RequiredScopes | undefined {
  if (scopes === undefined) return undefined;
  return { scopes: typeof scopes === 'string' ? [scopes] : [...scopes], matchAll };
}

/** Whether `held` satisfies `required`; no requirement is always satisfied. */
export function hasScopes(held: readonly string[], required: RequiredScopes | undefined): boolean {
  if (required === undefined) return true;
  return required.matchAll
    ? required.scopes.every((s) => held.includes(s))
    : required.scopes.some((s) => held.includes(s));
}
