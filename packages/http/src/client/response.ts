/**
 * The response a `Client` call resolves to. The body has been read in full by then (within
 * the call's timeout), so the connection is already free for the next request and the
 * payload can be read any number of times, in any form.
 */
import { ClientError, ClientErrorCodes } from '../errors.js';

/** An HTTP response received by the `Client`. */
export class Response {
  /** The status code (`200`, `401`...). */
  readonly statusCode: number;
  /** The response headers by lower-case name; a header sent more than once is an array. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly #body: Uint8Array;
  /** `GET https://host/path`, for error messages. */
  readonly #call: string;

  /** @internal Built by the `Client`. */
  constructor(statusCode: number, headers: Record<string, string | string[]>, body: Uint8Array, call: string) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.#body = body;
    this.#call = call;
  }

  /** The body as text, decoded with the `charset` of its `content-type` (UTF-8 when none or unknown). */
  async getTextPayload(): Promise<string> {
    return new TextDecoder(this.#charset()).decode(this.#body);
  }

  /** The body parsed as JSON; rejects with a `ClientError` (code `POINTE_ERR_CLIENT_PAYLOAD`) when it is not JSON. */
  async getJsonPayload<T = unknown>(): Promise<T> {
    const text = await this.getTextPayload();
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      const type = this.#header('content-type') ?? 'no content-type';
      throw new ClientError(
        ClientErrorCodes.PAYLOAD,
        `the response to ${this.#call} (status ${this.statusCode}, ${type}, ${this.#body.byteLength} bytes) is not JSON`,
        { cause: err },
      );
    }
  }

  /** The body as bytes (a copy: changing it does not change the other payload forms). */
  async getBinaryPayload(): Promise<Uint8Array> {
    return this.#body.slice();
  }

  #header(name: string): string | undefined {
    const value = this.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }

  #charset(): string {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(this.#header('content-type') ?? '')?.[1];
    if (charset === undefined) return 'utf-8';
    try {
      new TextDecoder(charset);
      return charset;
    } catch {
      return 'utf-8';
    }
  }
}
