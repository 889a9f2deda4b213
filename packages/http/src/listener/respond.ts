/**
 * What a resource method's return value becomes. Values go back to Fastify, which serializes
 * them the way its users know: a string as `text/plain; charset=utf-8`, a Buffer as
 * `application/octet-stream`, anything else as JSON. `undefined`/`null` is an empty 204 (there
 * is nothing to send). A thrown or returned `HttpError` sets status, headers and body.
 */
import type { FastifyReply } from 'fastify';
import { HttpError } from '../errors.js';

/**
 * What the route handler returns for `result`: the payload for Fastify to send, or `undefined`
 * once this has sent the reply itself (an empty answer). `undefined` is what Fastify expects from
 * a synchronous handler that answered, and a promise of it from an async one.
 */
export function respond(reply: FastifyReply, result: unknown): unknown {
  if (result instanceof HttpError) {
    reply.code(result.status).headers(result.headers);
    const body = result.body;
    if (body !== undefined && body !== null) return payload(body);
    void reply.send();
    return undefined;
  }
  if (result !== undefined && result !== null) return payload(result);
  void reply.code(204).send();
  return undefined;
}

function payload(body: unknown): unknown {
  // A Uint8Array that is not a Buffer would otherwise be serialized as a JSON object.
  return body instanceof Uint8Array && !Buffer.isBuffer(body) ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : body;
}
