/** Minimal HTTPS callers for listener tests: one normal, one that writes raw bytes. */
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TlsClientOptions {
  /** CA file to trust (default: none, so set it). */
  ca?: string;
  /** Client certificate and key files, for mTLS. */
  cert?: string;
  key?: string;
}

export function call(
  url: string,
  options: TlsClientOptions & { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      ca: options.ca === undefined ? undefined : readFileSync(options.ca),
      cert: options.cert === undefined ? undefined : readFileSync(options.cert),
      key: options.key === undefined ? undefined : readFileSync(options.key),
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('test request timed out')));
    req.end(options.body);
  });
}

/**
 * Sends `head` (request line + header lines, without the final blank line) as raw bytes over
 * TLS, so tests can send what Node's HTTP client refuses to (control characters, odd spacing).
 * Returns the status and raw response text.
 */
export function rawCall(port: number, head: string, ca: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: readFileSync(ca), servername: 'localhost' }, () => {
      socket.write(`${head}\r\nConnection: close\r\n\r\n`, 'latin1');
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw test request timed out')));
  });
}

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
