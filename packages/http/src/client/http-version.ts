/**
 * The HTTP versions the client speaks, on their own so that `config.ts` and `oauth2-config.ts`
 * (whose token endpoint client speaks them too) both import it without importing each other.
 */

/** The HTTP version the client speaks. */
export type ClientHttpVersion = '1.1' | '2';

/** Every {@link ClientHttpVersion}, for the configuration check. */
export const HTTP_VERSIONS: readonly ClientHttpVersion[] = ['1.1', '2'];
