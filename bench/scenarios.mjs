// The benchmark's scenarios, one row each. A row names:
// - `server`: the key of the server in server.mjs (one child process per measured row);
// - `headers`: the request headers autocannon sends (built from the run's credentials);
// - `expect`: the status every answer must have (default 200; rejection rows 401 or 403);
// - `baseline`: the row its ratio is taken against, bare Fastify receiving the same bytes;
// - `versus`: the peer (or peers) a user would pick instead, for the second ratio;
// - `target` (optional): issue 10's ratio target of the row (unprotected 0.95, every cache-warm
//   mechanism 0.90 with the memo and 0.85 without), which the generated table checks; such rows
//   are measured in TARGET_ROUNDS rounds (run.mjs), not ROUNDS;
// - `control` (optional): bare Fastify paired with another bare Fastify, an A/A pair whose
//   ratio shows the method's own noise in the same run;
// - `setup` (optional): `async (ctx) => ({ env, stop })`, starting a backend (an
//   authorization server, slapd) before the server; `env` goes to the server process,
//   `stop()` runs after the row is measured.
// LDAP rows start their own slapd (bench/slapd.mjs: the test suite's, @pointe/slapd);
// introspection rows their own STS (bench/sts.mjs: @pointe/dev-sts), whose token is the row's
// header (`setup` may return `headers`, replacing the row's).
// Every row is measured twice: `-c 100` and `-c 100 -p 10` (MODES in run.mjs).

import { LDAP_BASIC_HEADER } from './fixtures.mjs';
import { startBenchSlapd } from './slapd.mjs';
import { introspectionRecord, startBenchSts } from './sts.mjs';

/**
 * A row's `setup`: a private slapd, and the seed's `ldapUserStoreConfig` pointed at it (with
 * `overrides`) in `POINTE_BENCH_LDAP` for server.mjs.
 */
const ldapBackend = (overrides) => async ({ configDir }) => {
  const { slapd, support } = await startBenchSlapd(configDir);
  return { env: { POINTE_BENCH_LDAP: JSON.stringify(support.ldapStoreConfig(slapd.url, overrides)) }, stop: () => slapd.close() };
};
/**
 * A row's `setup`: a private STS, the seed's `oauth2IntrospectionConfig` pointed at it (with
 * `overrides`, e.g. a `cacheConfig`) in `POINTE_BENCH_INTROSPECTION` for server.mjs, and a token
 * with the scope hello as the row's header.
 */
const introspectionBackend = (overrides) => async () => {
  const { sts, token } = await startBenchSts();
  return {
    env: { POINTE_BENCH_INTROSPECTION: JSON.stringify(introspectionRecord(sts, overrides)) },
    headers: { authorization: `Bearer ${token}` },
    stop: () => sts.stop(),
  };
};
const introspectionCached = introspectionBackend({ cacheConfig: { capacity: 1000 } });
const introspectionUncached = introspectionBackend({});

const ldapUser = { authorization: LDAP_BASIC_HEADER };
const ldapWrongPassword = { authorization: `Basic ${Buffer.from('alice:not-her-password').toString('base64')}` };

/** @param {{ basicHeader: string, bearerHeader: string, badSignatureHeader: string, wrongScopeHeader: string }} creds */
export function scenarios(creds) {
  const basic = { authorization: creds.basicHeader };
  const bearer = { authorization: creds.bearerHeader };
  return [
    // Baselines.
    { id: 'node-http', server: 'node-http', label: 'bare node:http', headers: {}, baseline: 'bare' },
    { id: 'bare', server: 'fastify-bare', label: 'bare Fastify route', headers: {} },
    { id: 'control', control: true, server: 'fastify-bare', label: 'control: bare Fastify paired with another bare Fastify (A/A)', headers: {}, baseline: 'bare' },
    { id: 'public', target: 0.95, server: 'pointe-public', label: 'Pointe, unprotected resource', headers: {}, baseline: 'bare' },

    // Basic, file store.
    { id: 'basic-plain', target: 0.90, server: 'pointe-basic-plain', label: 'Pointe, Basic (file store, plain password)', headers: basic, baseline: 'bare' },
    { id: 'basic-plain-nomemo', target: 0.85, server: 'pointe-basic-plain-nomemo', label: 'Pointe, Basic (file store, plain password), authMemo: false', headers: basic, baseline: 'bare' },
    { id: 'basic-argon2id', target: 0.90, server: 'pointe-basic-argon2id', label: 'Pointe, Basic (file store, argon2id, cache warm)', headers: basic, baseline: 'bare', versus: 'fastify-basic-auth' },
    { id: 'basic-argon2id-nomemo', target: 0.85, server: 'pointe-basic-argon2id-nomemo', label: 'Pointe, Basic (argon2id, cache warm), authMemo: false', headers: basic, baseline: 'bare', versus: 'fastify-basic-auth' },
    { id: 'fastify-basic-auth', server: 'fastify-basic-auth', label: 'Fastify + @fastify/basic-auth, argon2id (@node-rs/argon2, no cache)', headers: basic, baseline: 'bare' },

    // JWT RS256.
    { id: 'bare-bearer', server: 'fastify-bare', label: 'bare Fastify route, request carrying the Bearer token', headers: bearer },
    { id: 'jwt-cached', target: 0.90, server: 'pointe-jwt-cached', label: 'Pointe, JWT RS256 (cache warm)', headers: bearer, baseline: 'bare-bearer', versus: 'fastify-jwt-cache' },
    { id: 'jwt-cached-nomemo', target: 0.85, server: 'pointe-jwt-cached-nomemo', label: 'Pointe, JWT RS256 (cache warm), authMemo: false', headers: bearer, baseline: 'bare-bearer', versus: 'fastify-jwt-cache' },
    { id: 'jwt-uncached', server: 'pointe-jwt-uncached', label: 'Pointe, JWT RS256 without cache', headers: bearer, baseline: 'bare-bearer', versus: ['fastify-jwt', 'nest-passport-jwt', 'hono-jwt'] },
    { id: 'fastify-jwt', server: 'fastify-jwt', label: 'Fastify + @fastify/jwt, RS256, cache off', headers: bearer, baseline: 'bare-bearer' },
    { id: 'fastify-jwt-cache', server: 'fastify-jwt-cache', label: 'Fastify + @fastify/jwt, RS256, cache on', headers: bearer, baseline: 'bare-bearer' },
    { id: 'nest-passport-jwt', server: 'nest-passport-jwt', label: 'NestJS (Fastify) + @nestjs/passport + passport-jwt, RS256', headers: bearer, baseline: 'bare-bearer' },
    { id: 'hono-jwt', server: 'hono-jwt', label: 'Hono + hono/jwt on @hono/node-server, RS256', headers: bearer, baseline: 'bare-bearer' },

    // Rejection paths: req/s of the 401/403 answers.
    { id: 'reject-no-header', server: 'pointe-jwt-cached', label: 'Pointe, JWT resource, no Authorization header → 401', headers: {}, expect: 401, baseline: 'bare' },
    { id: 'reject-bad-signature', server: 'pointe-jwt-cached', label: 'Pointe, JWT with a bad signature → 401', headers: { authorization: creds.badSignatureHeader }, expect: 401, baseline: 'bare-bearer' },
    { id: 'reject-wrong-scope', server: 'pointe-jwt-cached', label: 'Pointe, valid JWT, wrong scope → 403', headers: { authorization: creds.wrongScopeHeader }, expect: 403, baseline: 'bare-bearer' },

    // LDAP (slapd on loopback). Warm: bind and role caches hit, the store answers without a
    // round trip (and the memo, when on, without asking the store). Uncached: each request
    // makes its round trips through the verification queue; p50 and p99 are the figures.
    { id: 'ldap-warm', target: 0.90, server: 'pointe-ldap', label: 'Pointe, Basic (LDAP, bind and role caches warm)', headers: ldapUser, baseline: 'bare', setup: ldapBackend({ userRolesCacheEnabled: true }) },
    { id: 'ldap-warm-nomemo', target: 0.85, server: 'pointe-ldap-nomemo', label: 'Pointe, Basic (LDAP, caches warm), authMemo: false', headers: ldapUser, baseline: 'bare', setup: ldapBackend({ userRolesCacheEnabled: true }) },
    { id: 'ldap-uncached-groups', server: 'pointe-ldap-nomemo', label: 'Pointe, Basic (LDAP, bind cached, role cache off: a group search per request)', headers: ldapUser, baseline: 'bare', setup: ldapBackend({ userRolesCacheEnabled: false }) },
    { id: 'ldap-uncached-reject', server: 'pointe-ldap-nomemo', label: 'Pointe, Basic (LDAP, wrong password: a search and a bind per request) → 401', headers: ldapWrongPassword, expect: 401, baseline: 'bare', setup: ldapBackend({ userRolesCacheEnabled: false }) },

    // OAuth2 introspection (oidc-provider on loopback). Warm: the response cache hits (and the
    // memo, when on, answers without asking the validator). Uncached: no cacheConfig, no memo,
    // so every request is an introspection request through the verification queue.
    { id: 'introspection-warm', target: 0.90, server: 'pointe-introspection', label: 'Pointe, OAuth2 introspection (cache warm)', headers: bearer, baseline: 'bare-bearer', setup: introspectionCached },
    { id: 'introspection-warm-nomemo', target: 0.85, server: 'pointe-introspection-nomemo', label: 'Pointe, OAuth2 introspection (cache warm), authMemo: false', headers: bearer, baseline: 'bare-bearer', setup: introspectionCached },
    { id: 'introspection-uncached', server: 'pointe-introspection-nomemo', label: 'Pointe, OAuth2 introspection uncached (no cache, no memo: concurrent checks of the one token share a request to the AS)', headers: bearer, baseline: 'bare-bearer', setup: introspectionUncached },
  ];
}
