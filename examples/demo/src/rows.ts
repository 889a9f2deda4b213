/**
 * The demo's table: each row one request by one `Client`, the status it should get, and the
 * status it got. A row passes when the status matches and, for a 200 of a service, the body
 * is `Hello, World!`. A request that fails outright (a `ClientError`) shows its code.
 */
import { Client, type ClientConfiguration, PointeError, type Response } from '@pointe/http';

/** One request of the table. */
export interface Row {
  /** What is sent, as the table shows it: `GET /foo/bar Basic alex:password4`. */
  request: string;
  /** The status it must get. */
  expected: number;
  /** Sends it. */
  send(): Promise<Response>;
  /** For an expected 2xx: the body must pass this check (default: none). */
  body?: (text: string) => boolean;
}

/** A row once sent. */
export interface RowResult {
  request: string;
  expected: number;
  /** The status, or what went wrong instead (an error code, `200 (body ...)`). */
  got: string;
  ok: boolean;
}

/** `Hello, World!`, the seed's body. */
export const HELLO = (text: string): boolean => text === 'Hello, World!';

/** Sends the rows one after another (their order is the table's). */
export async function runRows(rows: readonly Row[]): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const row of rows) results.push(await runRow(row));
  return results;
}

async function runRow(row: Row): Promise<RowResult> {
  const base = { request: row.request, expected: row.expected };
  let res: Response;
  try {
    res = await row.send();
  } catch (error) {
    const code = error instanceof PointeError ? error.code : error instanceof Error ? error.name : 'error';
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, got: `${code}: ${message}`, ok: false };
  }
  const text = await res.getTextPayload();
  if (res.statusCode !== row.expected) return { ...base, got: String(res.statusCode), ok: false };
  if (row.body !== undefined && !row.body(text)) {
    return { ...base, got: `${res.statusCode} (body ${JSON.stringify(text.slice(0, 60))})`, ok: false };
  }
  return { ...base, got: String(res.statusCode), ok: true };
}

/** The table's lines: `GET /foo/bar no auth  → 401 → 401 ✓`. */
export function formatTable(results: readonly RowResult[]): string[] {
  const width = Math.max(...results.map((result) => result.request.length));
  return results.map((result) => `  ${result.request.padEnd(width)}  → ${result.expected} → ${result.got} ${result.ok ? '✓' : '✗'}`);
}

/**
 * The demo's clients, each made once and closed together at the end. Every one trusts the
 * demo's certificate, as the seed's `secureSocket: { cert: "/path/to/public.crt" }` does.
 */
export class DemoClients {
  readonly #clients: Client[] = [];

  constructor(
    private readonly cert: string,
  ) {}

  /** A client of `url` with `auth` (none: the request carries no credentials). */
  client(url: string, auth?: ClientConfiguration['auth']): Client {
    const client = new Client(url, { ...(auth === undefined ? {} : { auth }), secureSocket: { cert: this.cert }, timeout: 15 });
    this.#clients.push(client);
    return client;
  }

  /** Closes every client made. */
  async close(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((client) => client.close()));
  }
}
