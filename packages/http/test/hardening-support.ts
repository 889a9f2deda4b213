/** Raw TLS exchanges for the hardening tests: pipelining, partial requests, `Expect: 100-continue`. */
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { testCerts } from '../../../test-support/certs.js';

/** Opens a TLS connection to the listener on 127.0.0.1 and resolves once it is secure. */
export function openTls(port: number): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: readFileSync(testCerts().caCert), servername: 'localhost' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Collects what the server sends until it closes the connection, or `ms` passes. */
export function readUntilClosed(socket: TLSSocket, ms = 10_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closed });
    };
    const timer = setTimeout(() => finish(false), ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('close', () => finish(true));
    socket.on('error', () => undefined);
  });
}

/** Resolves with everything received once `predicate` holds for it (or rejects after `ms`). */
export function readUntil(socket: TLSSocket, predicate: (text: string) => boolean, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (c: Buffer): void => {
      text += c.toString('latin1');
      if (predicate(text)) {
        socket.off('data', onData);
        clearTimeout(timer);
        resolve(text);
      }
    };
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new Error(`timed out waiting; got ${JSON.stringify(text.slice(0, 200))}`));
    }, ms);
    socket.on('data', onData);
  });
}

/** The status codes of every response in a raw byte stream, in order. */
export function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
}
