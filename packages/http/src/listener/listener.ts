/**
 * `Listener` (Ballerina `http:Listener`): one Fastify server, HTTPS when `secureSocket` is set.
 * `attach()` reads a service's decorators, resolves each resource's auth and builds its chain
 * (once); `register()` queues Fastify plugins; `ready()` creates the server, registers the
 * plugins and then every route; `start()` (calling `ready()` if needed) listens.
 */
import Fastify, {
  type FastifyInstance, type FastifyPluginAsync, type FastifyPluginCallback, type FastifyPluginOptions, type FastifyRegisterOptions,
  type FastifyServerOptions, type InjectOptions, type LightMyRequestResponse,
} from 'fastify';
import { ConfigError } from '@pointe/common';
import type { ListenerSecureSocket } from '@pointe/crypto';
import { ListenerCodes, ListenerError } from '../errors.js';
import { buildService, registerRoutes } from './attach-service.js';
import { type LoginThrottle, type LoginThrottleConfig, loginThrottleOf } from './login-throttle.js';
import {
  DEFAULT_HEADERS_TIMEOUT_SECONDS, DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS, deferContinue, quietClientErrorHandler, serverTimeoutOptions,
} from './server-guards.js';
import { ProviderRegistry } from './provider-registry.js';
import type { AttachedService } from './routes.js';
import { logStartup } from './startup-log.js';
import { buildHttpsOptions } from './tls.js';

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

type State = 'new' | 'building' | 'ready' | 'starting' | 'started' | 'stopped';

interface PendingPlugin {
  readonly plugin: FastifyPluginCallback;
  readonly options: FastifyRegisterOptions<FastifyPluginOptions> | undefined;
}

export class Listener {
  readonly #requestedPort: number;
  readonly #config: ListenerConfiguration;
  readonly #services: AttachedService[] = [];
  readonly #providers = new ProviderRegistry();
  readonly #throttle: LoginThrottle | undefined;
  readonly #plugins: PendingPlugin[] = [];
  readonly #mechanisms = new Map<AttachedService, readonly string[]>();
  #fastify: FastifyInstance | undefined;
  #readying: Promise<void> | undefined;
  #state: State = 'new';
  #port = 0;

  constructor(port: number, config: ListenerConfiguration = {}) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(ListenerCodes.POINTE_ERR_LISTENER_PORT, `listener: port must be an integer in 0..65535, got ${String(port)}`);
    }
    for (const field of ['timeout', 'headersTimeout', 'keepAliveTimeout', 'maxConnections'] as const) {
      const value = config[field];
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw new ConfigError(ListenerCodes.POINTE_ERR_LISTENER_CONFIG, `listener: ${field} must be a number ≥ 0, got ${String(value)}`);
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

  /** The Fastify instance once `ready()` (or `start()`) has built it; `undefined` before. */
  get fastify(): FastifyInstance | undefined {
    return this.#fastify;
  }

  /**
   * Attaches a decorated service instance at `basePath` (Ballerina `service /foo on listener`).
   * Resolves every resource's auth and builds its chain now; a config mistake throws here.
   */
  attach(service: object, basePath = '/'): void {
    if (this.#state !== 'new') {
      throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE, `listener: attach '${basePath}' before ready()/start(); routes cannot be added to a built listener`);
    }
    const built = buildService(service, basePath, {
      providers: this.#providers, authMemo: this.#config.authMemo ?? true, throttle: this.#throttle, taken: this.#services,
    });
    this.#services.push(built.entry);
    this.#mechanisms.set(built.entry, built.mechanisms);
  }

  /**
   * Registers a Fastify plugin (CORS, helmet, rate limit, formbody...) before `ready()`/`start()`.
   * Plugins are registered before Pointe's routes, in call order, so a global plugin's hooks
   * also run for the 401 and 403 answers.
   */
  register<Options extends FastifyPluginOptions = FastifyPluginOptions>(
    plugin: FastifyPluginCallback<Options> | FastifyPluginAsync<Options> | Promise<{ default: FastifyPluginCallback<Options> | FastifyPluginAsync<Options> }>,
    options?: FastifyRegisterOptions<Options>,
  ): this {
    if (this.#state !== 'new') {
      throw new ListenerError(ListenerCodes.POINTE_ERR_LISTENER_STATE, `listener: register() before ready()/start(); the listener is ${this.#state}`);
    }
    this.#plugins.push({ plugin: plugin as FastifyPluginCallback, options: options as FastifyRegisterOptions<FastifyPluginOptions> | undefined });
    return this;
  }

  /**
   * Builds Fastify (TLS context, plugins, routes) without listening; then `fastify` is defined
   * and `inject()` answers without a socket. `start()` calls it when needed.
   */
  async ready(): Promise<void> {
    if (this.#readying !== undefined) return this.#readying;
    if (this.#state === 'ready' || this.#state === 'starting' || this.#state === 'started') return;
    if (this.#state !== 'new') throw new ListenerError(ListenerCodes.POINTE_ERR_LISTENER_STATE, `listener: ready() called when ${this.#state}`);
    this.#readying = this.#build().finally(() => { this.#readying = undefined; });
    return this.#readying;
  }

  /** Fastify's `inject()` (light-my-request): a request without a socket. Builds the listener first if needed. */
  async inject(options: InjectOptions | string): Promise<LightMyRequestResponse> {
    await this.ready();
    return this.#fastify!.inject(options);
  }

  /** Detaches a service: its routes answer 404 from now on. */
  detach(service: object): void {
    const index = this.#services.findIndex((s) => s.instance === service && !s.detached);
    if (index === -1) throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SERVICE, 'listener: detach() of a service that is not attached');
    const entry = this.#services[index]!;
    entry.detached = true;
    if (this.#state === 'new') this.#services.splice(index, 1);
  }

  /** Builds the server if `ready()` has not, then listens; resolves once listening. */
  async start(): Promise<void> {
    if (this.#state === 'new' || this.#state === 'building') await this.ready();
    if (this.#state !== 'ready') throw new ListenerError(ListenerCodes.POINTE_ERR_LISTENER_STATE, `listener: start() called when ${this.#state}`);
    this.#state = 'starting';
    const fastify = this.#fastify!;
    try {
      await this.#listen(fastify);
      this.#state = 'started';
    } catch (err) {
      this.#state = 'new';
      await fastify.close().catch(() => undefined);
      this.#fastify = undefined;
      throw err;
    }
    logStartup(fastify, this.#config.secureSocket !== undefined, this.#services.filter((s) => !s.detached).map((s) => ({ basePath: s.basePath, mechanisms: this.#mechanisms.get(s) ?? [] })));
  }

  async #build(): Promise<void> {
    this.#state = 'building';
    let fastify: FastifyInstance | undefined;
    try {
      fastify = this.#createFastify();
      for (const { plugin, options } of this.#plugins) void fastify.register(plugin, options ?? {});
      const services = this.#services;
      // Routes in a plugin registered after the user's: avvio loads it last, so every global
      // hook the user's plugins added (fastify-plugin'd) applies to Pointe's routes.
      void fastify.register(async function pointeRoutes(instance) {
        registerRoutes(instance, services);
      });
      await fastify.ready();
      this.#fastify = fastify;
      this.#state = 'ready';
    } catch (err) {
      this.#state = 'new';
      await fastify?.close().catch(() => undefined);
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
    if (this.#state !== 'started' && this.#state !== 'ready') return;
    this.#state = 'stopped';
    const fastify = this.#fastify!;
    const closing = fastify.close();
    if (immediate) fastify.server.closeAllConnections();
    await closing;
    await this.#providers.close();
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
        throw new ListenerError(ListenerCodes.POINTE_ERR_LISTENER_PORT,
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
