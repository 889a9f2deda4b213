/**
 * Pointe inside a Fastify app the user already has:
 *
 * - `app.register(fastifyPointe, { services: [{ service, basePath }] })` mounts decorated
 *   services with the same attach-time resolution and auth chain as `Listener.attach()`;
 * - `app.pointeAuth(records)` returns an `onRequest` hook that guards a plain Fastify route
 *   with the same auth records.
 *
 * Providers (user stores, JWT validators, JWKS clients) are built at registration, shared by
 * equal configs, and closed on the app's `onClose`.
 */
import type { FastifyInstance, FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import { authHookFor, buildService, registerRoutes } from './attach-service.js';
import { type LoginThrottleConfig, loginThrottleOf } from './login-throttle.js';
import { ProviderRegistry } from './provider-registry.js';
import { validateAuthArray } from './resolve-auth.js';
import type { AttachedService } from './routes.js';
import type { ListenerAuthConfig } from './types.js';

/** One service to mount. */
export interface FastifyPointeService {
  /** A decorated service instance (`new Foo()`), as for `Listener.attach()`. */
  service: object;
  /** Where its resources live, as for `Listener.attach()`; default `/`. */
  basePath?: string;
}

/** Options of `fastifyPointe`. */
export interface FastifyPointeOptions {
  /** The services to mount; may be empty when only `app.pointeAuth()` is wanted. */
  services?: FastifyPointeService[];
  /** As `ListenerConfiguration.authMemo`: default `true`; `false` behind a proxy that multiplexes users on one connection. */
  authMemo?: boolean;
  /** As `ListenerConfiguration.loginThrottle`: 429 past `maxFailures` failed Basic logins per username within the window. Default off. */
  loginThrottle?: LoginThrottleConfig | false;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * An `onRequest` hook guarding a route with Pointe auth records (validated now; a mistake
     * throws here, not at the first request).
     *
     * @example
     * app.get('/hello', { onRequest: app.pointeAuth([{ jwtValidatorConfig: { issuer: 'wso2', signatureConfig: { certFile } }, scopes: ['hello'] }]) },
     *   async (request) => `Hello, ${request.pointeAuth?.username}`);
     */
    pointeAuth(auth: ListenerAuthConfig[]): onRequestHookHandler;
  }
}

const plugin: FastifyPluginAsync<FastifyPointeOptions> = async function fastifyPointe(app: FastifyInstance, options) {
  const providers = new ProviderRegistry();
  const authMemo = options.authMemo ?? true;
  const throttle = loginThrottleOf(options.loginThrottle);
  app.addHook('onClose', async () => providers.close());
  if (!app.hasRequestDecorator('pointeAuth')) app.decorateRequest('pointeAuth', undefined);
  app.decorate('pointeAuth', (auth: ListenerAuthConfig[]): onRequestHookHandler => {
    return authHookFor(validateAuthArray(auth, { service: 'app.pointeAuth()', field: 'auth' }), { providers, authMemo, throttle }) as onRequestHookHandler;
  });
  const mounted: AttachedService[] = [];
  for (const { service, basePath = '/' } of options.services ?? []) {
    mounted.push(buildService(service, basePath, { providers, authMemo, throttle, taken: mounted }).entry);
  }
  registerRoutes(app, mounted);
};

// What fastify-plugin does: no encapsulation, so `app.pointeAuth` and the routes belong to the
// app that registered the plugin, and the app's global hooks reach them.
Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'fastify-pointe',
  [Symbol.for('plugin-meta')]: { name: 'fastify-pointe', fastify: '5.x' },
});

/** The Fastify plugin: `app.register(fastifyPointe, { services: [{ service: new Foo(), basePath: '/foo' }] })`. */
export const fastifyPointe: FastifyPluginAsync<FastifyPointeOptions> = plugin;
