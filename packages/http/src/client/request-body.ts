/**
 * Encodes a request body by its type, the way Ballerina's client picks a payload's content
 * type: text, bytes, form or JSON.
 */
import { describeError } from '@pointe/common';
import { Readable } from 'node:stream';
import { ClientError, ClientErrorCodes } from '../errors.js';

/**
 * What a request can carry:
 * - `string` → `text/plain; charset=utf-8`
 * - `Uint8Array` (a `Buffer` too) or `ArrayBuffer` → `application/octet-stream`
 * - `URLSearchParams` → `application/x-www-form-urlencoded`
 * - a Node `Readable`, a web `ReadableStream` or an async iterable of bytes →
 *   `application/octet-stream`, streamed (such a body cannot be sent twice, so a request
 *   carrying one is not retried after a 401)
 * - any other object, array, number or boolean → `application/json`
 *
 * `null` and `undefined` mean no body. A `content-type` header given with the request wins.
 */
export type RequestBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | URLSearchParams
  | Readable
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | object
  | number
  | boolean
  | null;

/** A body ready for undici. */
export interface EncodedBody {
  payload: string | Uint8Array | Readable | undefined;
  contentType: string | undefined;
  /** Whether the same payload can be sent again (for the retry after a 401). */
  replayable: boolean;
}

const NO_BODY: EncodedBody = { payload: undefined, contentType: undefined, replayable: true };

/** Encodes `body`; throws a `ClientError` (code `POINTE_ERR_CLIENT_PAYLOAD`) for one that cannot be sent. */
export function encodeRequestBody(body: RequestBody | undefined): EncodedBody {
  if (body === undefined || body === null) return NO_BODY;
  if (typeof body === 'string') return { payload: body, contentType: 'text/plain; charset=utf-8', replayable: true };
  if (body instanceof Uint8Array) return { payload: body, contentType: 'application/octet-stream', replayable: true };
  if (body instanceof ArrayBuffer) return { payload: new Uint8Array(body), contentType: 'application/octet-stream', replayable: true };
  if (body instanceof URLSearchParams) {
    return { payload: body.toString(), contentType: 'application/x-www-form-urlencoded', replayable: true };
  }
  if (body instanceof Readable) return { payload: body, contentType: 'application/octet-stream', replayable: false };
  if (body instanceof ReadableStream) {
    return { payload: Readable.fromWeb(body as import('node:stream/web').ReadableStream), contentType: 'application/octet-stream', replayable: false };
  }
  if (isAsyncIterable(body)) return { payload: Readable.from(body), contentType: 'application/octet-stream', replayable: false };
  const tag = Object.prototype.toString.call(body);
  if (tag === '[object FormData]' || tag === '[object Blob]' || tag === '[object File]') {
    throw payloadError(`a ${tag.slice(8, -1)} body is not supported; send its bytes (Uint8Array) with a content-type header`);
  }
  return { payload: json(body), contentType: 'application/json', replayable: true };
}

function json(body: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (err) {
    throw payloadError(`the body cannot be serialized as JSON: ${describeError(err)}`, err);
  }
  if (text === undefined) throw payloadError(`a ${typeof body} body cannot be serialized as JSON`);
  return text;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function payloadError(message: string, cause?: unknown): ClientError {
  return new ClientError(ClientErrorCodes.PAYLOAD, message, { cause });
}
