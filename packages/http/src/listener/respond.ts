/**
 * What a resource method's return value becomes: a string is `text/plain`, a Buffer
 * `application/octet-stream`, an object or array JSON, `undefined` an empty 204 (Fastify's
 * convention for "nothing to send"); a thrown or returned `HttpError` sets status and body.
 */
import type { FastifyReply } from 'fastify';
import { HttpError } from '../errors.js';

export function respond(reply: FastifyReply, result: unknown): FastifyReply {
  if (result instanceof HttpError) {
    reply.code(result.status).headers(result.headers);
    return send(reply, result.body, result.status);
  }
  return send(reply, result, 200);
}

function send(reply: FastifyReply, body: unknown, status: number): FastifyReply {
  if (body === undefined || body === null) {
    if (status === 200) reply.code(204);
    return reply.send();
  }
  if (typeof body === 'string') {
    if (!reply.hasHeader('content-type')) reply.type('text/plain');
    return reply.send(body);
  }
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    if (!reply.hasHeader('content-type')) reply.type('application/octet-stream');
    return reply.send(Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }
  if (typeof body === 'object' || typeof body === 'number' || typeof body === 'boolean') {
    reply.type('application/json');
    return reply.send(JSON.stringify(body));
  }
  return reply.send(String(body));
}
