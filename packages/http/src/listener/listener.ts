/**
 * `Listener` (Ballerina `http:Listener`): one Fastify server, HTTPS when `secureSocket` is set.
 * `attach()` reads a service's decorators, resolves each resource's auth and builds its chain
 * (once); `start()` creates the server, registers every route and listens.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { ConfigError, PointeError } from '@pointe/common';
import { getResourceConfig, getResources, getServiceConfig, type HttpMethod } from '../decorators/metadata.js';
import { ListenerErrorCodes } from '../errors.js';
import { buildAuthHook, type ChainElement } from './chain.js';
import { type LoginThrottle, type LoginThrottleConfig, loginThrottleOf } from './login-throttle.js';
import {
  DEFAULT_HEADERS_TIMEOUT_SECONDS, DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS, deferContinue, quietClientErrorHandler, serverTimeoutOptions,
} from './server-guards.js';
import { resolveAuth, validateAuthArray, type ResolvedElement } from './resolve-auth.js';
import { ProviderRegistry } from './provider-registry.js';
import { headFirst, joinPath, normalizePath, resourceHandler, type AttachedService } from './routes.js';
import type { ListenerSecureSocket } from '@pointe/crypto';
import { buildHttpsOptions } from './tls.js';
import type { RequestContext } from './types.js';
import './mechanisms/file-user-store.js';
import './mechanisms/jwt.js';
import './mechanisms/ldap-user-store.js';

/** Ballerina `http:ListenerConfiguration`, the parts Pointe supports. */
export interface ListenerConfiguration {
  /** The interface to bind; default every interface (`::`, falling back to `0.0.0.0`). */
  host?: string;
  /** TLS. Without it the listener serves plain HTTP and warns once: credentials would travel in clear. */
  secureSocket?: ListenerSecureSocket;
  /** Seconds a request may take before the server drops it; default 60 (0 disables). */
  timeout?: number;
  /**
   * Seconds a client has to complete the TLS handshake and send the whole request head; default
   * 10. Bounds slowloris (connections that trickle header bytes to stay open). Capped by `timeout`.
   */
  headersTimeout?: number;
  /** Seconds an idle keep-alive connection stays open between requests; default 5 (Node's default; Fastify's is 72). */
  keepAliveTimeout?: number;
  /** The most connections served at once; past it new connections are closed at once. Default no cap. */
  maxConnections?: number;
  /**
   * Brute-force throttling of Basic logins (beyond Ballerina; opt-in, as in Keycloak). Failed
   * logins are counted per username and per (client address, username) pair over a sliding
   * window; past `maxFailures` the answer is 429 with `Retry-After`, before any hash is computed,
   * for known and unknown usernames alike. `{}` means 10 failures per 300 seconds. Default `false`.
   */
  loginThrottle?: LoginThrottleConfig | false;
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /**
   * Whether a keep-alive connection that repeats an accepted `Authorization` header may skip
   * re-checking it (for mechanisms whose verdict cannot change meanwhile: the file store, JWT
   * with `cacheConfig`). Default `true`. Set `false` behind a proxy that sends many users'
   * requests over shared upstream connections, so one user's header is never compared with
   * another's; the mechanisms' own caches still apply.
   */
  authMemo?: boolean;
  /**
   * Fastify's logger (pino) options, or `true`. Default off. At `debug` level the auth chain logs
   * why a request was denied (never a credential).
   */
  logger?: FastifyServerOptions['logger'];
}

type State = 'new' | 'starting' | 'started' | 'stopped';

export class Listener {
  readonly #requestedPort: number;
  readonly #config: ListenerConfiguration;
  readonly #services: AttachedService[] = [];
  readonly #providers = new ProviderRegistry();
  readonly #throttle: LoginThrottle | undefined;
  #fastify: FastifyInstance | undefined;
  #state: State = 'new';
  #port = 0;

  constructor(port: number, config: ListenerConfiguration = {}) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(ListenerErrorCodes.LISTENER_STATE, `listener: port must be an integer in 0..65535, got ${String(port)}`);
    }
    for (const field of ['timeout', 'headersTimeout', 'keepAliveTimeout', 'maxConnections'] as const) {
      const value = config[field];
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw new ConfigError(ListenerErrorCodes.INVALID_LISTENER_CONFIG, `listener: ${field} must be a number ≥ 0, got ${String(value)}`);
      }
    }
    this.#requestedPort = port;
    this.#config = config;
    this.#throttle = loginThrottleOf(config.loginThrottle);
  }

  /** The bound port: the requested one, or the one the OS picked for port 0 (known after `start()`). */
  get port(): number {
    return this.#port !== 0 ? this.#port : this.#requestedPort;
  }

  /** The Fastify instance, once started (for plugins and `inject()`); `undefined` before. */
  get fastify(): FastifyInstance | undefined {
    return this.#fastify;
  }

  /**
   * Attaches a decorated service instance at `basePath` (Ballerina `service /foo on listener`).
   * Resolves every resource's auth and builds its chain now; a config mistake throws here.
   */
  attach(service: object, basePath = '/'): void {
    if (this.#state !== 'new') {
      throw new PointeError(ListenerErrorCodes.INVALID_SERVICE, `listener: attach '${basePath}' before start(); routes cannot be added to a running listener`);
    }
    if (typeof service !== 'object' || service === null) {
      throw new PointeError(ListenerErrorCodes.INVALID_SERVICE, `listener: attach('${basePath}') needs a service instance (new MyService())`);
    }
    const base = normalizePath(basePath);
    const ctor = (service as { constructor: object }).constructor;
    const resources = getResources(ctor);
    if (resources.length === 0) {
      throw new PointeError(ListenerErrorCodes.INVALID_SERVICE,
        `service '${base}': ${(ctor as { name?: string }).name ?? 'the class'} has no resources; decorate methods with @Get('path'), @Post(...)...`);
    }
    const serviceAuth = getServiceConfig(ctor)?.auth;
    // Validated once for the service; resources that inherit or re-scope it share the result.
    const serviceElements = serviceAuth === undefined ? undefined : validateAuthArray(serviceAuth, { service: base, field: 'ServiceConfig.auth' });
    const entry: AttachedService = { instance: service, basePath: base, routes: [], detached: false };
    for (const def of resources) {
      const url = joinPath(base, def.path);
      const resourceName = `${def.method.toLowerCase()} ${def.path === '' ? '.' : def.path}`;
      const method = (service as Record<string | symbol, unknown>)[def.propertyKey];
      if (typeof method !== 'function') {
        throw new PointeError(ListenerErrorCodes.INVALID_SERVICE, `service '${base}' resource '${resourceName}': ${String(def.propertyKey)} is not a method`);
      }
      this.#assertFreeRoute(def.method, url, base, resourceName);
      const auth = resolveAuth(serviceElements, getResourceConfig(Object.getPrototypeOf(service) as object, def.propertyKey)?.auth, {
        service: base,
        resource: resourceName,
      });
      const route: RouteOptions = {
        method: def.method === '*' ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] : def.method,
        url,
        handler: resourceHandler(entry, method as (ctx: RequestContext) => unknown),
      };
      if (!auth.public) {
        route.onRequest = buildAuthHook(auth.elements.map((el, i) => this.#element(el, i)), {
          memo: this.#config.authMemo ?? true,
          throttle: this.#throttle,
        });
      }
      entry.routes.push(route);
    }
    this.#services.push(entry);
  }

  /** Detaches a service: its routes answer 404 from now on. */
  detach(service: object): void {
    const index = this.#services.findIndex((s) => s.instance === service && !s.detached);
    if (index === -1) throw new PointeError(ListenerErrorCodes.INVALID_SERVICE, 'listener: detach() of a service that is not attached');
    const entry = this.#services[index]!;
    entry.detached = true;
    if (this.#state === 'new') this.#services.splice(index, 1);
  }

  /** Creates the server, registers the routes and listens; resolves once listening. */
  async start(): Promise<void> {
    if (this.#state !== 'new') throw new PointeError(ListenerErrorCodes.LISTENER_STATE, `listener: start() called when ${this.#state}`);
    this.#state = 'starting';
    try {
      const fastify = this.#createFastify();
      for (const service of this.#services) for (const route of headFirst(service.routes)) fastify.route(route);
      this.#fastify = fastify;
      await this.#listen(fastify);
      this.#state = 'started';
    } catch (err) {
      this.#state = 'new';
      await this.#fastify?.close().catch(() => undefined);
      this.#fastify = undefined;
      throw err;
    }
  }

  /**
   * Stops accepting connections and resolves once in-flight requests have finished. With
   * `timeoutSeconds`, connections still busy after that long are closed (a hung resource must
   * not keep a deployment from stopping).
   */
  async gracefulStop(timeoutSeconds?: number): Promise<void> {
    if (timeoutSeconds === undefined) return this.#stop(false);
    if (!(timeoutSeconds >= 0)) throw new RangeError(`gracefulStop timeout must be ≥ 0 seconds, got ${timeoutSeconds}`);
    const timer = setTimeout(() => this.#fastify?.server.closeAllConnections(), timeoutSeconds * 1000);
    try {
      await this.#stop(false);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops now: open connections are destroyed, in-flight requests fail. */
  async immediateStop(): Promise<void> {
    await this.#stop(true);
  }

  async #stop(immediate: boolean): Promise<void> {
    if (this.#state !== 'started') return;
    this.#state = 'stopped';
    const fastify = this.#fastify!;
    const closing = fastify.close();
    if (immediate) fastify.server.closeAllConnections();
    await closing;
    await this.#providers.close();
  }

  #element(el: ResolvedElement, index: number): ChainElement {
    return { provider: this.#providers.providerFor(el), scopes: el.scopes, label: `auth[${index}] (${el.mechanism.key})` };
  }

  #assertFreeRoute(method: HttpMethod, url: string, service: string, resource: string): void {
    for (const s of this.#services) {
      for (const r of s.routes) {
        const methods = Array.isArray(r.method) ? r.method : [r.method];
        const clash = method === '*' ? true : methods.includes(method);
        if (clash && r.url === url) {
          throw new PointeError(ListenerErrorCodes.DUPLICATE_ROUTE, `service '${service}' resource '${resource}': ${method} ${url} is already served`);
        }
      }
    }
  }

  #createFastify(): FastifyInstance {
    const {
      secureSocket, timeout = 60, bodyLimit = 1024 * 1024, logger = false,
      headersTimeout = DEFAULT_HEADERS_TIMEOUT_SECONDS, keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS,
    } = this.#config;
    const slowClients = serverTimeoutOptions(headersTimeout, timeout);
    const common = {
      logger,
      bodyLimit,
      requestTimeout: timeout * 1000,
      keepAliveTimeout: keepAliveTimeout * 1000,
      routerOptions: { maxParamLength: 500 },
      return503OnClosing: true,
      // Never Fastify's default, which logs err.rawPacket: the bytes of a malformed request.
      clientErrorHandler: quietClientErrorHandler,
    } satisfies FastifyServerOptions;
    const fastify = secureSocket === undefined
      ? (warnPlainHttp(this.#requestedPort), Fastify({ ...common, http: slowClients }))
      : Fastify({ ...common, https: { ...buildHttpsOptions(secureSocket), ...slowClients } });
    if (this.#config.maxConnections !== undefined && this.#config.maxConnections > 0) {
      fastify.server.maxConnections = this.#config.maxConnections;
    }
    deferContinue(fastify);
    fastify.decorateRequest('pointeAuth', undefined, []);
    fastify.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      // Client mistakes Fastify detects (bad JSON, body too large, unsupported media type) keep their 4xx;
      // anything else is a 500 with no detail for the client.
      const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) request.log.error({ err }, 'pointe: resource failed');
      void reply.code(status).type('text/plain').send(status === 500 ? '' : err.message);
    });
    return fastify;
  }

  async #listen(fastify: FastifyInstance): Promise<void> {
    const host = this.#config.host;
    try {
      await fastify.listen({ port: this.#requestedPort, host: host ?? '::' });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (host === undefined && (code === 'EAFNOSUPPORT' || code === 'EADDRNOTAVAIL')) {
        await fastify.listen({ port: this.#requestedPort, host: '0.0.0.0' });
      } else {
        throw new PointeError(ListenerErrorCodes.LISTENER_STATE,
          `listener: cannot listen on ${host ?? '*'}:${this.#requestedPort} (${code ?? (err as Error).message})`, { cause: err });
      }
    }
    const address = fastify.server.address();
    this.#port = typeof address === 'object' && address !== null ? address.port : this.#requestedPort;
  }
}

/** One warning per listener started without TLS (the seed: auth needs HTTPS). */
function warnPlainHttp(port: number): void {
  process.emitWarning(
    `Pointe listener on port ${port} has no secureSocket and serves plain HTTP: Basic credentials and tokens travel in clear text`,
    { code: 'POINTE_WARN_PLAIN_HTTP' },
  );
}
