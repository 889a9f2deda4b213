/** Keys, hand-made tokens and small servers for the @pointe/jwt tests. */
import { execFileSync } from 'node:child_process';
import { createHmac, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, type JWK } from 'jose';
import { testCerts } from '../../../test-support/certs.js';

export interface TestKey {
  /** The private key, for signing test tokens. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM file of the private key. */
  privateFile: string;
  /** SPKI PEM file of the public key. */
  publicFile: string;
  publicPem: string;
  /** The public key as a JWK (no kid, no alg). */
  jwk: JWK;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pointe-jwt-'));
}

/** A fresh key pair written to PEM files: 'RS256' (RSA 2048), 'ES256' (P-256), 'EdDSA' (Ed25519), 'ES384' (P-384). */
export async function makeKey(alg: 'RS256' | 'ES256' | 'ES384' | 'EdDSA', dir = tempDir()): Promise<TestKey> {
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const privatePem = await exportPKCS8(pair.privateKey);
  const publicPem = await exportSPKI(pair.publicKey);
  const privateFile = join(dir, `${alg}-${Math.random().toString(36).slice(2)}.key`);
  const publicFile = `${privateFile}.pub`;
  writeFileSync(privateFile, privatePem);
  writeFileSync(publicFile, publicPem);
  return {
    privateKey: createPrivateKey(privatePem),
    publicKey: createPublicKey(publicPem),
    privateFile,
    publicFile,
    publicPem,
    jwk: await exportJWK(pair.publicKey),
  };
}

/** The run's server certificate's key pair (signed by the test CA), as key objects. */
export function serverKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey(readFileSync(testCerts().serverKey));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * A PKCS#12 trust store holding the run's server certificate under alias `server`.
 * (test-support's truststore.p12 is written with `-name`, which `openssl pkcs12 -export
 * -nokeys` ignores, so its certificate has no alias; `-caname` sets it.)
 */
export function serverTrustStore(): string {
  const path = join(tempDir(), 'truststore.p12');
  execFileSync('openssl', ['pkcs12', '-export', '-nokeys', '-in', testCerts().serverCert, '-caname', 'server', '-out', path, '-passout', 'pass:changeit'], {
    stdio: 'pipe',
  });
  return path;
}

export const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
export const part = (json: unknown): string => b64url(JSON.stringify(json));

const HASH: Record<string, string> = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/**
 * A compact JWS signed by hand, so a test can put any header in it (jose's signer refuses
 * unknown `crit` and is right to). `alg` in the header picks the algorithm.
 */
export function signToken(header: Record<string, unknown>, payload: unknown, key: KeyObject | string): string {
  const input = `${part(header)}.${part(payload)}`;
  const alg = String(header.alg);
  const hash = HASH[alg.slice(2)] ?? 'sha256';
  let signature: Buffer;
  if (alg.startsWith('HS')) signature = createHmac(hash, key as string).update(input).digest();
  else if (alg.startsWith('RS')) signature = nodeSign(hash, Buffer.from(input), key as KeyObject);
  else if (alg.startsWith('PS')) signature = nodeSign(hash, Buffer.from(input), { key: key as KeyObject, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(alg.slice(2)) / 8 });
  else if (alg.startsWith('ES')) signature = nodeSign(hash, Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else if (alg === 'EdDSA') signature = nodeSign(null, Buffer.from(input), key as KeyObject);
  else throw new Error(`test signer: no ${alg}`);
  return `${input}.${b64url(signature)}`;
}

export const nowS = (): number => Math.floor(Date.now() / 1000);

/** Claims valid for an hour from now, plus `extra`. */
export function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowS();
  return { sub: 'alice', iss: 'wso2', aud: 'ballerina', iat: now, nbf: now, exp: now + 3600, scope: 'hello', ...extra };
}

export interface TestServer {
  url: string;
  port: number;
  hits: number;
  paths: string[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server on 127.0.0.1 that counts every request; HTTPS with the run's server certificate when `tls`. */
export async function startServer(handler: Handler, tls = false): Promise<TestServer> {
  const state = { hits: 0, paths: [] as string[] };
  const sockets = new Set<import('node:net').Socket>();
  const wrapped: Handler = (req, res) => {
    state.hits++;
    state.paths.push(req.url ?? '');
    handler(req, res);
  };
  const certs = testCerts();
  const server: Server = tls
    ? createHttpsServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, wrapped)
    : createHttpServer(wrapped);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const result: TestServer = {
    url: `${tls ? 'https' : 'http'}://${tls ? 'localhost' : '127.0.0.1'}:${port}`,
    port,
    get hits() {
      return state.hits;
    },
    set hits(v: number) {
      state.hits = v;
    },
    paths: state.paths,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return result;
}

/** Serves `body()` as JSON on every path. */
export function jsonHandler(body: () => unknown, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body()));
  };
}

/** Every `JwtValidationError`-ish message must be free of the token and of its parts. */
export function leaksToken(message: string, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  return token.split('.').some((piece) => piece.length > 8 && message.includes(piece));
}
