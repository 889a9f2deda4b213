/**
 * Reads `ClientConfiguration.secureSocket` into the TLS options of the client's connections,
 * once, when the client is built: a file that cannot be read fails the constructor, not the
 * first request.
 */
import { describeError } from '@pointe/common';
import type { KeyObject } from 'node:crypto';
import { keyStoreToPem, loadCertificates, loadPrivateKey, trustStoreToPem } from '@pointe/crypto';
import { ClientError, ClientErrorCodes } from '../errors.js';
import type { ClientCertKey, ClientKeyStore, ClientSecureSocket } from './config.js';

/** The `tls.connect()` options the client's connections use. */
export interface ClientTlsOptions {
  /** Verify the server certificate (`false` only with `secureSocket.disable`). */
  rejectUnauthorized: boolean;
  /** Trust anchors replacing the system CAs (PEM). */
  ca?: string[];
  /**
   * Trust a listed certificate even if it is not a self-signed root, as a Java trust store
   * does: `secureSocket.cert` may name the server's own certificate.
   */
  allowPartialTrustChain?: boolean;
  /** The client certificate chain (PEM), leaf first. */
  cert?: string;
  /** The client private key (PEM). */
  key?: string;
}

const FIELDS = ['disable', 'cert', 'key'];

/** The TLS options for `secureSocket`; throws a `ClientError` when a file cannot be read. */
export function clientTlsOptions(secureSocket: ClientSecureSocket | undefined): ClientTlsOptions {
  if (secureSocket === undefined) return { rejectUnauthorized: true };
  if (typeof secureSocket !== 'object' || secureSocket === null) throw invalid('secureSocket must be an object');
  const unknown = Object.keys(secureSocket).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) {
    throw invalid(`secureSocket has unknown field(s) ${unknown.map((f) => `'${f}'`).join(', ')}; it takes disable, cert and key`);
  }
  if (secureSocket.disable !== undefined && typeof secureSocket.disable !== 'boolean') {
    throw invalid('secureSocket.disable must be a boolean');
  }
  const options: ClientTlsOptions = { rejectUnauthorized: secureSocket.disable !== true };
  if (secureSocket.cert !== undefined && secureSocket.disable !== true) {
    options.ca = trustedCertificates(secureSocket.cert);
    options.allowPartialTrustChain = true;
  }
  if (secureSocket.key !== undefined) Object.assign(options, clientCertificate(secureSocket.key));
  return options;
}

function trustedCertificates(cert: string | ClientKeyStore): string[] {
  if (typeof cert === 'string') {
    return attempt('secureSocket.cert', () =>
      loadCertificates(cert).map((certificate) => certificate.toString()),
    );
  }
  if (isKeyStore(cert)) {
    return attempt('secureSocket.cert', () => trustStoreToPem(cert));
  }
  throw invalid('secureSocket.cert must be a PEM file path or a trust store { path, password }');
}

function clientCertificate(key: ClientCertKey | ClientKeyStore): { cert: string; key: string } {
  if (isCertKey(key)) {
    const cert = attempt('secureSocket.key.certFile', () =>
      loadCertificates(key.certFile).map((certificate) => certificate.toString()).join('\n'),
    );
    const privateKey = attempt('secureSocket.key.keyFile', () =>
      pem(loadPrivateKey(key.keyFile, key.keyPassword)),
    );
    return { cert, key: privateKey };
  }
  if (isKeyStore(key)) {
    return attempt('secureSocket.key', () => {
      const entry = keyStoreToPem(key);
      // The key store's other certificates are the chain to send after the leaf, not trust anchors.
      return { cert: [entry.cert, ...entry.ca].join('\n'), key: entry.key };
    });
  }
  throw invalid('secureSocket.key must be { certFile, keyFile, keyPassword? } or a key store { path, password }');
}

function pem(key: KeyObject | string): string {
  return typeof key === 'string' ? key : (key.export({ type: 'pkcs8', format: 'pem' }) as string);
}

function isKeyStore(value: unknown): value is ClientKeyStore {
  const store = value as ClientKeyStore;
  return typeof value === 'object' && value !== null && typeof store.path === 'string' && typeof store.password === 'string';
}

function isCertKey(value: unknown): value is ClientCertKey {
  const pair = value as ClientCertKey;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof pair.certFile === 'string' &&
    typeof pair.keyFile === 'string' &&
    (pair.keyPassword === undefined || typeof pair.keyPassword === 'string')
  );
}

/** Runs a load; its failure becomes a `ClientError` naming the field (the cause's message names the file). */
function attempt<T>(what: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    throw new ClientError(ClientErrorCodes.INVALID_SECURE_SOCKET, `${what}: ${describeError(err)}`, {
      cause: err,
    });
  }
}

function invalid(message: string): ClientError {
  return new ClientError(ClientErrorCodes.INVALID_SECURE_SOCKET, message);
}
