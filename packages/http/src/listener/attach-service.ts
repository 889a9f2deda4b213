/**
 * A decorated service instance → its Fastify routes, each with its `onRequest` auth hook.
 * Shared by `Listener.attach()` and the `fastifyPointe` plugin, so both resolve auth the same
 * way, once, at attach time (ARCHITECTURE "At attach()").
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ConfigError } from '@pointe/common';
import { getResourceConfig, getResources, getServiceConfig, hasServiceConfig, type HttpMethod } from '../decorators/metadata.js';
import { ListenerCodes } from '../errors.js';
import { buildAuthHook, type AuthHook, type ChainElement } from './auth-hook.js';
import type { LoginThrottle } from './login-throttle.js';
import type { ProviderRegistry } from './provider-registry.js';
import { resolveAuth, validateAuthArray, type ResolvedElement } from './resolve-auth.js';
import { headFirst, hookList, joinPath, normalizePath, resourceHandler, type AttachedService } from './routes.js';
import type { RequestContext } from './types.js';

export interface AttachOptions {
  /** Where the providers live (one per distinct config, closed with the listener or app). */
  readonly providers: ProviderRegistry;
  /** `ListenerConfiguration.authMemo`. */
  readonly authMemo: boolean;
  /** `ListenerConfiguration.loginThrottle`, built once per listener (or app). */
  readonly throttle?: LoginThrottle | undefined;
  /** Routes already attached, to refuse a second resource on the same method and path. */
  readonly taken: readonly AttachedService[];
}

/** A service ready to be registered, plus what the start-up line says about it. */
export interface BuiltService {
  readonly entry: AttachedService;
  /** The auth mechanisms its resources use, e.g. `['fileUserStoreConfig']`; empty when all are public. */
  readonly mechanisms: readonly string[];
}

/** Where a route keeps its auth hook until `registerRoutes` appends it (see there). */
const kAuthHook = Symbol('pointe.authHook');
type PointeRoute = RouteOptions & { [kAuthHook]?: AuthHook };

/**
 * Registers services' routes on `instance`. The auth hook is appended to each route's
 * `onRequest` list by an `onRoute` hook added here, after the ones of plugins registered before
 * (rate limit adds its route-level `onRequest` hook that way), so such a plugin runs before any
 * password is verified or token validated, as a global `onRequest` hook (CORS, helmet) does anyway.
 */
export function registerRoutes(instance: FastifyInstance, services: readonly AttachedService[]): void {
  instance.addHook('onRoute', (route) => {
    const hook = (route as PointeRoute)[kAuthHook];
    if (hook === undefined) return;
    route.onRequest = [...hookList(route.onRequest), hook] as RouteOptions['onRequest'];
  });
  for (const service of services) for (const route of headFirst(service.routes)) instance.route(route);
}

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Resolves every resource's auth and builds its hook now; a config mistake throws here. */
export function buildService(service: object, basePath: string, options: AttachOptions): BuiltService {
  const base = normalizePath(basePath);
  if (typeof service !== 'object' || service === null) {
    throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE, `attach('${base}') needs a service instance (new MyService())`);
  }
  const ctor = (service as { constructor: object }).constructor;
  const resources = getResources(service);
  if (resources.length === 0) throw noResources(base, ctor);
  const serviceAuth = getServiceConfig(ctor)?.auth;
  // Validated once for the service; resources that inherit or re-scope it share the result.
  const serviceElements = serviceAuth === undefined ? undefined : validateAuthArray(serviceAuth, { service: base, field: 'ServiceConfig.auth' });
  const entry: AttachedService = { instance: service, basePath: base, routes: [], detached: false };
  const mechanisms = new Set<string>();
  for (const def of resources) {
    const url = joinPath(base, def.path);
    const resourceName = `${def.method.toLowerCase()} ${def.path === '' ? '.' : def.path}`;
    const method = (service as Record<string | symbol, unknown>)[def.propertyKey];
    if (typeof method !== 'function') {
      throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE, `service '${base}' resource '${resourceName}': ${String(def.propertyKey)} is not a method`);
    }
    assertFreeRoute([...options.taken, entry], def.method, url, base, resourceName);
    const auth = resolveAuth(serviceElements, getResourceConfig(service, def.propertyKey)?.auth, { service: base, resource: resourceName });
    const route: RouteOptions = {
      method: def.method === '*' ? ALL_METHODS : def.method,
      url,
      handler: resourceHandler(entry, method as (ctx: RequestContext) => unknown),
    };
    if (!auth.public) {
      (route as PointeRoute)[kAuthHook] = authHookFor(auth.elements, options);
      for (const el of auth.elements) mechanisms.add(el.mechanism.key);
    }
    entry.routes.push(route);
  }
  return { entry, mechanisms: [...mechanisms] };
}

/** The `onRequest` hook for validated elements (a resource's, or `app.pointeAuth(records)`'s). */
export function authHookFor(elements: readonly ResolvedElement[], options: Pick<AttachOptions, 'providers' | 'authMemo' | 'throttle'>): AuthHook {
  const chain: ChainElement[] = elements.map((el, i) => ({
    provider: options.providers.providerFor(el),
    scopes: el.scopes,
    label: `auth[${i}] (${el.mechanism.key})`,
  }));
  return buildAuthHook(chain, { memo: options.authMemo, throttle: options.throttle });
}

/**
 * The class has no method carrying `@Get`...: most often the decorators never ran in a form
 * Pointe recognised, so the message names both decorator settings and the way without them.
 */
function noResources(base: string, ctor: object): ConfigError {
  const name = (ctor as { name?: string }).name || 'the class';
  const serviceNote = hasServiceConfig(ctor) ? 'it has @ServiceConfig but' : 'it has';
  return new ConfigError(ListenerCodes.POINTE_ERR_NO_RESOURCES,
    `service '${base}': ${name} has no resources (${serviceNote} no method decorated with @Get('path'), @Post(...)...). `
    + 'Pointe\'s decorators work with TC39 standard decorators (tsconfig without "experimentalDecorators", TypeScript ≥ 5.0, tsx, esbuild) '
    + 'and with legacy ones ("experimentalDecorators": true, with or without "emitDecoratorMetadata"). '
    + `Fix: decorate the methods with @Get/@Post... imported from '@pointe/http' (one copy of the package), `
    + `attach an instance (new ${name}()), or, without decorator syntax, call defineService(${name}, { auth, resources: [{ method: 'GET', path: 'bar', handler: 'bar' }] })`);
}

function assertFreeRoute(services: readonly AttachedService[], method: HttpMethod, url: string, service: string, resource: string): void {
  for (const s of services) {
    if (s.detached) continue;
    for (const r of s.routes) {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      const clash = method === '*' ? true : methods.includes(method);
      if (clash && r.url === url) {
        throw new ConfigError(ListenerCodes.POINTE_ERR_DUPLICATE_ROUTE, `service '${service}' resource '${resource}': ${method} ${url} is already served`);
      }
    }
  }
}
