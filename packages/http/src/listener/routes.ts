/**
 * From a decorated method to a Fastify route: its URL under the attach path, and the handler
 * that builds the `RequestContext`, calls the method and answers with what it returns.
 */
import type { FastifyReply, RouteOptions } from 'fastify';
import { HttpError } from '../errors.js';
import { isThenable } from './auth-provider.js';
import { respond } from './respond.js';
import type { PointeRequest, RequestContext } from './types.js';

/** A service as attached; `detached` turns its routes into 404s on a running listener. */
export interface AttachedService {
  readonly instance: object;
  readonly basePath: string;
  readonly routes: RouteOptions[];
  detached: boolean;
}

export function resourceHandler(entry: AttachedService, method: (ctx: RequestContext) => unknown): RouteOptions['handler'] {
  const instance = entry.instance;
  // A method that declares no parameter (`bar(): string`) gets no context object built for it.
  const wantsContext = method.length > 0;
  // Not an async function: a method that returns a value (not a promise) is answered in the same
  // tick, with no promise and no microtask (Fastify sends a synchronous handler's return value
  // itself). Only a method that returns a promise makes the handler return one.
  return function pointeResource(request, reply) {
    if (entry.detached) {
      void reply.code(404).type('text/plain').send('');
      return undefined;
    }
    let result: unknown;
    try {
      result = method.call(
        instance,
        wantsContext ? { request: request as unknown as PointeRequest, auth: request.pointeAuth, raw: request, reply } : (undefined as never),
      );
    } catch (err) {
      return failed(reply, err);
    }
    if (!isThenable(result)) return answer(reply, result);
    return Promise.resolve(result).then((value) => answer(reply, value), (err: unknown) => failed(reply, err));
  };
}

/** What the handler returns for a method's value: nothing when the method sent the reply itself. */
function answer(reply: FastifyReply, value: unknown): unknown {
  return reply.sent ? undefined : respond(reply, value);
}

/** A thrown (or rejected) `HttpError` is an answer; anything else goes to the error handler (500). */
function failed(reply: FastifyReply, err: unknown): unknown {
  if (err instanceof HttpError) return respond(reply, err);
  throw err;
}

/** A route option's hooks (absent, one, or a list) as a list, for an `onRoute` hook to add one. */
export function hookList<Hook>(hooks: Hook | Hook[] | undefined): Hook[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

/** Explicit HEAD routes go first, so Fastify's automatic HEAD route of a GET does not clash with them. */
export function headFirst(routes: readonly RouteOptions[]): RouteOptions[] {
  return [...routes].sort((a, b) => Number(b.method === 'HEAD') - Number(a.method === 'HEAD'));
}

/** `foo/` → `/foo`, `` → `/`, `//a//b` → `/a/b`. */
export function normalizePath(path: string): string {
  const trimmed = path.replace(/\/+/g, '/').replace(/\/$/, '');
  return trimmed === '' ? '/' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** A resource path under an attach path: `/foo` + `bar` → `/foo/bar`; `''` or `/` is the service root. */
export function joinPath(base: string, path: string): string {
  const rel = path.replace(/^\/+/, '');
  if (rel === '') return base;
  return base === '/' ? `/${rel}` : `${base}/${rel}`;
}
