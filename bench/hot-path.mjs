// Micro-benchmarks of the per-request auth path, in process (issue 10 item 2):
// `node bench/hot-path.mjs [--quick] [--only name,name]` after `pnpm build` (it runs the built
// dist/ of each package, the code a user gets). Each case runs `ROUNDS` rounds of `N` calls and
// reports the median ns/op; medians of several rounds, so another engineer's tests on the other
// core move the spread, not the figure. `--cpu-prof` on the node command line profiles it.
//
// The references are what the hardware allows: `crypto.verify` of the same token with a
// KeyObject (the floor of an uncached RS256 check), a SHA-256 of the token plus one Map lookup
// (what the cache hit did before), one Map lookup keyed by the token string.
import { createHash, sign, verify, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// POINTE_ROOT: another checkout's built packages (the same script against the code before a change).
const root = new URL(`${process.env.POINTE_ROOT ?? new URL('..', import.meta.url).pathname}/packages/`, 'file:///');
const load = (path) => import(new URL(path, root).href);
const { JwtValidator } = await load('jwt/dist/index.js');
const { FileUserStore, hashPassword } = await load('auth/dist/index.js');
const { buildAuthHook } = await load('http/dist/listener/auth-hook.js');
const { parseAuthorization } = await load('http/dist/listener/authorization-header.js');
const { jwtProvider } = await load('http/dist/listener/mechanisms/jwt.js');
const { fileUserStoreMechanism } = await load('http/dist/listener/mechanisms/file-user-store.js');
const { verifyJwsSignature } = await load('jwt/dist/jws-signature.js');
const { decodeCompactJws } = await load('jwt/dist/compact-jws.js');

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1].split(',')) : undefined;
const ROUNDS = QUICK ? 5 : 11;
const TARGET_MS = QUICK ? 40 : 120; // per round

// The bench's RS256 key and certificate, and the seed's token (iss wso2, aud ballerina, scp hello).
const dir = mkdtempSync(join(tmpdir(), 'pointe-hot-path-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'jwt.key'), '-out', join(dir, 'jwt.crt'),
  '-days', '1', '-subj', '/CN=pointe-hot-path'], { stdio: 'ignore' });
const privateKey = readFileSync(join(dir, 'jwt.key'));
const publicKey = new X509Certificate(readFileSync(join(dir, 'jwt.crt'))).publicKey;
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const mint = (claims) => {
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: 'wso2', iss: 'wso2', aud: 'ballerina', iat: now, exp: now + 3600, jti: crypto.randomUUID(), ...claims })}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
};
const token = mint({ scp: 'hello' });
const sigAt = token.lastIndexOf('.') + 20;
const badSignature = token.slice(0, sigAt) + (token[sigAt] === 'A' ? 'B' : 'A') + token.slice(sigAt + 1);
const signingInput = Buffer.from(token.slice(0, token.lastIndexOf('.')));
const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
const signingInputText = token.slice(0, token.lastIndexOf('.'));
const headerMemo = { last: undefined };
const publicPem = publicKey.export({ type: 'spki', format: 'pem' });

const jwtConfig = (cache) => ({
  issuer: 'wso2', audience: 'ballerina', scopeKey: 'scp',
  signatureConfig: { certFile: join(dir, 'jwt.crt') },
  ...(cache ? { cacheConfig: { capacity: 1000 } } : {}),
});
const cached = new JwtValidator(jwtConfig(true));
const uncached = new JwtValidator(jwtConfig(false));
cached.validateMaybeSync(token);

writeFileSync(join(dir, 'users.toml'), '[[auth.users]]\nusername="alex"\npassword="password4"\nscopes=["hello"]\n');
const basicHeader = `Basic ${Buffer.from('alex:password4').toString('base64')}`;
const store = FileUserStore.load({ path: join(dir, 'users.toml') });
// A hashed user: its first check verifies argon2id (below), every later one is a cache hit.
writeFileSync(join(dir, 'argon2id.toml'), `[[auth.users]]\nusername="alex"\npassword="${await hashPassword('password4', { algorithm: 'argon2id' })}"\nscopes=["hello"]\n`);

// The route hook with a fake request and reply: what Fastify hands it, no more. `authMemo: false`
// (every request runs the chain: behind a proxy, or the first request of a connection).
const silentLog = { level: 'info', debug() {}, info() {}, warn() {}, error() {}, trace() {}, fatal() {}, child() { return silentLog; } };
const scopes = { scopes: ['hello'], matchAll: false };
const jwtHook = (validator) => buildAuthHook([{ provider: jwtProvider(validator, 300_000), scopes, label: 'auth[0] (jwtValidatorConfig)' }], { memo: false });
const cachedHook = jwtHook(cached);
const uncachedHook = jwtHook(uncached);
const basicHook = buildAuthHook([{ provider: fileUserStoreMechanism.create({ path: join(dir, 'users.toml') }), scopes, label: 'auth[0] (fileUserStoreConfig)' }], { memo: false });
const socket = Object.assign(new EventEmitter(), { destroyed: false });
const requestWith = (authorization) => ({
  headers: { authorization, host: '127.0.0.1' },
  raw: { rawHeaders: ['Host', '127.0.0.1', 'Authorization', authorization, 'Accept', '*/*'], socket, headers: {} },
  log: silentLog, ip: '127.0.0.1', pointeAuth: undefined,
});
const reply = { statusCode: 200, code(s) { this.statusCode = s; return this; }, header() { return this; }, send() { return this; } };
let settled = 0;
const done = () => { settled++; };
const runHook = (hook, request) => { reply.statusCode = 200; hook(request, reply, done); return reply.statusCode; };
const bearerRequest = requestWith(`Bearer ${token}`);
const badRequest = requestWith(`Bearer ${badSignature}`);
const basicRequest = requestWith(basicHeader);
const argon2Hook = buildAuthHook([{ provider: fileUserStoreMechanism.create({ path: join(dir, 'argon2id.toml') }), scopes, label: 'auth[0] (fileUserStoreConfig)' }], { memo: false });
// Warm the store's cache: the first request verifies the hash (a promise), the hook settles when it does.
await new Promise((resolve) => argon2Hook(basicRequest, reply, resolve));

const tokenMap = new Map([[token, {}]]);
const digestMap = new Map([[createHash('sha256').update(token).digest('base64url'), {}]]);
const expect = (name, ok) => { if (!ok) throw new Error(`${name}: the case does not do what it claims`); };

/** name → [what, fn]; each fn does one operation and returns something, so nothing is optimised away. */
const cases = {
  'ref: sha256(token) + map': ['the cache key before: SHA-256 of the token, one Map lookup', () => digestMap.get(createHash('sha256').update(token).digest('base64url'))],
  'ref: map by token': ['one Map lookup keyed by a fresh slice of the header (hashed per call, as per request)', () => tokenMap.get(bearerRequest.headers.authorization.slice(7))],
  'ref: crypto.verify KeyObject': ['crypto.verify(sha256, input, KeyObject, sig): the RS256 floor', () => verify('sha256', signingInput, publicKey, signature)],
  'ref: crypto.verify PEM': ['the same with the key as PEM (parsed per call)', () => verify('sha256', signingInput, publicPem, signature)],
  'verifyJwsSignature': ['jws-signature.ts alone: RS256 of the same input and key', () => verifyJwsSignature('RS256', publicKey, signingInputText, signature)],
  'decodeCompactJws': ['compact-jws.ts alone: shape, canonical base64url, header (memoised), signature decoded', () => decodeCompactJws(token, headerMemo)],
  parseAuthorization: ['parseAuthorization of the Bearer header', () => parseAuthorization(bearerRequest.headers.authorization)],
  'jwt cached': ['JwtValidator.validateMaybeSync, cache hit (the token a fresh string, as per request)', () => cached.validateMaybeSync(bearerRequest.headers.authorization.slice(7))],
  'jwt uncached': ['JwtValidator.validateMaybeSync, no cache (RS256)', () => uncached.validateMaybeSync(token)],
  'jwt bad signature': ['validateMaybeSync of a token whose signature is wrong (throws)', () => { try { return uncached.validateMaybeSync(badSignature); } catch (e) { return e; } }],
  'file store cached': ['FileUserStore.check of a plain-text user', () => store.check('alex', 'password4')],
  'hook jwt cached': ['route hook, Bearer, cache hit, no memo', () => runHook(cachedHook, bearerRequest)],
  'hook jwt uncached': ['route hook, Bearer, RS256, no cache', () => runHook(uncachedHook, bearerRequest)],
  'hook jwt bad signature': ['route hook, Bearer with a bad signature → 401', () => runHook(uncachedHook, badRequest)],
  'hook basic plain': ['route hook, Basic, plain-text user, no memo', () => runHook(basicHook, basicRequest)],
  'hook basic argon2id cached': ['route hook, Basic, argon2id user verified before (cache hit), no memo', () => runHook(argon2Hook, basicRequest)],
};
expect("hook jwt cached", runHook(cachedHook, bearerRequest) === 200 && settled === 1);
expect('hook jwt uncached', runHook(uncachedHook, bearerRequest) === 200 && settled === 2);
expect('hook jwt bad signature', runHook(uncachedHook, badRequest) === 401);
expect('hook basic plain', runHook(basicHook, basicRequest) === 200);
expect('hook basic argon2id cached', runHook(argon2Hook, basicRequest) === 200 && basicRequest.pointeAuth?.username === 'alex');
expect('crypto.verify', verify('sha256', signingInput, publicPem, signature));

/** This process's CPU time (user + system) in ns: what another process on the machine does not add to. */
const cpuNs = () => { const { user, system } = process.cpuUsage(); return (user + system) * 1000; };

/** How many calls of `fn` fill one round. */
function calibrate(fn) {
  for (let n = 1; ; n *= 4) {
    const t0 = cpuNs();
    for (let i = 0; i < n; i++) fn();
    const ms = (cpuNs() - t0) / 1e6;
    if (ms > TARGET_MS / 4) return Math.max(1, Math.round((n * TARGET_MS) / ms));
  }
}

// The rounds are interleaved (round 1 of every case, then round 2...), so a burst of load from
// another process falls on all cases alike and the ratios between them hold.
const selected = Object.entries(cases).filter(([name]) => only === undefined || only.has(name));
const calls = selected.map(([, [, fn]]) => calibrate(fn));
const perOp = selected.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  selected.forEach(([, [, fn]], c) => {
    const n = calls[c];
    const t0 = cpuNs();
    for (let i = 0; i < n; i++) fn();
    perOp[c].push((cpuNs() - t0) / n);
  });
}
const results = {};
console.log(`node ${process.version}, ${ROUNDS} interleaved rounds of ~${TARGET_MS} ms per case, median CPU ns/op (min–max)`);
selected.forEach(([name, [what]], c) => {
  const sorted = perOp[c].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  results[name] = Math.round(median);
  console.log(`${name.padEnd(28)} ${String(Math.round(median)).padStart(8)} ns/op  (${Math.round(sorted[0])}–${Math.round(sorted.at(-1))})  ${what}`);
});
const ref = results['ref: crypto.verify KeyObject'];
if (ref !== undefined && results['jwt uncached'] !== undefined) {
  console.log(`uncached RS256 validation / crypto.verify: ${(results['jwt uncached'] / ref).toFixed(2)}` +
    (results['hook jwt uncached'] !== undefined ? `; whole hook / crypto.verify: ${(results['hook jwt uncached'] / ref).toFixed(2)}` : ''));
}
if (args.includes('--json')) console.log(JSON.stringify(results));
cached.close(); uncached.close();

