/** The override rules of `resolveAuth`, decided at attach(): pure, no listener needed. */
import { describe, expect, it } from 'vitest';
import { resolveAuth, validateAuthArray, type EffectiveAuth, type ResolvedElement } from './resolve-auth.js';

const site = { service: '/foo', resource: 'get bar' };
const serviceAt = { service: '/foo', field: 'ServiceConfig.auth' };
const service = validateAuthArray([{ fileUserStoreConfig: {}, scopes: ['admin'] }, { jwtValidatorConfig: { issuer: 'wso2' } }], serviceAt);

const elementsOf = (auth: EffectiveAuth): readonly ResolvedElement[] => {
  if (auth.public) throw new Error('expected a secured resource');
  return auth.elements;
};
const thrown = (fn: () => unknown): { code?: string; message: string } => {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected a throw');
};

describe('resolveAuth', () => {
  it('no resource auth inherits the service\'s elements; no auth anywhere is public', () => {
    expect(elementsOf(resolveAuth(service, undefined, site))).toBe(service);
    expect(resolveAuth(undefined, undefined, site)).toEqual({ public: true });
  });

  it('false makes the resource public even under service auth', () => {
    expect(resolveAuth(service, false, site)).toEqual({ public: true });
  });

  it('an array replaces the service\'s elements; [] denies all', () => {
    const own = elementsOf(resolveAuth(service, [{ fileUserStoreConfig: {} }], site));
    expect(own.map((el) => el.mechanism.key)).toEqual(['fileUserStoreConfig']);
    expect(own[0]!.scopes).toBeUndefined();
    expect(own[0]!.location).toMatchObject({ service: '/foo', resource: 'get bar', field: 'ResourceConfig.auth[0].fileUserStoreConfig' });
    expect(elementsOf(resolveAuth(service, [], site))).toEqual([]);
  });

  it('{ scopes } re-scopes every service element, keeping mechanisms and order', () => {
    const rescoped = elementsOf(resolveAuth(service, { scopes: ['read', 'write'], matchAllScopes: true }, site));
    expect(rescoped.map((el) => el.mechanism.key)).toEqual(['fileUserStoreConfig', 'jwtValidatorConfig']);
    for (const el of rescoped) expect(el.scopes).toEqual({ scopes: ['read', 'write'], matchAll: true });
    // The service's own elements are not changed.
    expect(service[0]!.scopes).toMatchObject({ scopes: ['admin'] });
  });

  it('{ scopes } without service auth is an error, not an open resource', () => {
    const err = thrown(() => resolveAuth(undefined, { scopes: 'read' }, site));
    expect(err.code).toBe('POINTE_ERR_SCOPES_WITHOUT_SERVICE_AUTH');
    expect(err.message).toMatch(/^service '\/foo' resource 'get bar': ResourceConfig\.auth is \{ scopes \}/);
  });

  it.each([
    ['{ scopes } with an unknown field', { scopes: 'read', matchAll: true }, /unknown field 'matchAll'/],
    ['an empty scopes list', { scopes: [] }, /scopes is an empty array/],
    ['a string', 'basic', /must be an array of auth records, \{ scopes \}, or false/],
    ['true', true, /must be an array of auth records/],
  ])('refuses %s with POINTE_ERR_INVALID_AUTH_CONFIG naming the resource', (_name, auth, message) => {
    const err = thrown(() => resolveAuth(service, auth, site));
    expect(err.code).toBe('POINTE_ERR_INVALID_AUTH_CONFIG');
    expect(err.message).toMatch(/^service '\/foo' resource 'get bar'/);
    expect(err.message).toMatch(message);
  });
});

describe('validateAuthArray', () => {
  it.each([
    ['no mechanism key', [{ scopes: 'x' }], /one of fileUserStoreConfig|expected one of/],
    ['two mechanism keys', [{ fileUserStoreConfig: {}, jwtValidatorConfig: {} }], /exactly one|two|both|more than one/],
    ['an unknown mechanism', [{ fileUserStoreConfg: {} }], /unknown field 'fileUserStoreConfg'/],
    ['a scope that is not a scope token', [{ fileUserStoreConfig: {}, scopes: 'a"b' }], /scope/],
  ])('refuses %s', (_name, auth, message) => {
    const err = thrown(() => validateAuthArray(auth, serviceAt));
    expect(err.code).toBe('POINTE_ERR_INVALID_AUTH_CONFIG');
    expect(err.message).toMatch(message);
  });
});
