/**
 * Server-level defences that sit below the routes (issue 12):
 *
 * - timeouts that bound slow clients (slowloris): a TLS handshake and the request headers must
 *   arrive within `headersTimeout`, an idle keep-alive connection is closed after
 *   `keepAliveTimeout`, a whole request after `timeout`; optionally at most `maxConnections`;
 * - a client-error handler that logs the error's code only, never Node's `rawPacket` (the bytes
 *   of a malformed request, which held Basic credentials and whole JWTs, also those of a valid
 *   request sharing the TCP packet);
 * - `Expect: 100-continue` decided after auth: Node's `checkContinue` event is taken over, the
 *   request goes through the route's hooks, and `100 Continue` is written only once the
 *   `onRequest` hooks (auth) let it through, in `preParsing`, before the body is read.
 */
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import { hookList } from './routes.js';

/** The defaults, in seconds (documented in the Listener's config and docs/semantics.md). */
export const DEFAULT_HEADERS_TIMEOUT_SECONDS = 10;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS = 5;
/** Seconds a client is told to wait (`Retry-After`) when the server is behind: the verification queue is full, or Node gave up on its pipeline. */
export const BUSY_RETRY_AFTER_SECONDS = 1;
/** How often Node checks connections against `headersTimeout` / `requestTimeout` (Node's default is 30 s). */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

const kExpectsContinue = Symbol('pointe.expectsContinue');
type MarkedRequest = IncomingMessage & { [kExpectsContinue]?: boolean };

/** Options for `http(s).createServer` that bound slow clients. */
export function serverTimeoutOptions(headersTimeoutSeconds: number, requestTimeoutSeconds: number): {
  headersTimeout: number;
  connectionsCheckingInterval: number;
  handshakeTimeout: number;
} {
  // Node requires headersTimeout ≤ requestTimeout when the latter is set.
  const headers = requestTimeoutSeconds > 0 ? Math.min(headersTimeoutSeconds, requestTimeoutSeconds) : headersTimeoutSeconds;
  return {
    headersTimeout: headers * 1000,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    // tls.Server: a connection that never completes its handshake is not an HTTP connection yet.
    handshakeTimeout: headers * 1000,
  };
}

/** What Node's HTTP machinery keeps on a socket while a response on it is in flight (`_http_server.js`). */
type HttpSocket = Socket & { _httpMessage?: { headersSent?: boolean; writableEnded?: boolean } | null };

/**
 * Fastify's `clientErrorHandler`, like its default (400/408/431 and close) but logging only the
 * error's code: never `err.rawPacket`, never the message's bytes.
 *
 * - `HPE_PAUSED` is not a bad request: Node's TLS server fails a connection whose pipelined
 *   requests arrive while its parser is paused behind unanswered ones (answers backed up). That
 *   connection is answered 503 with `Retry-After` (`BUSY_RETRY_AFTER_SECONDS`), as a full
 *   verification queue is, so the client retries later, not 400.
 * - Like Node's own handler, nothing is written when a response on the connection has sent its
 *   head and is still being written: the error's bytes would land inside that response. The
 *   connection just closes. A response that has ended (a synchronous resource answers within
 *   the parser's run, before Node detaches it from the socket) is whole: the answer follows it.
 */
export function quietClientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT' ? 408
    : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'HPE_PAUSED' ? 503 : 400;
  this.log.debug({ code: err.code, status }, 'pointe: malformed or incomplete request, connection closed');
  const inFlight = (socket as HttpSocket)._httpMessage;
  if (socket.writable && (inFlight?.headersSent !== true || inFlight.writableEnded === true)) {
    const retry = status === 503 ? `Retry-After: ${BUSY_RETRY_AFTER_SECONDS}\r\n` : '';
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: 0\r\n${retry}Connection: close\r\n\r\n`);
  }
  socket.destroySoon();
}

/**
 * Fastify never reads the body of these methods (its `bodyless` set), so their routes have no
 * upload to invite: they get no `preParsing` hook at all.
 */
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'TRACE']);

/**
 * Takes over `Expect: 100-continue`: `100 Continue` only after the auth hooks let the request in.
 *
 * The `preParsing` hook that writes it is added to each route that can take a body, by an
 * `onRoute` hook, not globally: a global hook would cost every GET a hook run and a bound
 * function (Fastify binds its continuation per request when a route has `preParsing` hooks).
 * A request that gets no `100 Continue` (a GET, an unknown path, a denied request) is answered
 * with its final status, and Node then closes the connection, since the client may still send
 * the body it announced.
 */
export function deferContinue(fastify: FastifyInstance): void {
  const server = fastify.server as Server;
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    (req as MarkedRequest)[kExpectsContinue] = true;
    server.emit('request', req, res);
  });
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => BODYLESS_METHODS.has(method.toUpperCase()))) return;
    // First among the route's own hooks. A plugin's global preParsing hook still runs before it
    // (Fastify runs instance hooks before route hooks), where the global hook it replaces ran first.
    route.preParsing = [sendContinue, ...hookList(route.preParsing)];
  });
}

/** The route's first `preParsing` hook: the request passed `onRequest` (auth), so invite its body. */
function sendContinue(request: FastifyRequest, reply: FastifyReply, payload: RequestPayload, done: (err: Error | null, payload?: RequestPayload) => void): void {
  const raw = request.raw as MarkedRequest;
  if (raw[kExpectsContinue] === true && !reply.raw.headersSent) {
    raw[kExpectsContinue] = false;
    reply.raw.writeContinue();
  }
  done(null, payload);
}

/**
 * Whether the client still has a body to send that nobody will read: the request announced
 * one (`Content-Length` > 0 or `Transfer-Encoding`). A denied request in that state has its
 * connection closed after the answer, so the server never drains an unbounded body.
 */
export function bodyPending(request: FastifyRequest): boolean {
  const headers = request.headers;
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
