/**
 * The per-request path (ARCHITECTURE "The request path"): parse the `Authorization` header,
 * try the elements whose scheme fits, in order; the first that authenticates and authorizes
 * lets the resource run, one that authenticates but lacks the scopes ends with 403, and when
 * none is left the answer is 401 with the route's challenges. Runs as the route's Fastify
 * `onRequest` hook, before any body is read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthProvider, AuthScheme } from './auth-provider.js';
import { buildChallenges, insufficientScope, type Challenges } from './challenge.js';
import { parseAuthorization, type Credential } from './credential.js';
import { hasScopes, type RequiredScopes } from './scopes.js';
import type { Principal } from './types.js';

/** One element of a route's chain: a shared provider plus this element's scopes. */
export interface ChainElement {
  readonly provider: AuthProvider;
  readonly scopes: RequiredScopes | undefined;
  /** `auth[i]` of the annotation, for the debug log. */
  readonly label: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The principal the auth chain accepted; `undefined` on public resources. */
    pointeAuth: Principal | undefined;
  }
}

export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Builds the `onRequest` hook of one route from its elements (at `attach()`). */
export function buildAuthHook(elements: readonly ChainElement[]): AuthHook {
  const byScheme: Record<AuthScheme, ChainElement[]> = { basic: [], bearer: [] };
  for (const el of elements) byScheme[el.provider.scheme].push(el);
  const schemes = new Set(elements.map((el) => el.provider.scheme));
  const challenges = buildChallenges(schemes);

  return async function pointeAuth(request, reply) {
    const parsed = parseAuthorization(request.headers.authorization);
    const credential = parsed.credential;
    if (credential === undefined) {
      request.log.debug({ reason: parsed.problem }, 'pointe auth: no usable credential');
      return deny401(reply, parsed.scheme === 'bearer' && schemes.has('bearer') ? challenges.invalidToken : challenges.plain);
    }
    for (const el of byScheme[credential.scheme]) {
      const principal = await tryElement(el, credential, request);
      if (principal === undefined) continue;
      if (!hasScopes(principal.scopes, el.scopes)) {
        request.log.debug(`pointe auth: ${el.label} authenticated the caller but the required scopes are missing`);
        return deny403(reply, credential.scheme === 'bearer' ? insufficientScope(el.scopes) : undefined);
      }
      request.pointeAuth = principal;
      return;
    }
    return deny401(reply, credential.scheme === 'bearer' ? challenges.invalidToken : challenges.plain);
  };
}

async function tryElement(el: ChainElement, credential: Credential, request: FastifyRequest): Promise<Principal | undefined> {
  const log = { debug: (message: string) => request.log.debug(`pointe auth: ${el.label}: ${message}`) };
  try {
    const principal = await el.provider.authenticate(credential, log);
    if (principal === undefined) log.debug('credential not accepted');
    return principal;
  } catch (err) {
    // A backend that fails is a failed element, never a 500 and never a pass (SEMANTICS "Reading the credential").
    request.log.warn({ code: (err as { code?: unknown }).code }, `pointe auth: ${el.label}: backend error, element skipped`);
    return undefined;
  }
}

/** A 401 whose `WWW-Authenticate` lists the route's challenges; an empty body, as in the seed. */
export function deny401(reply: FastifyReply, challenges: readonly string[]): FastifyReply {
  reply.code(401).header('content-type', 'text/plain');
  if (challenges.length > 0) reply.header('www-authenticate', challenges.length === 1 ? challenges[0] : challenges);
  return reply.send('');
}

export function deny403(reply: FastifyReply, challenge: string | undefined): FastifyReply {
  reply.code(403).header('content-type', 'text/plain');
  if (challenge !== undefined) reply.header('www-authenticate', challenge);
  return reply.send('');
}

export type { Challenges };
