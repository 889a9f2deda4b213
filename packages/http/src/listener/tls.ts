/**
 * `secureSocket` → `node:https` options, read and checked at `start()` so an unreadable
 * certificate or a wrong key password fails there, with the field named, and never later.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { ConfigError } from '@pointe/common';
import { trustStoreToPem, type KeyStoreConfig } from '@pointe/crypto';
import { ListenerErrorCodes } from '../errors.js';

/** The listener's certificate and key as PEM files (Ballerina `crypto:CertKey`). */
export interface CertKey {
  /** PEM file with the server certificate (and its chain). */
  certFile: string;
  /** PEM file with the private key. */
  keyFile: string;
  /** Password of `keyFile`, if it is encrypted. */
  keyPassword?: string;
}

/** Client certificate checks (mutual TLS). */
export interface ListenerMutualSsl {
  /** `REQUIRE`: the handshake fails without a trusted client certificate. `OPTIONAL`: asked for, not required. */
  verifyClient?: 'REQUIRE' | 'OPTIONAL';
  /** The CA (or certificates) trusted for client certificates: a PEM file or a PKCS#12 trust store. */
  cert: string | KeyStoreConfig;
}

/** Ballerina `http:ListenerSecureSocket`. */
export interface ListenerSecureSocket {
  /** The server's key and certificate: PEM files, or a PKCS#12 key store `{ path, password }`. */
  key: CertKey | KeyStoreConfig;
  /** Client certificate verification; off when absent. */
  mutualSsl?: ListenerMutualSsl;
  /** TLS protocol versions accepted; default TLSv1.2 and TLSv1.3. */
  protocol?: { versions?: Array<'TLSv1.2' | 'TLSv1.3'> };
  /** OpenSSL cipher list for TLS ≤ 1.2; default Node's. */
  ciphers?: string[];
}

export interface HttpsOptions extends SecureContextOptions {
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
}

/** Reads every file `secureSocket` names and returns options for `https.createServer`. */
export function buildHttpsOptions(secureSocket: ListenerSecureSocket): HttpsOptions {
  if (typeof secureSocket !== 'object' || secureSocket === null || secureSocket.key === undefined) {
    throw invalid('secureSocket.key is required: { certFile, keyFile } or a key store { path, password }');
  }
  const options: HttpsOptions = {};
  const key = secureSocket.key;
  if ('path' in key) {
    options.pfx = read(key.path, 'secureSocket.key.path');
    options.passphrase = key.password;
  } else if ('certFile' in key && 'keyFile' in key) {
    options.cert = read(key.certFile, 'secureSocket.key.certFile');
    options.key = read(key.keyFile, 'secureSocket.key.keyFile');
    if (key.keyPassword !== undefined) options.passphrase = key.keyPassword;
  } else {
    throw invalid('secureSocket.key must be { certFile, keyFile, keyPassword? } or { path, password }');
  }
  const versions = secureSocket.protocol?.versions ?? ['TLSv1.2', 'TLSv1.3'];
  options.minVersion = versions.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3';
  options.maxVersion = versions.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2';
  if (secureSocket.ciphers !== undefined) options.ciphers = secureSocket.ciphers.join(':');

  const mutual = secureSocket.mutualSsl;
  if (mutual !== undefined) {
    if (mutual.verifyClient !== undefined && mutual.verifyClient !== 'REQUIRE' && mutual.verifyClient !== 'OPTIONAL') {
      throw invalid(`secureSocket.mutualSsl.verifyClient must be 'REQUIRE' or 'OPTIONAL'`);
    }
    options.ca = typeof mutual.cert === 'string' ? read(mutual.cert, 'secureSocket.mutualSsl.cert') : trustStoreToPem(mutual.cert);
    options.requestCert = true;
    options.rejectUnauthorized = (mutual.verifyClient ?? 'REQUIRE') === 'REQUIRE';
  }

  try {
    // Parses key, certificate, password and CA now, so a mistake fails start() and names the cause.
    createSecureContext(options);
  } catch (err) {
    const reason = (err as Error).message;
    const hint = /bad decrypt|mac verify|password|passphrase/i.test(reason) ? ' (wrong keyPassword or key store password?)' : '';
    throw invalid(`secureSocket could not be loaded: ${reason}${hint}`, err);
  }
  return options;
}

function read(path: string, field: string): Buffer {
  if (typeof path !== 'string' || path === '') throw invalid(`${field} must be a file path`);
  try {
    return readFileSync(path);
  } catch (err) {
    throw invalid(`${field}: cannot read '${path}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
  }
}

function invalid(message: string, cause?: unknown): ConfigError {
  return new ConfigError(ListenerErrorCodes.INVALID_SECURE_SOCKET, `listener: ${message}`, { cause });
}
