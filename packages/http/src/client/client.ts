/**
 * The HTTP client (Ballerina's `http:Client`), on undici.
 *
 * Everything that can be decided from the config is decided in the constructor (SEMANTICS.md
 * "Decide at start-up"): the URL, the TLS material, the auth handler and the connection pool.
 * A call then only encodes its body, asks the handler for credentials, sends, and reads the
 * response, all within `timeout`.
 */
import { Agent, type Dispatcher } from 'undici';
import { ClientError, ClientErrorCodes } from '../errors.js';
import { retryAfterUnauthorized, securityHeaders, type ClientAuthHandler } from './auth-handler.js';
import { checkClientSettings, parseClientUrl } from './check-configuration.js';
import type { ClientConfiguration } from './config.js';
import { encodeRequestBody, type EncodedBody, type RequestBody } from './request-body.js';
import { requestFailure } from './request-failure.js';
import { resolveClientAuth } from './classify-auth.js';
import { Response } from './response.js';
import { clientTlsOptions } from './secure-socket.js';

/** Options of one call. */
export interface RequestOptions {
  /**
   * Headers of this request. They override `customHeaders` and the body's content type;
   * the `authorization` header of the configured `auth` overrides them.
   */
  headers?: Record<string, string>;
}

/** One prepared call: what the first attempt and the retry after a 401 both send. */
interface PreparedCall {
  method: string;
  /** The path (with query) sent on the request line. */
  path: string;
  headers: Record<string, string>;
  body: EncodedBody;
  /** `GET https://host/path`, for error messages: no query, no headers. */
  label: string;
}

/** Sends requests to one HTTP(S) endpoint. */
export class Client {
  readonly #origin: string;
  readonly #basePath: string;
  readonly #timeoutSeconds: number;
  readonly #customHeaders: Record<string, string>;
  readonly #auth: ClientAuthHandler | undefined;
  /** The handler built here from an auth record (closed with the client); a handler passed in is the caller's. */
  readonly #ownedAuth: { close?(): Promise<void> } | undefined;
  readonly #agent: Agent;
  #closing: Promise<void> | undefined;

  /**
   * @param url The endpoint, `https://host:port` and optionally a base path that every
   *   request path is appended to.
   * @throws ClientError at once, without touching the network, for a config that cannot
   *   work: a URL that is not http(s), an `auth` that is ambiguous or incomplete, a
   *   certificate or key file that cannot be read.
   */
  constructor(url: string, config: ClientConfiguration = {}) {
    const target = parseClientUrl(url);
    const settings = checkClientSettings(config, target);
    const tls = clientTlsOptions(config.secureSocket);
    this.#auth = config.auth === undefined ? undefined : resolveClientAuth(config.auth);
    this.#ownedAuth = this.#auth === config.auth ? undefined : (this.#auth as { close?(): Promise<void> } | undefined);
    this.#origin = target.origin;
    this.#basePath = target.basePath;
    this.#timeoutSeconds = settings.timeoutSeconds;
    this.#customHeaders = settings.customHeaders;
    const timeoutMs = Math.ceil(settings.timeoutSeconds * 1000);
    this.#agent = new Agent({
      connect: { ...tls, timeout: timeoutMs },
      allowH2: settings.httpVersion === '2',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      maxResponseSize: settings.maxResponseSize,
    });
  }

  /** Sends a `GET` request. */
  get(path: string, options?: RequestOptions): Promise<Response> {
    return this.execute('GET', path, undefined, options);
  }

  /** Sends a `POST` request with `body` (see `RequestBody` for how it is encoded). */
  post(path: string, body?: RequestBody, options?: RequestOptions): Promise<Response> {
    return this.execute('POST', path, body, options);
  }

  /** Sends a `PUT` request with `body`. */
  put(path: string, body?: RequestBody, options?: RequestOptions): Promise<Response> {
    return this.execute('PUT', path, body, options);
  }

  /** Sends a `PATCH` request with `body`. */
  patch(path: string, body?: RequestBody, options?: RequestOptions): Promise<Response> {
    return this.execute('PATCH', path, body, options);
  }

  /** Sends a `DELETE` request, with `body` if given. */
  delete(path: string, body?: RequestBody, options?: RequestOptions): Promise<Response> {
    return this.execute('DELETE', path, body, options);
  }

  /** Sends a `HEAD` request; the response has no body. */
  head(path: string, options?: RequestOptions): Promise<Response> {
    return this.execute('HEAD', path, undefined, options);
  }

  /** Sends an `OPTIONS` request. */
  options(path: string, options?: RequestOptions): Promise<Response> {
    return this.execute('OPTIONS', path, undefined, options);
  }

  /**
   * Sends a request with any method. Resolves with the response whatever its status;
   * rejects with a `ClientAuthError` when no credentials could be produced (nothing is
   * sent then), and with a `ClientError` when the exchange fails or takes longer than
   * `timeout`.
   *
   * When the server answers 401 and the auth handler says fresh credentials may help
   * (`onUnauthorized()` → `true`), the request is sent once more, never twice: a server that
   * keeps refusing gets two requests, not a loop. A streamed body cannot be sent again,
   * so such a request is not retried.
   */
  async execute(method: string, path: string, body?: RequestBody, options: RequestOptions = {}): Promise<Response> {
    const call = this.#prepare(method, path, body, options);
    const credentials = await this.#credentials();
    const response = await this.#send(call, credentials);
    if (response.statusCode === 401 && this.#auth !== undefined && call.body.replayable) {
      if (await retryAfterUnauthorized(this.#auth, credentials)) return this.#send(call, await this.#credentials());
    }
    return response;
  }

  /**
   * Closes the connections once the requests in flight are done (and those of an OAuth2
   * grant's token endpoint, when the handler was built from a record); later calls reject.
   */
  close(): Promise<void> {
    this.#closing ??= Promise.all([this.#agent.close(), this.#ownedAuth?.close?.()]).then(() => undefined);
    return this.#closing;
  }

  #prepare(method: string, path: string, body: RequestBody | undefined, options: RequestOptions): PreparedCall {
    const fullPath = requestPath(this.#basePath, path);
    const label = `${method} ${this.#origin}${fullPath.replace(/\?.*$/s, '')}`;
    if (this.#closing !== undefined) {
      throw new ClientError(ClientErrorCodes.REQUEST_FAILED, `${label} failed: the client is closed`);
    }
    const encoded = encodeRequestBody(body);
    const headers: Record<string, string> = {};
    if (encoded.contentType !== undefined) headers['content-type'] = encoded.contentType;
    Object.assign(headers, this.#customHeaders);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return { method, path: fullPath, headers, body: encoded, label };
  }

  /** The auth handler's headers for one attempt (none without a handler). */
  async #credentials(): Promise<Record<string, string>> {
    return this.#auth === undefined ? {} : securityHeaders(this.#auth);
  }

  async #send(call: PreparedCall, credentials: Record<string, string>): Promise<Response> {
    const signal = AbortSignal.timeout(Math.ceil(this.#timeoutSeconds * 1000));
    try {
      const response = await this.#agent.request({
        origin: this.#origin,
        path: call.path,
        method: call.method as Dispatcher.HttpMethod,
        headers: { ...call.headers, ...credentials },
        body: call.body.payload,
        signal,
      });
      const payload = new Uint8Array(await response.body.arrayBuffer());
      return new Response(response.statusCode, responseHeaders(response.headers), payload, call.label);
    } catch (err) {
      throw requestFailure(err, call.label, this.#timeoutSeconds, signal.aborted);
    }
  }
}

/**
 * The path sent on the request line: `path` appended to the client URL's path
 * (`/api` + `foo/bar` → `/api/foo/bar`, `/api` + `?q=1` → `/api?q=1`), without a fragment
 * (fragments are never sent, RFC 9110 §7.1).
 */
function requestPath(basePath: string, path: string): string {
  if (typeof path !== 'string') {
    throw new ClientError(ClientErrorCodes.INVALID_URL, `the request path must be a string, got ${typeof path}`);
  }
  const relative = path.replace(/#.*$/s, '');
  const joined = relative === '' || relative.startsWith('/') || relative.startsWith('?') ? basePath + relative : `${basePath}/${relative}`;
  return joined === '' || joined.startsWith('?') ? `/${joined}` : joined;
}

function responseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}
