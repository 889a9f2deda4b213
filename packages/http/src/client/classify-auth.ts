/**
 * Turns `ClientConfiguration.auth` into the one handler the `Client` uses, once, when the
 * client is built. The six auth records are told apart by their fields, as in Ballerina; a
 * config that fits none of them, or several, is refused at once with a `ClientError` that
 * names the records and the fields in question, instead of sending unauthenticated requests.
 */
import type { JwtIssuerConfig } from '@pointe/jwt';
import { clientAuthConfigError } from '../errors.js';
import { isClientAuthHandler, type ClientAuthHandler } from './auth-handler.js';
import { ClientBasicAuthHandler } from './basic-auth-handler.js';
import { ClientBearerTokenAuthHandler } from './bearer-token-auth-handler.js';
import type { AuthRecordFields } from './auth-record-fields.js';
import {
  BEARER_TOKEN_FIELDS, CREDENTIALS_FIELDS, JWT_ISSUER_FIELDS, type BearerTokenConfig, type ClientAuthConfig, type CredentialsConfig,
} from './config.js';
import { ClientOAuth2Handler } from './oauth2-auth-handler.js';
import {
  OAUTH2_CLIENT_CREDENTIALS_FIELDS, OAUTH2_DIRECT_TOKEN_FIELDS, OAUTH2_PASSWORD_FIELDS, type OAuth2GrantConfig,
} from './oauth2-config.js';
import { ClientSelfSignedJwtAuthHandler } from './self-signed-jwt-auth-handler.js';

/** The auth records, by the kind of handler they need. */
export type ClientAuthKind = 'basic' | 'bearer' | 'jwt' | 'oauth2ClientCredentials' | 'oauth2Password' | 'oauth2DirectToken';

/** Each kind's record, its field lists declared beside its type. */
const AUTH_RECORDS: Readonly<Record<ClientAuthKind, AuthRecordFields>> = {
  basic: CREDENTIALS_FIELDS,
  bearer: BEARER_TOKEN_FIELDS,
  jwt: JWT_ISSUER_FIELDS,
  oauth2ClientCredentials: OAUTH2_CLIENT_CREDENTIALS_FIELDS,
  oauth2Password: OAUTH2_PASSWORD_FIELDS,
  oauth2DirectToken: OAUTH2_DIRECT_TOKEN_FIELDS,
};

const KINDS = Object.keys(AUTH_RECORDS) as ClientAuthKind[];
const ALL_FIELDS = new Set(KINDS.flatMap((kind) => [...AUTH_RECORDS[kind].required, ...AUTH_RECORDS[kind].optional]));

/**
 * How each kind of record becomes a handler. The three OAuth2 grants share one handler over
 * `@pointe/oauth2`'s token manager (its `onUnauthorized` drops the cached token).
 */
const HANDLER_FACTORIES: Readonly<Record<ClientAuthKind, (config: ClientAuthConfig) => ClientAuthHandler>> = {
  basic: (config) => new ClientBasicAuthHandler(config as CredentialsConfig),
  bearer: (config) => new ClientBearerTokenAuthHandler(config as BearerTokenConfig),
  jwt: (config) => new ClientSelfSignedJwtAuthHandler(config as JwtIssuerConfig),
  oauth2ClientCredentials: (config) => new ClientOAuth2Handler(config as OAuth2GrantConfig),
  oauth2Password: (config) => new ClientOAuth2Handler(config as OAuth2GrantConfig),
  oauth2DirectToken: (config) => new ClientOAuth2Handler(config as OAuth2GrantConfig),
};

/**
 * The handler for `auth`: a handler object is used as it is, a record gets the handler of
 * its kind. Throws a `ClientError` (code `POINTE_ERR_CLIENT_AUTH_CONFIG`) for a record that
 * is ambiguous, incomplete, has unknown fields, or whose key cannot be loaded.
 */
export function resolveClientAuth(auth: ClientAuthConfig | ClientAuthHandler): ClientAuthHandler {
  if (isClientAuthHandler(auth)) return auth;
  return HANDLER_FACTORIES[classifyClientAuth(auth)](auth);
}

/** Which record `auth` is, by its fields (fields set to `undefined` count as absent). */
export function classifyClientAuth(auth: unknown): ClientAuthKind {
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth)) {
    throw clientAuthConfigError(`auth must be an object (one of ${recordNames(KINDS)}) or an auth handler`);
  }
  const fields = Object.keys(auth).filter((key) => (auth as Record<string, unknown>)[key] !== undefined);

  const unknown = fields.filter((field) => !ALL_FIELDS.has(field));
  if (unknown.length > 0) {
    throw clientAuthConfigError(`auth has unknown field(s) ${quote(unknown)}; it must be one of: ${describeRecords(KINDS)}`);
  }

  const complete = KINDS.filter((kind) => AUTH_RECORDS[kind].required.every((field) => fields.includes(field)));
  const fitting = complete.filter((kind) => fields.every((field) => allows(kind, field)));
  if (fitting.length === 1) return fitting[0]!;
  if (fitting.length > 1 || complete.length > 1) {
    const kinds = fitting.length > 1 ? fitting : complete;
    throw clientAuthConfigError(`auth is ambiguous: it has the fields of ${recordNames(kinds)}; give exactly one of them (${describeRecords(kinds)})`);
  }
  if (complete.length === 1) {
    const kind = complete[0]!;
    const extra = fields.filter((field) => !allows(kind, field));
    throw clientAuthConfigError(
      `auth looks like ${AUTH_RECORDS[kind].name} but has field(s) ${quote(extra)} that it does not take (${describeRecords([kind])})`,
    );
  }
  // Incomplete: name what each record that the given fields could still become is missing.
  const candidates = KINDS.filter((kind) => fields.length > 0 && fields.every((field) => allows(kind, field)));
  if (candidates.length === 0) {
    throw clientAuthConfigError(`auth matches no auth record; it must be one of: ${describeRecords(KINDS)}`);
  }
  const missing = candidates.map((kind) => {
    const lacking = AUTH_RECORDS[kind].required.filter((field) => !fields.includes(field));
    return `${AUTH_RECORDS[kind].name} also needs ${quote(lacking)}`;
  });
  throw clientAuthConfigError(`auth is incomplete: ${missing.join('; ')}`);
}

function allows(kind: ClientAuthKind, field: string): boolean {
  const record = AUTH_RECORDS[kind];
  return record.required.includes(field) || record.optional.includes(field);
}

function describeRecords(kinds: readonly ClientAuthKind[]): string {
  return kinds.map((kind) => `${AUTH_RECORDS[kind].name} { ${AUTH_RECORDS[kind].required.join(', ')} }`).join(', ');
}

function recordNames(kinds: readonly ClientAuthKind[]): string {
  return kinds.map((kind) => AUTH_RECORDS[kind].name).join(' and ');
}

function quote(fields: readonly string[]): string {
  return fields.map((field) => `'${field}'`).join(', ');
}
