/**
 * The decorators a service author writes. `@Get('bar')` is Ballerina's
 * `resource function get bar()`; `@ServiceConfig`/`@ResourceConfig` its annotations.
 */
import 'reflect-metadata';
import type { RequestContext } from '../listener/types.js';
import {
  RESOURCE_CONFIG,
  RESOURCES,
  SERVICE_CONFIG,
  type HttpMethod,
  type ResourceConfiguration,
  type ResourceDefinition,
  type ServiceConfiguration,
} from './metadata.js';

/** A resource method: takes the request context (or nothing) and returns the response. */
export type ResourceMethod = (ctx: RequestContext) => unknown;

type ResourceDecorator = <T extends ResourceMethod>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/** `@http:ServiceConfig`: the service's auth, read when the service is attached. */
export function ServiceConfig(config: ServiceConfiguration): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SERVICE_CONFIG, config, target);
  };
}

/** `@http:ResourceConfig`: overrides the service's auth for one resource. */
export function ResourceConfig(config: ResourceConfiguration): ResourceDecorator {
  return (target, propertyKey) => {
    Reflect.defineMetadata(RESOURCE_CONFIG, config, target, propertyKey);
  };
}

/** Declares a resource for `method` at `path` (relative to the attach path; `:name` is a path parameter). */
export function Resource(method: HttpMethod, path = ''): ResourceDecorator {
  return (target, propertyKey) => {
    const ctor = (target as { constructor: object }).constructor;
    // Copy rather than push: a subclass must not add resources to its parent's list.
    const own: ResourceDefinition[] = [...((Reflect.getMetadata(RESOURCES, ctor) as ResourceDefinition[] | undefined) ?? [])];
    own.push({ method, path, propertyKey });
    Reflect.defineMetadata(RESOURCES, own, ctor);
  };
}

/** `resource function get <path>` */
export const Get = (path = ''): ResourceDecorator => Resource('GET', path);
/** `resource function post <path>` */
export const Post = (path = ''): ResourceDecorator => Resource('POST', path);
/** `resource function put <path>` */
export const Put = (path = ''): ResourceDecorator => Resource('PUT', path);
/** `resource function patch <path>` */
export const Patch = (path = ''): ResourceDecorator => Resource('PATCH', path);
/** `resource function delete <path>` */
export const Delete = (path = ''): ResourceDecorator => Resource('DELETE', path);
/** `resource function head <path>` */
export const Head = (path = ''): ResourceDecorator => Resource('HEAD', path);
/** `resource function options <path>` */
export const Options = (path = ''): ResourceDecorator => Resource('OPTIONS', path);

export type { HttpMethod, ResourceConfiguration, ServiceConfiguration } from './metadata.js';
export type { ScopesOverride } from './metadata.js';
