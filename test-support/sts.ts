/**
 * The authorization server of the OAuth2 tests: `@pointe/dev-sts` (oidc-provider 9.x, the
 * same server `pointe-sts` runs for the examples), started in-process on 127.0.0.1 with a
 * free port, plus small helpers to act on it as another party would (revoke a token). And
 * `startFakeServer`, a plain node:http server for the faults a real server does not
 * produce (a 500, a hang, a malformed body, a redirect).
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Sts, type StsClient, type StsOptions, startSts } from '@pointe/dev-sts';

export { STS_CLIENTS, STS_SCOPES, STS_USERS, startSts, type Sts, type StsClient, type StsOptions } from '@pointe/dev-sts';

/** Starts the STS for a test file; call `stop()` in `afterAll`. */
export function startTestSts(options: StsOptions = {}): Promise<Sts> {
  return startSts(options);
}

/** `Authorization: Basic` for a client, form-encoding id and secret as RFC 6749 §2.3.1 says. */
export function clientBasic(client: StsClient): string {
  const enc = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
  return `Basic ${Buffer.from(`${enc(client.clientId)}:${enc(client.clientSecret)}`).toString('base64')}`;
}

/**
 * POSTs a form to `url` (`http:` or `https:`), trusting the CA file `ca` over HTTPS; resolves with
 * the status and the parsed JSON body (`{}` when empty).
 */
export function postForm(url: string, headers: Record<string, string>, form: Record<string, string>, ca?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams(form).toString();
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      agent: false,
      ...(ca === undefined ? {} : { ca: readFileSync(ca) }),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('STS request timed out')));
    req.end(body);
  });
}

/** Revokes a token at the STS (RFC 7009) as `client`; `ca` when the STS serves HTTPS. */
export async function revoke(sts: Sts, client: StsClient, token: string, ca?: string): Promise<void> {
  const response = await postForm(sts.revocationUrl, { authorization: clientBasic(client) }, { token }, ca);
  if (response.status !== 200) throw new Error(`revocation failed: HTTP ${response.status}`);
}

/** Introspects a token at the STS as `client` (RFC 7662); `ca` when the STS serves HTTPS. */
export async function introspectAt(sts: Sts, client: StsClient, token: string, ca?: string): Promise<Record<string, unknown>> {
  return (await postForm(sts.introspectionUrl, { authorization: clientBasic(client) }, { token }, ca)).body;
}

/** A token straight from the STS's token endpoint, for tests that need one to introspect; `ca` when the STS serves HTTPS. */
export async function fetchToken(
  sts: Sts, client: StsClient, form: Record<string, string>, ca?: string,
): Promise<{ access_token: string; refresh_token?: string }> {
  const response = await postForm(sts.tokenUrl, { authorization: clientBasic(client) }, form, ca);
  if (response.status !== 200) throw new Error(`token request failed: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { access_token: string; refresh_token?: string };
}

export interface FakeRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeServer {
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Connections currently open (a client that left nothing hanging has none after `close()`). */
  readonly openConnections: number;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 answering with `handle` (which may never answer, to hang). */
export async function startFakeServer(handle: (request: FakeRequest, res: ServerResponse) => void): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  let open = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      handle(request, res);
    });
  });
  server.on('connection', (socket) => {
    open++;
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get openConnections() {
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers JSON with `status`. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
