/**
 * Metadata written by the decorators (and `defineService`) and read by `Listener.attach()`.
 *
 * Kept in WeakMaps, not in `reflect-metadata` or `context.metadata`, so both decorator
 * conventions write the same records: TC39 standard decorators get no `Symbol.metadata` on
 * Node 20, and a standard method decorator runs before the class decorator and knows no
 * prototype. A method's records are keyed by the method function itself (legacy decorators
 * see it as `descriptor.value`, standard ones as `value`), and `attach()` collects them by
 * walking the instance's prototype chain; so `@ResourceConfig` may sit above or below `@Get`.
 */
import type { ListenerAuthConfig, Scopes } from '../listener/types.js';

/** `@ResourceConfig({ auth: { scopes } })`: keep the service's mechanisms, require these scopes instead. */
export interface ScopesOverride {
  /** Replaces the `scopes` of every element of the service's `auth`. */
  scopes: Scopes;
  /** Replaces `matchAllScopes` of every element (default `false`: any one scope suffices). */
  matchAllScopes?: boolean;
}

/** `@ServiceConfig` (Ballerina `http:ServiceConfig`). */
export interface ServiceConfiguration {
  /**
   * The service's auth: a request runs when any element authenticates it and, if the element
   * has `scopes`, authorizes it. `[]` denies every request with 401.
   */
  auth?: ListenerAuthConfig[];
}

/** `@ResourceConfig` (Ballerina `http:ResourceConfig`). */
export interface ResourceConfiguration {
  /**
   * An array replaces the service's `auth`; `{ scopes }` keeps its mechanisms with new scopes;
   * `false` makes this resource public; `[]` denies every request with 401.
   */
  auth?: ListenerAuthConfig[] | ScopesOverride | false;
}

/** HTTP methods a resource can declare; `*` matches every method (Ballerina's `default`). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | '*';

export interface ResourceDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly propertyKey: string | symbol;
}

/** What the decorators recorded for one method function. */
interface MethodRecord {
  readonly routes: Array<{ readonly method: HttpMethod; readonly path: string }>;
  config: ResourceConfiguration | undefined;
}

const methodRecords = new WeakMap<object, MethodRecord>();
const serviceConfigs = new WeakMap<object, ServiceConfiguration>();

function recordFor(fn: object): MethodRecord {
  let record = methodRecords.get(fn);
  if (record === undefined) {
    record = { routes: [], config: undefined };
    methodRecords.set(fn, record);
  }
  return record;
}

/** Records that `fn` serves `method path` (decorators apply bottom-up; the top one is listed first). */
export function addResource(fn: object, method: HttpMethod, path: string): void {
  recordFor(fn).routes.unshift({ method, path });
}

export function setResourceConfig(fn: object, config: ResourceConfiguration): void {
  recordFor(fn).config = config;
}

export function setServiceConfig(ctor: object, config: ServiceConfiguration): void {
  serviceConfigs.set(ctor, config);
}

/** The nearest `@ServiceConfig` of `ctor` or a base class. */
export function getServiceConfig(ctor: object): ServiceConfiguration | undefined {
  for (let c: object | null = ctor; c !== null && c !== Function.prototype; c = Object.getPrototypeOf(c) as object | null) {
    const config = serviceConfigs.get(c);
    if (config !== undefined) return config;
  }
  return undefined;
}

/** Whether a class (or a base class) carries `@ServiceConfig`. */
export function hasServiceConfig(ctor: object): boolean {
  return getServiceConfig(ctor) !== undefined;
}

/**
 * The resources of a service instance, in declaration order: every method on its prototype
 * chain whose function carries `@Get`... (the most derived decorated definition of a name wins).
 */
export function getResources(instance: object): ResourceDefinition[] {
  return collect(instance).resources;
}

/** The `@ResourceConfig` of the method `key` as `getResources` found it. */
export function getResourceConfig(instance: object, key: string | symbol): ResourceConfiguration | undefined {
  return collect(instance).configs.get(key);
}

function collect(instance: object): { resources: ResourceDefinition[]; configs: Map<string | symbol, ResourceConfiguration | undefined> } {
  const resources: ResourceDefinition[] = [];
  const configs = new Map<string | symbol, ResourceConfiguration | undefined>();
  const seen = new Set<string | symbol>();
  for (let proto = Object.getPrototypeOf(instance) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Reflect.ownKeys(proto)) {
      if (key === 'constructor' || seen.has(key)) continue;
      const value = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
      if (typeof value !== 'function') continue;
      const record = methodRecords.get(value);
      if (record === undefined || record.routes.length === 0) continue;
      seen.add(key);
      configs.set(key, record.config);
      for (const r of record.routes) resources.push({ method: r.method, path: r.path, propertyKey: key });
    }
  }
  return { resources, configs };
}
