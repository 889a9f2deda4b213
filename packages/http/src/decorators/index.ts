/**
 * The decorators a service author writes. `@Get('bar')` is Ballerina's
 * `resource function get bar()`; `@ServiceConfig`/`@ResourceConfig` its annotations.
 *
 * Each works in both conventions, told apart by its arguments when it is applied: a TC39
 * standard decorator (TypeScript's default since 5.0, esbuild/tsx) receives `(value, context)`
 * with `context.kind`; a legacy one (`experimentalDecorators`, with or without
 * `emitDecoratorMetadata`) receives `(target)` for a class and `(prototype, key, descriptor)`
 * for a method. Without decorator syntax, call them as functions or use `defineService`.
 */
import type { RequestContext } from '../listener/types.js';
import { ConfigError } from '@pointe/common';
import { ListenerCodes } from '../errors.js';
import {
  addResource,
  setResourceConfig,
  setServiceConfig,
  type HttpMethod,
  type ResourceConfiguration,
  type ServiceConfiguration,
} from './metadata.js';

/** A resource method: takes the request context (or nothing) and returns the response. */
export type ResourceMethod = (ctx: RequestContext) => unknown;

/** A method decorator in either convention. */
export interface ResourceDecorator {
  /** TC39 standard decorator (TypeScript ≥ 5.0 without `experimentalDecorators`, esbuild, tsx). */
  <T extends ResourceMethod>(value: T, context: ClassMethodDecoratorContext<unknown, T>): void;
  /** Legacy `experimentalDecorators`; also `Get('bar')(MyService.prototype, 'bar')` from plain JavaScript. */
  <T extends ResourceMethod>(target: object, propertyKey: string | symbol, descriptor?: TypedPropertyDescriptor<T>): void;
}

/** A class decorator in either convention. */
export interface ServiceDecorator {
  /** TC39 standard decorator. */
  <C extends abstract new (...args: never[]) => object>(value: C, context: ClassDecoratorContext<C>): void;
  /** Legacy `experimentalDecorators`; also `ServiceConfig({...})(MyService)` from plain JavaScript. */
  (target: abstract new (...args: never[]) => object): void;
}

interface StandardContext {
  readonly kind: string;
  readonly name?: string | symbol | undefined;
  readonly static?: boolean;
}

/** A standard decorator's second argument is a context object with `kind`; a legacy one's is a key. */
function standardContext(second: unknown): StandardContext | undefined {
  return typeof second === 'object' && second !== null && typeof (second as { kind?: unknown }).kind === 'string'
    ? (second as StandardContext)
    : undefined;
}

/** The method function a method decorator was applied to, in either convention. */
function methodOf(decorator: string, args: readonly unknown[]): object {
  const [first, second, third] = args;
  const context = standardContext(second);
  if (context !== undefined) {
    if (context.kind !== 'method' || context.static === true) {
      throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE,
        `@${decorator} on ${context.static === true ? 'static ' : ''}${context.kind} '${String(context.name)}': it decorates instance methods only`);
    }
    return first as object;
  }
  if ((typeof first !== 'object' && typeof first !== 'function') || first === null || (typeof second !== 'string' && typeof second !== 'symbol')) {
    throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE,
      `@${decorator}: applied to something that is not a method; call it as ${decorator}(...)(MyService.prototype, 'methodName')`);
  }
  const fromDescriptor = (third as PropertyDescriptor | undefined)?.value as unknown;
  const fn = fromDescriptor ?? Object.getOwnPropertyDescriptor(first, second)?.value as unknown;
  if (typeof fn !== 'function' || typeof first === 'function') {
    throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE,
      `@${decorator} on '${String(second)}': it decorates instance methods only`);
  }
  return fn;
}

/** `@http:ServiceConfig`: the service's auth, read when the service is attached. */
export function ServiceConfig(config: ServiceConfiguration): ServiceDecorator {
  return ((...args: unknown[]) => {
    const [target, second] = args;
    const context = standardContext(second);
    if ((context !== undefined && context.kind !== 'class') || typeof target !== 'function') {
      throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE, '@ServiceConfig decorates a class: ServiceConfig({...})(MyService)');
    }
    setServiceConfig(target, config);
  }) as ServiceDecorator;
}

/** `@http:ResourceConfig`: overrides the service's auth for one resource (above or below `@Get`). */
export function ResourceConfig(config: ResourceConfiguration): ResourceDecorator {
  return ((...args: unknown[]) => {
    setResourceConfig(methodOf('ResourceConfig', args), config);
  }) as ResourceDecorator;
}

/** Declares a resource for `method` at `path` (relative to the attach path; `:name` is a path parameter). */
export function Resource(method: HttpMethod, path = ''): ResourceDecorator {
  return ((...args: unknown[]) => {
    addResource(methodOf(method === '*' ? "Resource('*')" : method[0] + method.slice(1).toLowerCase(), args), method, path);
  }) as ResourceDecorator;
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

export { defineService, type ResourceDeclaration, type ServiceDeclaration } from './define-service.js';
export type { HttpMethod, ResourceConfiguration, ServiceConfiguration } from './metadata.js';
export type { ScopesOverride } from './metadata.js';
