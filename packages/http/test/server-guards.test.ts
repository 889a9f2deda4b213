/**
 * The listener's client-error handler, on a stand-in socket: which status each parser or timeout
 * error gets, and that nothing is written into a response whose head is already on the wire.
 * (Its logging, that no request bytes are ever logged, is covered in listener-log-secrets.)
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { quietClientErrorHandler } from '../src/listener/server-guards.js';

interface Written {
  bytes: string | undefined;
  destroyed: boolean;
}

/** Calls the handler with an error of `code` on a socket stand-in; `inFlight` is Node's `_httpMessage`. */
function handle(code: string, inFlight?: { headersSent: boolean; writableEnded?: boolean }): Written {
  const written: Written = { bytes: undefined, destroyed: false };
  const socket = {
    destroyed: false,
    writable: true,
    _httpMessage: inFlight ?? null,
    end(bytes: string) {
      written.bytes = bytes;
    },
    destroySoon() {
      written.destroyed = true;
    },
  };
  const fastify = { log: { debug: () => undefined } } as unknown as FastifyInstance;
  const err = Object.assign(new Error('parse error'), { code });
  quietClientErrorHandler.call(fastify, err, socket as unknown as Socket);
  return written;
}

describe('quietClientErrorHandler', () => {
  it.each([
    ['HPE_INVALID_METHOD', '400 Bad Request'],
    ['HPE_HEADER_OVERFLOW', '431 Request Header Fields Too Large'],
    ['ERR_HTTP_HEADERS_TIMEOUT', '408 Request Timeout'],
    ['ERR_HTTP_REQUEST_TIMEOUT', '408 Request Timeout'],
  ])('answers %s with %s and closes', (code, status) => {
    const { bytes, destroyed } = handle(code);
    expect(bytes).toBe(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(destroyed).toBe(true);
  });

  it('answers a pipelined connection its parser gave up on (HPE_PAUSED) 503 with Retry-After, not 400', () => {
    const { bytes, destroyed } = handle('HPE_PAUSED');
    expect(bytes).toBe('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n');
    expect(destroyed).toBe(true);
  });

  it('writes nothing into a response whose head has gone out, and still closes', () => {
    expect(handle('HPE_INVALID_METHOD', { headersSent: true })).toEqual({ bytes: undefined, destroyed: true });
    // A response still waiting (its auth running) has sent nothing: the error answer goes first.
    expect(handle('HPE_PAUSED', { headersSent: false }).bytes).toMatch(/^HTTP\/1\.1 503 /);
  });

  it('answers after a response that has ended: it is whole, the error answer follows it', () => {
    // A synchronous resource ends its response within the parser's run, before Node detaches it.
    expect(handle('HPE_INVALID_METHOD', { headersSent: true, writableEnded: true }).bytes).toMatch(/^HTTP\/1\.1 400 /);
    expect(handle('HPE_INVALID_METHOD', { headersSent: true, writableEnded: false })).toEqual({ bytes: undefined, destroyed: true });
  });

  it('leaves a reset connection alone', () => {
    expect(handle('ECONNRESET')).toEqual({ bytes: undefined, destroyed: false });
  });
});
