/**
 * The per-request path (ARCHITECTURE "The request path"): parse the `Authorization` header,
 * try the elements whose scheme fits, in order; the first that authenticates and authorizes
 * lets the resource run, one that authenticates but lacks the scopes ends with 403, and when
 * none is left the answer is 401 with the route's challenges. Runs as the route's Fastify
 * `onRequest` hook, before any body is read.
 *
 * The hook is callback-style: a provider that answers synchronously (a cache hit, a plain-text
 * password) settles the request with no promise at all; only a provider that returns one
 * makes the chain wait.
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isThenable, type AuthProvider, type AuthScheme, type MaybePromise } from './auth-provider.js';
import { buildChallenges, insufficientScope } from './challenge.js';
import { parseAuthorization, type Credential } from './authorization-header.js';
import { hasScopes, type RequiredScopes } from './scopes.js';
import type { Principal } from './types.js';

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

/** Builds the `onRequest` hook of one route from its elements (at `attach()`). */
export function buildAuthHook(elements: readonly ChainElement[], options: { memo?: boolean } = {}): AuthHook {
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

  const pointeAuth: AuthHook = (request, reply, done) => {
    const header = request.headers.authorization;
    const socket = request.raw.socket as MemoSocket | null;
    const memo = socket?.[kMemo];
    if (memo !== undefined && memo.hook === pointeAuth && memo.header === header && memo.expiresAt > Date.now()) {
      request.pointeAuth = memo.principal;
      done();
      return;
    }
    const parsed = parseAuthorization(header);
    const credential = parsed.credential;
    if (credential === undefined) {
      request.log.debug({ reason: parsed.problem }, 'pointe auth: no usable credential');
      deny401(reply, parsed.scheme === 'bearer' && acceptsBearer ? challenges.invalidToken : challenges.plain);
      return;
    }
    const candidates = byScheme[credential.scheme];
    const rejected = credential.scheme === 'bearer' ? challenges.invalidToken : challenges.plain;

    /** Tries candidates from `index`; returns synchronously until a provider hands back a promise. */
    const tryFrom = (index: number): void => {
      for (let i = index; i < candidates.length; i++) {
        const el = candidates[i]!;
        let outcome: MaybePromise<Principal | undefined>;
        try {
          outcome = el.provider.authenticate(credential, request.log);
        } catch (err) {
          backendFailed(request, el, err);
          continue;
        }
        if (isThenable(outcome)) {
          outcome.then(
            (principal) => (settled(el, principal) ? decide(el, principal) : tryFrom(i + 1)),
            (err: unknown) => {
              backendFailed(request, el, err);
              tryFrom(i + 1);
            },
          );
          return;
        }
        if (settled(el, outcome)) return decide(el, outcome);
      }
      deny401(reply, rejected);
    };

    /** Whether `outcome` is a usable principal; anything else fails the element (and is logged why). */
    const settled = (el: PreparedElement, outcome: Principal | undefined): outcome is Principal => {
      if (outcome === undefined) {
        request.log.debug(`pointe auth: ${el.label}: credential not accepted`);
        return false;
      }
      if (!isPrincipal(outcome)) {
        request.log.warn(`pointe auth: ${el.label}: the mechanism returned a principal without a scopes array; element failed`);
        return false;
      }
      return true;
    };

    const decide = (el: PreparedElement, principal: Principal): void => {
      if (!hasScopes(principal.scopes, el.scopes)) {
        request.log.debug(`pointe auth: ${el.label} authenticated the caller but the required scopes are missing`);
        deny403(reply, el.forbiddenChallenge);
        return;
      }
      request.pointeAuth = principal;
      if (el.memoTtlMs !== undefined && socket !== null && typeof header === 'string') {
        socket[kMemo] = { hook: pointeAuth, header, principal, expiresAt: memoExpiry(principal, el.memoTtlMs) };
      }
      done();
    };

    tryFrom(0);
  };
  return pointeAuth;
}

/**
 * A principal the chain can authorize: an object with a `scopes` array of strings. A plug-in
 * that forgets `scopes` must not pass a scoped element (nor crash `hasScopes`).
 */
export function isPrincipal(value: unknown): value is Principal {
  if (typeof value !== 'object' || value === null) return false;
  const { scopes } = value as { scopes?: unknown };
  return Array.isArray(scopes) && scopes.every((s) => typeof s === 'string');
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
export function deny401(reply: FastifyReply, challenges: readonly string[]): void {
  reply.code(401).header('content-type', 'text/plain');
  if (challenges.length > 0) reply.header('www-authenticate', challenges.length === 1 ? challenges[0] : challenges);
  void reply.send('');
}

export function deny403(reply: FastifyReply, challenge: string | undefined): void {
  reply.code(403).header('content-type', 'text/plain');
  if (challenge !== undefined) reply.header('www-authenticate', challenge);
  void reply.send('');
}
