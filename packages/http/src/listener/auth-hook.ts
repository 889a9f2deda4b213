/**
 * The per-request path (ARCHITECTURE "The request path"): parse the `Authorization` header,
 * try the elements whose scheme fits, in order; the first that authenticates and authorizes
 * lets the resource run, one that authenticates but lacks the scopes ends with 403, and when
 * none is left the answer is 401 with the route's challenges. Runs as the route's Fastify
 * `onRequest` hook, before any body is read.
 *
 * Before any of that (issue 12): a request with two `Authorization` lines is refused with 400
 * (a proxy reading the other line would disagree about who the caller is); with `loginThrottle`,
 * a Basic username (or address and username) past its failure limit gets 429 with
 * `Retry-After` before any hash is computed; slow uncached verifications go through the
 * process-wide `VerificationQueue` (one in flight per connection), and a refusal is a 503 with
 * `Retry-After`. A denied request whose body is still coming has its connection closed.
 *
 * The hook is callback-style: a provider that answers synchronously (a cache hit, a plain-text
 * password) settles the request with no promise at all; only a provider that returns one
 * makes the chain wait. A Bearer token or Basic token68 the route's first element of that
 * scheme accepted before and still caches (`AuthProvider.recall`) is decided before the header
 * is parsed at all (Basic only without `loginThrottle`, which decides before any provider).
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Refused, type VerificationQueue } from '@pointe/common';
import { isThenable, type AuthContext, type AuthProvider, type AuthScheme, type MaybePromise } from './auth-provider.js';
import { buildChallenges, insufficientScope } from './challenge.js';
import { credentialsOf, parseAuthorization, type Credential } from './authorization-header.js';
import { throttleKey, type LoginThrottle } from './login-throttle.js';
import { hasScopes, type RequiredScopes } from './scopes.js';
import { BUSY_RETRY_AFTER_SECONDS, bodyPending } from './server-guards.js';
import type { Principal } from './types.js';
import { authContextFor, processVerificationQueue } from './verification-slots.js';

/** One element of a route's chain: a shared provider plus this element's scopes. */
export interface ChainElement {
  readonly provider: AuthProvider;
  readonly scopes: RequiredScopes | undefined;
  /** `auth[i] (mechanism)` of the annotation, for the log. */
  readonly label: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The principal the auth chain accepted; `undefined` on public resources. */
    pointeAuth: Principal | undefined;
  }
}

/** A chain element with its 403 challenge and memo lifetime worked out at `attach()`. */
interface PreparedElement extends ChainElement {
  readonly forbiddenChallenge: string | undefined;
  /** Set when this listener allows the memo and the provider offers it. */
  readonly memoTtlMs: number | undefined;
}

export type AuthHook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/**
 * The last acceptance on a connection. Keep-alive clients send the same `Authorization` header
 * request after request; when the route and the header are the same and the memo is fresh,
 * the chain reuses the verdict instead of decoding and looking up the credential again. The
 * header lives only as long as the connection that sent it (whose buffers hold it anyway).
 */
interface Memo {
  readonly hook: AuthHook;
  readonly header: string;
  readonly principal: Principal;
  readonly expiresAt: number;
}

const kMemo = Symbol('pointe.authMemo');
type MemoSocket = Socket & { [kMemo]?: Memo };

/** What a route's hook shares with the listener. */
export interface AuthHookOptions {
  /** Whether the per-connection memo may be used (`ListenerConfiguration.authMemo`). Default `true`. */
  memo?: boolean;
  /** The listener's login throttle (`loginThrottle`); absent: off. */
  throttle?: LoginThrottle;
  /** Where slow verifications wait their turn. Default the process-wide queue. */
  queue?: VerificationQueue;
}

/** What every request of one route shares, decided at `attach()`. */
interface Route {
  readonly byScheme: Readonly<Record<AuthScheme, readonly PreparedElement[]>>;
  readonly challenges: ReturnType<typeof buildChallenges>;
  readonly throttle: LoginThrottle | undefined;
  readonly queue: VerificationQueue;
  /** The route's hook, which a memo entry names so that it is only reused on the same route. */
  readonly hook: AuthHook;
}

/** Builds the `onRequest` hook of one route from its elements (at `attach()`). */
export function buildAuthHook(elements: readonly ChainElement[], options: AuthHookOptions = {}): AuthHook {
  const memoAllowed = options.memo ?? true;
  // Everything an element's verdict needs besides the principal, decided here, once.
  const prepared: PreparedElement[] = elements.map((el) => ({
    ...el,
    forbiddenChallenge: el.provider.scheme === 'bearer' ? insufficientScope(el.scopes) : undefined,
    memoTtlMs: memoAllowed && (el.provider.memoTtlMs ?? 0) > 0 ? el.provider.memoTtlMs : undefined,
  }));
  const byScheme: Record<AuthScheme, readonly PreparedElement[]> = {
    basic: prepared.filter((el) => el.provider.scheme === 'basic'),
    bearer: prepared.filter((el) => el.provider.scheme === 'bearer'),
  };
  const challenges = buildChallenges(new Set(elements.map((el) => el.provider.scheme)));
  const acceptsBearer = byScheme.bearer.length > 0;
  // The first element a credential of each scheme is tried against, when its provider can
  // answer from its cache of accepted credentials (`recall`): a hit there is that element's
  // verdict, as the chain would reach it, without the token68 scan, the Basic decoding and the
  // parse. Basic not under the login throttle: it decides before any provider does.
  const basicRecaller = options.throttle === undefined ? recallerOf(byScheme.basic) : undefined;
  const bearerRecaller = recallerOf(byScheme.bearer);

  const pointeAuth: AuthHook = (request, reply, done) => {
    if (repeatsAuthorization(request.raw.rawHeaders)) {
      request.log.debug('pointe auth: two Authorization header lines, refused');
      deny(request, reply, 400);
      return;
    }
    const header = request.headers.authorization;
    const socket = request.raw.socket as MemoSocket | null;
    const memo = socket?.[kMemo];
    if (memo !== undefined && memo.hook === pointeAuth && memo.header === header && memo.expiresAt > Date.now()) {
      request.pointeAuth = memo.principal;
      done();
      return;
    }
    if (typeof header === 'string') {
      // "Basic " has its space at 5, "Bearer " at 6; `credentialsOf` checks the scheme itself.
      const recaller = header.charCodeAt(5) === 32 ? basicRecaller : header.charCodeAt(6) === 32 ? bearerRecaller : undefined;
      const principal = recaller === undefined ? undefined : recall(recaller, header);
      if (recaller !== undefined && principal !== undefined) {
        decide(route, recaller, principal, request, reply, done, socket, header, undefined);
        return;
      }
    }
    const parsed = parseAuthorization(header);
    const credential = parsed.credential;
    if (credential === undefined) {
      request.log.debug({ reason: parsed.problem }, 'pointe auth: no usable credential');
      deny401(request, reply, parsed.scheme === 'bearer' && acceptsBearer ? challenges.invalidToken : challenges.plain);
      return;
    }
    new ChainRun(route, request, reply, done, credential, header, socket).start();
  };
  const route: Route = { byScheme, challenges, throttle: options.throttle, queue: options.queue ?? processVerificationQueue, hook: pointeAuth };
  return pointeAuth;
}

/**
 * One request's walk along the chain. An object rather than closures built per request: a
 * cache hit allocates this one object, and only a provider that answers with a promise makes
 * the `then` callbacks (docs/benchmarks.md "Hot path").
 */
class ChainRun {
  readonly #candidates: readonly PreparedElement[];
  /** The username the throttle counts, when the throttle applies to this request. */
  readonly #throttled: string | undefined;
  #context: AuthContext | undefined;
  #retries = 0;
  /** An element's backend failed (LDAP down): that says nothing about the password, so the attempt is not counted. */
  #backendDown = false;

  constructor(
    readonly route: Route,
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
    readonly done: HookHandlerDoneFunction,
    readonly credential: Credential,
    readonly header: string | undefined,
    readonly socket: MemoSocket | null,
  ) {
    this.#candidates = route.byScheme[credential.scheme];
    // Throttled under the username as the stores compare it (throttleKey), so spellings a store treats as one count as one.
    this.#throttled = route.throttle !== undefined && credential.scheme === 'basic' && this.#candidates.length > 0
      ? throttleKey(credential.username) : undefined;
  }

  start(): void {
    const throttled = this.#throttled;
    if (throttled === undefined) return this.tryFrom(0);
    // Decided before any hash: known and unknown usernames alike.
    const wait = this.route.throttle!.retryAfter(throttled, this.request.ip);
    if (typeof wait === 'number') return this.proceed(wait);
    // A shared store that fails must not lock everyone out: the attempt goes on unthrottled.
    wait.then((seconds) => this.proceed(seconds), () => this.tryFrom(0));
  }

  proceed(seconds: number): void {
    if (seconds <= 0) return this.tryFrom(0);
    this.request.log.debug('pointe auth: login throttled');
    this.reply.header('retry-after', String(seconds));
    deny(this.request, this.reply, 429);
  }

  /** Tries candidates from `index`; returns synchronously until a provider hands back a promise. */
  tryFrom(index: number): void {
    const candidates = this.#candidates;
    for (let i = index; i < candidates.length; i++) {
      const el = candidates[i]!;
      let outcome: MaybePromise<Principal | undefined>;
      try {
        outcome = el.provider.authenticate(this.credential, this.request.log, (this.#context ??= authContextFor(this.route.queue, this.socket)));
      } catch (err) {
        this.#backendDown = true;
        backendFailed(this.request, el, err);
        continue;
      }
      if (isThenable(outcome)) {
        outcome.then(
          (principal) => (this.settled(el, principal) ? this.decide(el, principal) : this.tryFrom(i + 1)),
          (err: unknown) => {
            if (err instanceof Refused) return this.refused(err, i);
            this.#backendDown = true;
            backendFailed(this.request, el, err);
            this.tryFrom(i + 1);
          },
        );
        return;
      }
      if (this.settled(el, outcome)) return this.decide(el, outcome);
    }
    if (this.#throttled !== undefined && !this.#backendDown) this.route.throttle!.failed(this.#throttled, this.request.ip);
    deny401(this.request, this.reply, this.credential.scheme === 'bearer' ? this.route.challenges.invalidToken : this.route.challenges.plain);
  }

  /**
   * The queue did not run the verification. 'busy': 503, the server's capacity and not this
   * client's fault (a 429 would blame an honest user on another connection). 'closed' while
   * this connection is open: the verification it shared (single-flight) belonged to a
   * connection that closed; try again, under this connection.
   */
  refused(err: Refused, index: number): void {
    const socket = this.socket;
    if (err.reason === 'closed' && socket !== null && !socket.destroyed && this.#retries++ < 3) return this.tryFrom(index);
    this.request.log.debug(`pointe auth: verification refused (${err.reason})`);
    this.reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
    deny(this.request, this.reply, 503);
  }

  /** Whether `outcome` is a usable principal; anything else fails the element (and is logged why). */
  settled(el: PreparedElement, outcome: Principal | undefined): outcome is Principal {
    if (outcome === undefined) {
      this.request.log.debug(`pointe auth: ${el.label}: credential not accepted`);
      return false;
    }
    if (!isPrincipal(outcome)) {
      this.request.log.warn(`pointe auth: ${el.label}: the mechanism returned a principal without a scopes array; element failed`);
      return false;
    }
    return true;
  }

  decide(el: PreparedElement, principal: Principal): void {
    decide(this.route, el, principal, this.request, this.reply, this.done, this.socket, this.header, this.#throttled);
  }
}

/** The first of `elements` (of one scheme), when its provider has `recall`. */
function recallerOf(elements: readonly PreparedElement[]): PreparedElement | undefined {
  const first = elements[0];
  return first?.provider.recall === undefined ? undefined : first;
}

/** `el`'s cached acceptance of the header's credentials (`AuthProvider.recall`), if any; a throw there is a miss. */
function recall(el: PreparedElement, header: string): Principal | undefined {
  const token = credentialsOf(header, el.provider.scheme);
  if (token === undefined) return undefined;
  let principal: Principal | undefined;
  try {
    principal = el.provider.recall!(token);
  } catch {
    return undefined;
  }
  return principal !== undefined && isPrincipal(principal) ? principal : undefined;
}

/**
 * `el` authenticated the caller as `principal`: 403 without the element's scopes, otherwise the
 * resource runs (and the connection's memo remembers the verdict, when the element allows it).
 */
function decide(
  route: Route,
  el: PreparedElement,
  principal: Principal,
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
  socket: MemoSocket | null,
  header: string | undefined,
  throttled: string | undefined,
): void {
  if (!hasScopes(principal.scopes, el.scopes)) {
    request.log.debug(`pointe auth: ${el.label} authenticated the caller but the required scopes are missing`);
    if (throttled !== undefined) route.throttle!.succeeded(throttled, request.ip);
    deny403(request, reply, el.forbiddenChallenge);
    return;
  }
  if (throttled !== undefined) route.throttle!.succeeded(throttled, request.ip);
  request.pointeAuth = principal;
  if (el.memoTtlMs !== undefined && socket !== null && typeof header === 'string') {
    socket[kMemo] = { hook: route.hook, header, principal, expiresAt: memoExpiry(principal, el.memoTtlMs) };
  }
  done();
}

/**
 * Whether the request carries more than one `Authorization` line. Node keeps only the first in
 * `headers`; a proxy in front might use the last, and the two would disagree about the caller.
 */
function repeatsAuthorization(raw: readonly string[]): boolean {
  let seen = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 13 && name.toLowerCase() === 'authorization') {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

/**
 * A principal the chain can authorize: an object with a `scopes` array of strings. A plug-in
 * that forgets `scopes` must not pass a scoped element (nor crash `hasScopes`).
 */
export function isPrincipal(value: unknown): value is Principal {
  if (typeof value !== 'object' || value === null) return false;
  const { scopes } = value as { scopes?: unknown };
  if (!Array.isArray(scopes)) return false;
  // A loop, not `every`: this runs for every accepted request, and needs no callback.
  for (let i = 0; i < scopes.length; i++) if (typeof scopes[i] !== 'string') return false;
  return true;
}

/** Now + ttl, never past the token's or introspection response's own `exp`. */
function memoExpiry(principal: Principal, ttlMs: number): number {
  let expiresAt = Date.now() + ttlMs;
  for (const exp of [principal.claims?.['exp'], principal.introspection?.['exp']]) {
    if (typeof exp === 'number') expiresAt = Math.min(expiresAt, exp * 1000);
  }
  return expiresAt;
}

/** A backend that fails is a failed element, never a 500 and never a pass (SEMANTICS "Reading the credential"). */
function backendFailed(request: FastifyRequest, el: PreparedElement, err: unknown): void {
  const { code, reason } = (err ?? {}) as { code?: unknown; reason?: unknown };
  request.log.warn({ code, reason }, `pointe auth: ${el.label}: backend error, element skipped`);
}

/** A 401 whose `WWW-Authenticate` lists the route's challenges; an empty body, as in the seed. */
export function deny401(request: FastifyRequest, reply: FastifyReply, challenges: readonly string[]): void {
  if (challenges.length > 0) reply.header('www-authenticate', challenges.length === 1 ? challenges[0] : challenges);
  deny(request, reply, 401);
}

export function deny403(request: FastifyRequest, reply: FastifyReply, challenge: string | undefined): void {
  if (challenge !== undefined) reply.header('www-authenticate', challenge);
  deny(request, reply, 403);
}

/**
 * Every refusal of the hook: an empty `text/plain` body. A body the client is still sending
 * (or would send after `100 Continue`, which a denied request never gets) is not read: the
 * connection closes after the answer instead of draining it.
 */
function deny(request: FastifyRequest, reply: FastifyReply, status: 400 | 401 | 403 | 429 | 503): void {
  reply.code(status).header('content-type', 'text/plain');
  if (bodyPending(request)) reply.header('connection', 'close');
  void reply.send('');
}
