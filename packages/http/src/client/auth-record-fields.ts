/**
 * The field lists of the client auth records, as the compiler sees them: `authRecordFields<T>()`
 * takes a record type and its required and optional field names, and refuses a list that
 * misses a field, names one the type lacks, or files it under the wrong optionality. Each list
 * is declared beside its type (`config.ts`, `oauth2-config.ts`); `classify-auth.ts` reads them.
 */

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T] & string;
type OptionalKeys<T> = Exclude<keyof T & string, RequiredKeys<T>>;

/** A record's name as users see it in the docs, and its field names. */
export interface AuthRecordFields {
  readonly name: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** Checks, at compile time, that `fields` lists every field of `T` exactly once, with the right optionality. */
export function authRecordFields<T>() {
  return <const R extends readonly RequiredKeys<T>[], const O extends readonly OptionalKeys<T>[]>(
    fields: { name: string; required: R; optional: O } & ([Exclude<keyof T, R[number] | O[number]>] extends [never]
      ? unknown
      : { missing: Exclude<keyof T, R[number] | O[number]> }),
  ): AuthRecordFields => fields;
}
