/**
 * `defineService`: the decorators' records without decorator syntax, for plain JavaScript
 * (or a TypeScript project that wants neither decorator convention).
 */
import { ConfigError } from '@pointe/common';
import { ListenerCodes } from '../errors.js';
import { addResource, setResourceConfig, setServiceConfig, type HttpMethod, type ResourceConfiguration, type ServiceConfiguration } from './metadata.js';

/** One resource of `defineService`: what `@Get('path')` plus `@ResourceConfig` say about one method. */
export interface ResourceDeclaration extends ResourceConfiguration {
  /** The HTTP method (`'*'` for every method). */
  method: HttpMethod;
  /** The path relative to the attach path (`''` or `'/'` is the service root; `:name` a path parameter). */
  path?: string;
  /** The name of the instance method that answers. */
  handler: string | symbol;
}

/** `defineService`'s declaration: `@ServiceConfig`'s fields plus the resources. */
export interface ServiceDeclaration extends ServiceConfiguration {
  /** The resources, one per (method, path). */
  resources: ResourceDeclaration[];
}

/**
 * Declares `serviceClass` as a service, as `@ServiceConfig` and `@Get`... would; returns the class.
 *
 * @example
 * class Foo { bar() { return 'Hello, World!'; } }
 * defineService(Foo, {
 *   auth: [{ fileUserStoreConfig: {}, scopes: ['hello'] }],
 *   resources: [{ method: 'GET', path: 'bar', handler: 'bar' }],
 * });
 * listener.attach(new Foo(), '/foo');
 */
export function defineService<C extends abstract new (...args: never[]) => object>(serviceClass: C, declaration: ServiceDeclaration): C {
  const { resources, ...serviceConfig } = declaration;
  if (typeof serviceClass !== 'function' || !Array.isArray(resources)) {
    throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE, 'defineService(MyService, { auth, resources: [{ method, path, handler }] }) needs a class and a resources array');
  }
  const proto = serviceClass.prototype as Record<string | symbol, unknown>;
  // Validate every entry before recording any, so a mistake leaves the class untouched.
  const fns = resources.map((r) => {
    const fn = proto[r.handler];
    if (typeof fn !== 'function') {
      throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE,
        `defineService(${serviceClass.name}): resource ${r.method} '${r.path ?? ''}' names handler '${String(r.handler)}', which is not a method of the class`);
    }
    return fn as object;
  });
  // Backwards: addResource puts the latest first (as bottom-up decorators need), so a method's
  // resources keep the order they are listed in.
  for (let i = resources.length - 1; i >= 0; i--) {
    const r = resources[i]!;
    addResource(fns[i]!, r.method, r.path ?? '');
    if ('auth' in r) setResourceConfig(fns[i]!, { auth: r.auth });
  }
  setServiceConfig(serviceClass, serviceConfig);
  return serviceClass;
}
