/**
 * The effective auth of one resource, decided once at `attach()` (SEMANTICS "Which auth
 * applies"): the resource's `auth` array replaces the service's; `{ scopes }` keeps the
 * service's mechanisms with new scopes; `false` makes the resource public; `[]` denies all.
 * Pure: reads metadata values, returns validated elements or throws a `ConfigError`.
 */
import { ConfigError, isPlainObject } from '@pointe/common';
import { ListenerCodes, invalidAuthConfigError } from '../errors.js';
import { authMechanismKeys, findAuthMechanism, type AuthMechanism, type ConfigLocation } from './auth-provider.js';
import { describeLocation } from './config-shape.js';
import { normalizeScopes, type RequiredScopes } from './scopes.js';

/** One `auth` element after validation. */
export interface ResolvedElement {
  readonly mechanism: AuthMechanism;
  /** The mechanism's inner config, normalised by `mechanism.validate`. */
  readonly config: unknown;
  readonly scopes: RequiredScopes | undefined;
  readonly location: ConfigLocation;
}

/** `public`, or the elements to try in order (an empty list denies every request with 401). */
export type EffectiveAuth = { readonly public: true } | { readonly public: false; readonly elements: readonly ResolvedElement[] };

export interface AuthSite {
  /** The service's attach path, e.g. `/foo`. */
  readonly service: string;
  /** The resource, e.g. `get bar`. */
  readonly resource: string;
}

// RFC 6749 §3.3 scope-token; it also keeps the 403 challenge's quoted string well-formed.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const ELEMENT_FIELDS = new Set(['scopes', 'matchAllScopes']);

/**
 * `serviceElements`: the service's `auth`, validated once per service by `validateAuthArray`
 * (`undefined` when the service has none); `resourceAuth`: the resource's raw `auth`.
 */
export function resolveAuth(serviceElements: readonly ResolvedElement[] | undefined, resourceAuth: unknown, site: AuthSite): EffectiveAuth {
  const where = `service '${site.service}' resource '${site.resource}'`;
  if (resourceAuth === false) return { public: true };
  if (resourceAuth === undefined) {
    return serviceElements === undefined ? { public: true } : secured(serviceElements);
  }
  const resourceLocation = { service: site.service, resource: site.resource, field: 'ResourceConfig.auth' };
  if (Array.isArray(resourceAuth)) return secured(validateAuthArray(resourceAuth, resourceLocation));
  if (isPlainObject(resourceAuth) && 'scopes' in resourceAuth) {
    // Ballerina's `http:Scopes` override: same mechanisms, new scopes. Without service auth there is
    // nothing to override; Ballerina silently ignores it, which leaves the resource open.
    if (serviceElements === undefined) {
      throw new ConfigError(
        ListenerCodes.POINTE_ERR_SCOPES_WITHOUT_SERVICE_AUTH,
        `${where}: ResourceConfig.auth is { scopes } but the service has no ServiceConfig.auth to apply them to; ` +
          `give the resource a full auth array, or add auth to @ServiceConfig`,
      );
    }
    const extra = Object.keys(resourceAuth).filter((k) => !ELEMENT_FIELDS.has(k));
    if (extra.length > 0) {
      throw invalidAuthConfigError(`${where}: ResourceConfig.auth { scopes } has unknown field '${extra[0]}'; allowed: scopes, matchAllScopes`);
    }
    const override = readScopes(resourceAuth, `${where}: ResourceConfig.auth`);
    return secured(serviceElements.map((el) => ({ ...el, scopes: override })));
  }
  throw invalidAuthConfigError(`${where}: ResourceConfig.auth must be an array of auth records, { scopes }, or false`);
}

function secured(elements: readonly ResolvedElement[]): EffectiveAuth {
  return { public: false, elements };
}

/** Validates an `auth` array: each element one known record plus optional scopes. */
export function validateAuthArray(auth: unknown, at: ConfigLocation): ResolvedElement[] {
  const where = describeLocation(at);
  if (!Array.isArray(auth)) throw invalidAuthConfigError(`${where}: ${at.field} must be an array of auth records`);
  return auth.map((element: unknown, i) => {
    const field = `${at.field}[${i}]`;
    if (!isPlainObject(element)) throw invalidAuthConfigError(`${where}: ${field} must be an object such as { fileUserStoreConfig: {} }`);
    const keys = Object.keys(element).filter((k) => !ELEMENT_FIELDS.has(k));
    if (keys.length !== 1) {
      const known = authMechanismKeys().join(', ');
      throw invalidAuthConfigError(
        keys.length === 0
          ? `${where}: ${field} names no auth mechanism; use one of ${known}`
          : `${where}: ${field} has ${keys.map((k) => `'${k}'`).join(' and ')}; an element holds exactly one of ${known} (use several elements for several mechanisms)`,
      );
    }
    const key = keys[0]!;
    const mechanism = findAuthMechanism(key);
    if (mechanism === undefined) {
      throw invalidAuthConfigError(`${where}: ${field} has unknown field '${key}'; expected one of ${authMechanismKeys().join(', ')}, scopes, matchAllScopes`);
    }
    const location: ConfigLocation = { ...at, field: `${field}.${key}` };
    const config = mechanism.validate(element[key], location);
    return { mechanism, config, scopes: readScopes(element, `${where}: ${field}`), location };
  });
}

function readScopes(record: Record<string, unknown>, where: string): RequiredScopes | undefined {
  const { scopes, matchAllScopes } = record;
  if (matchAllScopes !== undefined && typeof matchAllScopes !== 'boolean') {
    throw invalidAuthConfigError(`${where}.matchAllScopes must be true or false`);
  }
  if (scopes === undefined) {
    if (matchAllScopes !== undefined) throw invalidAuthConfigError(`${where}.matchAllScopes is set without scopes`);
    return undefined;
  }
  const list = typeof scopes === 'string' ? [scopes] : scopes;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw invalidAuthConfigError(`${where}.scopes must be a non-empty string or an array of non-empty strings`);
  }
  if ((list as string[]).some((s) => !SCOPE_TOKEN.test(s))) {
    throw invalidAuthConfigError(`${where}.scopes may hold only RFC 6749 scope tokens (printable ASCII without space, '"' or '\\')`);
  }
  if (list.length === 0) {
    throw invalidAuthConfigError(`${where}.scopes is an empty array, which no principal can satisfy; omit scopes to check authentication only`);
  }
  return normalizeScopes(list as string[], matchAllScopes ?? false);
}
