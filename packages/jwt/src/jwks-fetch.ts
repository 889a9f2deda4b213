/**
 * Fetching a JSON Web Key Set (RFC 7517 §5) and turning it into verification keys.
 *
 * The HTTP client is built once, from `jwksConfig.clientConfig`: an undici `Agent` trusting
 * `secureSocket.cert` (or not verifying at all with `disable: true`). undici's own `fetch`
 * is used with it rather than Node's global one, because Node 20 bundles undici 6 and a
 * dispatcher from another major version is not guaranteed to fit its fetch. Every fetch
 * has a timeout covering connect, headers and body, a size cap, and no redirect following
 * (as jose's remote JWKS): a JWKS endpoint that misbehaves makes tokens fail with
 * `JwksUnavailableError`, never hangs a request or crashes the process.
 */
import { isPlainObject, describeError } from '@pointe/common';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { clientTlsOptions } from '@pointe/crypto';
import { Agent, fetch, type Dispatcher } from 'undici';
import { ASYMMETRIC_ALGORITHMS, algorithmsForKey, type SigningAlgorithm } from './algorithms.js';
import { secureEndpointUrl, seconds } from './config-values.js';
import type { JwksClientConfig, JwksConfig } from './config.js';
import { JwksUnavailableError, configError } from './errors.js';

/** A verification key from the set: its `kid` (if any) and the algorithms it may verify. */
export interface JwksKey {
  readonly kid: string | undefined;
  readonly key: KeyObject;
  readonly algorithms: ReadonlySet<SigningAlgorithm>;
}

/** A JWKS response larger than this is refused: real sets are a few kilobytes. */
export const MAX_JWKS_BYTES = 512 * 1024;

const DEFAULT_TIMEOUT_S = 10;

/** The JWKS HTTP client: `fetchKeys()` reads the set, `close()` releases its connections. */
export interface JwksFetcher {
  fetchKeys(): Promise<JwksKey[]>;
  close(): Promise<void>;
}

export function createJwksFetcher(config: JwksConfig, field: string): JwksFetcher {
  const url = secureEndpointUrl(config.url, `${field}.url`);
  // The URL without userinfo, query or fragment: what error messages may show.
  const shown = `${url.origin}${url.pathname}`;
  const client = config.clientConfig ?? {};
  const timeoutMs = seconds(client.timeout, `${field}.clientConfig.timeout`, DEFAULT_TIMEOUT_S, true) * 1000;
  const dispatcher = buildDispatcher(client, `${field}.clientConfig.secureSocket`);

  const unavailable = (why: string, cause?: unknown) =>
    new JwksUnavailableError(`JWKS ${shown}: ${why}`, cause === undefined ? undefined : { cause });

  return {
    async fetchKeys() {
      const signal = AbortSignal.timeout(timeoutMs);
      let text: string;
      try {
        const response = await fetch(url, {
          method: 'GET',
          headers: { accept: 'application/jwk-set+json, application/json' },
          redirect: 'manual',
          signal,
          ...(dispatcher === undefined ? {} : { dispatcher }),
        });
        if (response.status !== 200) {
          await response.body?.cancel().catch(() => undefined);
          throw unavailable(`expected 200 OK, got ${response.status}`);
        }
        text = await readCapped(response.body, response.headers.get('content-length'), MAX_JWKS_BYTES);
      } catch (error) {
        if (error instanceof JwksUnavailableError) throw error;
        if (signal.aborted) throw unavailable(`no complete answer within ${timeoutMs / 1000} s`, error);
        throw unavailable(`cannot fetch (${describeError(error)}${causeOf(error)})`, error);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw unavailable('the response is not JSON', error);
      }
      if (!isPlainObject(body) || !Array.isArray(body.keys)) throw unavailable('the response is not a JWK Set (no "keys" array)');
      return body.keys.flatMap((jwk: unknown) => {
        const key = toVerificationKey(jwk);
        return key === undefined ? [] : [key];
      });
    },
    async close() {
      await dispatcher?.close();
    },
  };
}

/**
 * A JWK usable to verify signatures, or `undefined` to ignore it: keys for encryption
 * (`use` ≠ `sig`, `key_ops` without `verify`), symmetric keys (a public JWKS never has a
 * legitimate `oct` key, and accepting one would let HS tokens in), unknown `alg`s, short
 * RSA keys and anything Node cannot import are skipped, so one odd key does not break the set.
 */
export function toVerificationKey(jwk: unknown): JwksKey | undefined {
  if (!isPlainObject(jwk)) return undefined;
  const { kty, use, alg, kid } = jwk;
  const keyOps = jwk['key_ops'];
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') return undefined;
  if (use !== undefined && use !== 'sig') return undefined;
  if (keyOps !== undefined && !(Array.isArray(keyOps) && keyOps.includes('verify'))) return undefined;
  if (kid !== undefined && typeof kid !== 'string') return undefined;
  if (alg !== undefined && !(ASYMMETRIC_ALGORITHMS as readonly unknown[]).includes(alg)) return undefined;
  let key: KeyObject;
  try {
    // Only the public members: a set that wrongly publishes private parts still yields the public key.
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...publicJwk } = jwk;
    key = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
  const allowed = algorithmsForKey(key);
  if (typeof allowed === 'string') return undefined;
  if (alg !== undefined && !allowed.includes(alg as SigningAlgorithm)) return undefined;
  return { kid, key, algorithms: new Set(alg === undefined ? allowed : [alg as SigningAlgorithm]) };
}

function buildDispatcher(client: JwksClientConfig, field: string): Dispatcher | undefined {
  if (client.secureSocket === undefined) return undefined;
  try {
    return new Agent({ connect: clientTlsOptions(client.secureSocket, field) });
  } catch (error) {
    throw configError(field, describeError(error), error);
  }
}

/** The body as UTF-8 text, refusing more than `max` bytes whatever the server claims. */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  contentLength: string | null,
  max: number,
): Promise<string> {
  if (body === null) return '';
  if (contentLength !== null && Number(contentLength) > max) {
    await body.cancel().catch(() => undefined);
    throw new Error(`response larger than ${max} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`response larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** undici reports "fetch failed" with the reason (ECONNREFUSED, a TLS error) in `cause`. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? `: ${cause.message}` : '';
}
