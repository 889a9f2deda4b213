/**
 * Metadata written by the decorators and read by `Listener.attach()`. Stored with
 * `reflect-metadata` (the legacy `experimentalDecorators` convention that NestJS and
 * TypeORM users know).
 */
import 'reflect-metadata';
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

export const SERVICE_CONFIG = Symbol.for('pointe:service-config');
export const RESOURCE_CONFIG = Symbol.for('pointe:resource-config');
export const RESOURCES = Symbol.for('pointe:resources');

export function getServiceConfig(ctor: object): ServiceConfiguration | undefined {
  return Reflect.getMetadata(SERVICE_CONFIG, ctor) as ServiceConfiguration | undefined;
}

export function getResourceConfig(prototype: object, key: string | symbol): ResourceConfiguration | undefined {
  return Reflect.getMetadata(RESOURCE_CONFIG, prototype, key) as ResourceConfiguration | undefined;
}

export function getResources(ctor: object): readonly ResourceDefinition[] {
  return (Reflect.getMetadata(RESOURCES, ctor) as ResourceDefinition[] | undefined) ?? [];
}
