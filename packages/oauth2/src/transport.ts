/**
 * The one HTTP client of `@pointe/oauth2`: a form-encoded POST (RFC 6749 §4, RFC 7662 §2.1)
 * to a token or introspection endpoint, on undici's `Dispatcher.request` (see README
 * "Wire protocol" for why not oauth4webapi).
 *
 * Built once per `clientConfig`, at construction: one undici `Agent` with the TLS options
 * of `secureSocket` (read by `clientTlsOptions`, the one TLS reader), HTTP/2 by ALPN when
 * `httpVersion` is `'2'`. Every request has one deadline (`timeout`) covering connect,
 * headers and body; the body is capped (`MAX_RESPONSE_BYTES`); redirects are not followed
 * (a 3xx is a non-2xx answer: following one could send the client secret elsewhere).
 * `close()` aborts what is in flight and releases the connections.
 */
import { describeError } from '@pointe/common';
import { clientTlsOptions } from '@pointe/crypto';
import { Agent, errors as undiciErrors } from 'undici';
import type { ClientSettings } from './check-config.js';
import { OAuth2ConfigError, OAuth2ErrorCode, OAuth2ServerError } from './errors.js';

/** An answer larger than this is refused: token and introspection responses are a few kilobytes. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** A complete answer: any status (the caller decides what a non-2xx means). */
export interface FormResponse {
  status: number;
  text: string;
}

export interface FormTransport {
  /**
   * POSTs `form`, with the config's `customPayload` appended and `customHeaders` added
   * (then `headers`). Rejects with an `OAuth2ServerError` (`UNREACHABLE`, `TIMEOUT`,
   * `BAD_RESPONSE` for an oversized body, `CLOSED`); never with the form's content.
   */
  post(url: URL, form: URLSearchParams, headers?: Record<string, string>): Promise<FormResponse>;
  /** Aborts requests in flight and closes the connections. Idempotent. */
  close(): Promise<void>;
}

export function createTransport(settings: ClientSettings): FormTransport {
  let tls;
  try {
    tls = clientTlsOptions(settings.secureSocket, `${settings.field}.secureSocket`);
  } catch (error) {
    throw new OAuth2ConfigError(OAuth2ErrorCode.CONFIG, describeError(error), { cause: error });
  }
  const { timeoutMs } = settings;
  const agent = new Agent({
    connect: { ...tls, timeout: timeoutMs },
    allowH2: settings.httpVersion === '2',
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: MAX_RESPONSE_BYTES,
  });
  let isClosed = false;
  const baseHeaders = Object.fromEntries(settings.headers);

  return {
    async post(url, form, headers = {}) {
      if (isClosed) throw closed(url);
      for (const [name, value] of settings.payload) form.append(name, value);
      // close() destroys the agent, which fails what is in flight; no per-request link to
      // signal is needed (AbortSignal.any on a long-lived signal keeps its dependents around).
      const deadline = AbortSignal.timeout(timeoutMs);
      try {
        const response = await agent.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: {
            ...baseHeaders,
            ...headers,
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
            accept: 'application/json',
          },
          body: form.toString(),
          signal: deadline,
        });
        const text = await readCapped(response.body, url);
        return { status: response.statusCode, text };
      } catch (error) {
        if (error instanceof OAuth2ServerError) throw error;
        if (isClosed) throw closed(url, error);
        if (deadline.aborted || isTimeout(error)) {
          throw new OAuth2ServerError(OAuth2ErrorCode.TIMEOUT, `${shown(url)}: no complete answer within ${timeoutMs / 1000} s (${settings.field}.timeout)`, { cause: error });
        }
        if (error instanceof undiciErrors.ResponseExceededMaxSizeError) throw tooLarge(url, error);
        throw new OAuth2ServerError(OAuth2ErrorCode.UNREACHABLE, `${shown(url)}: the request failed (${describeError(error)}${causeCode(error)})`, { cause: error });
      }
    },
    async close() {
      isClosed = true;
      await agent.destroy().catch(() => undefined);
    },
  };
}

/** The URL without userinfo, query or fragment: what a message may show. */
export function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, url: URL): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw tooLarge(url);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(url: URL, cause?: unknown): OAuth2ServerError {
  return new OAuth2ServerError(OAuth2ErrorCode.BAD_RESPONSE, `${shown(url)}: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`, cause === undefined ? {} : { cause });
}

function closed(url: URL, cause?: unknown): OAuth2ServerError {
  return new OAuth2ServerError(OAuth2ErrorCode.CLOSED, `${shown(url)}: the client was closed`, cause === undefined ? {} : { cause });
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  );
}

/** `ECONNREFUSED` and the like, which undici keeps on the cause. */
function causeCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  return typeof code === 'string' ? `, ${code}` : '';
}
