/**
 * The one reader of TLS material: every seed `secureSocket` record (the listener's, the
 * client's, and the client records inside JWKS, introspection, token endpoint and LDAP
 * configs) becomes node:tls options here, once, at start-up. A file that cannot be read, a
 * wrong password or a key that does not match its certificate fails here with the field
 * named, never at the first connection.
 */
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { isPlainObject } from '@pointe/common';
import { loadCertificates } from './certificates.js';
import { CryptoError, CryptoErrorCode } from './errors.js';
import type { KeyStoreConfig } from './key-store.js';
import { type CertKeyConfig, certKeyToPem, keyStoreToPem, located, trustStoreToPem } from './tls-pem.js';

/** Client certificate checks of a listener (Ballerina `http:ListenerMutualSsl`). */
export interface ListenerMutualSsl {
  /** `REQUIRE` (default): the handshake fails without a trusted client certificate. `OPTIONAL`: asked for, not required. */
  verifyClient?: 'REQUIRE' | 'OPTIONAL';
  /** The CA (or certificates) trusted for client certificates: a PEM file or a PKCS#12 trust store. */
  cert: string | KeyStoreConfig;
}

/** A listener's TLS (Ballerina `http:ListenerSecureSocket`). */
export interface ListenerSecureSocket {
  /** The server's key and certificate: PEM files `{ certFile, keyFile, keyPassword? }`, or a PKCS#12 key store `{ path, password }`. */
  key: CertKeyConfig | KeyStoreConfig;
  /** Client certificate verification (mutual TLS); off when absent. */
  mutualSsl?: ListenerMutualSsl;
  /** TLS protocol versions accepted; default TLSv1.2 and TLSv1.3. */
  protocol?: { versions?: Array<'TLSv1.2' | 'TLSv1.3'> };
  /** OpenSSL cipher list for TLS ≤ 1.2; default Node's. */
  ciphers?: string[];
}

/** A client's TLS (Ballerina `http:ClientSecureSocket`), also inside JWKS, introspection, token endpoint and LDAP configs. */
export interface ClientSecureSocket {
  /**
   * Disable SSL validation: any server certificate is accepted. For tests only: anyone on
   * the path can then read and change the traffic, credentials included.
   */
  disable?: boolean;
  /**
   * The certificates the client trusts, replacing the system CAs: a PEM file with one or
   * more CA or server certificates, or a PKCS#12 trust store. A server certificate listed
   * here is trusted on its own (as in a Java trust store), even if its issuer is not.
   * Unset: the system CAs.
   */
  cert?: string | KeyStoreConfig;
  /**
   * The client certificate presented to a server that asks for one (mutual TLS): a
   * certificate and key pair of PEM files, or a PKCS#12 key store holding one key entry.
   */
  key?: CertKeyConfig | KeyStoreConfig;
}

/** Options for `https.createServer` / `tls.createServer`. */
export interface ServerTlsOptions extends SecureContextOptions {
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
}

/** Options for `tls.connect()` (and undici's `connect`, ldapts' `tlsOptions`). */
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

const CLIENT_FIELDS = ['disable', 'cert', 'key'];
const LISTENER_FIELDS = ['key', 'mutualSsl', 'protocol', 'ciphers'];

/**
 * The server options for a listener's `secureSocket`. `field` names the record in messages
 * (default `secureSocket`). Throws a `CryptoError` (`POINTE_ERR_CRYPTO_TLS_CONFIG` for a
 * record of the wrong shape, the loader's code for a file, password or key at fault).
 */
export function listenerTlsOptions(secureSocket: ListenerSecureSocket, field = 'secureSocket'): ServerTlsOptions {
  if (!isPlainObject(secureSocket as unknown) || secureSocket.key === undefined) {
    throw shape(`${field}.key is required: { certFile, keyFile } or a key store { path, password }`);
  }
  unknownFields(secureSocket as unknown as Record<string, unknown>, LISTENER_FIELDS, field);
  const options: ServerTlsOptions = { ...serverKey(secureSocket.key, `${field}.key`) };
  const versions = secureSocket.protocol?.versions ?? ['TLSv1.2', 'TLSv1.3'];
  options.minVersion = versions.includes('TLSv1.2') ? 'TLSv1.2' : 'TLSv1.3';
  options.maxVersion = versions.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2';
  if (secureSocket.ciphers !== undefined) options.ciphers = secureSocket.ciphers.join(':');

  const mutual = secureSocket.mutualSsl;
  if (mutual !== undefined) {
    if (mutual.verifyClient !== undefined && mutual.verifyClient !== 'REQUIRE' && mutual.verifyClient !== 'OPTIONAL') {
      throw shape(`${field}.mutualSsl.verifyClient must be 'REQUIRE' or 'OPTIONAL'`);
    }
    options.ca = trusted(mutual.cert, `${field}.mutualSsl.cert`);
    options.requestCert = true;
    options.rejectUnauthorized = (mutual.verifyClient ?? 'REQUIRE') === 'REQUIRE';
  }

  try {
    // Parses key, certificate and CA together now, so a mistake fails start() and names the cause.
    createSecureContext(options);
  } catch (err) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${field} could not be loaded: ${(err as Error).message}`, { cause: err });
  }
  return options;
}

/**
 * The connection options for a client's `secureSocket` (undefined: verify against the
 * system CAs). `field` names the record in messages, e.g. `jwksConfig.clientConfig.secureSocket`.
 */
export function clientTlsOptions(secureSocket: ClientSecureSocket | undefined, field = 'secureSocket'): ClientTlsOptions {
  if (secureSocket === undefined) return { rejectUnauthorized: true };
  if (!isPlainObject(secureSocket as unknown)) throw shape(`${field} must be an object`);
  unknownFields(secureSocket as unknown as Record<string, unknown>, CLIENT_FIELDS, field);
  if (secureSocket.disable !== undefined && typeof secureSocket.disable !== 'boolean') {
    throw shape(`${field}.disable must be a boolean`);
  }
  const options: ClientTlsOptions = { rejectUnauthorized: secureSocket.disable !== true };
  if (secureSocket.cert !== undefined && secureSocket.disable !== true) {
    options.ca = trusted(secureSocket.cert, `${field}.cert`);
    options.allowPartialTrustChain = true;
  }
  if (secureSocket.key !== undefined) {
    const pem = clientKey(secureSocket.key, `${field}.key`);
    options.cert = pem.cert;
    options.key = pem.key;
  }
  return options;
}

/** The server's key: PEM pair or key store, each checked to match its certificate. */
function serverKey(key: CertKeyConfig | KeyStoreConfig, field: string): { key: string; cert: string; ca?: string[] } {
  if (isKeyStore(key)) {
    return located(field, () => {
      const entry = keyStoreToPem(key);
      // The store's other certificates are the chain sent after the leaf.
      return { key: entry.key, cert: [entry.cert, ...entry.ca].join('') };
    });
  }
  if (isCertKey(key)) return certKeyToPem(key, field);
  throw shape(`${field} must be { certFile, keyFile, keyPassword? } or a key store { path, password }`);
}

function clientKey(key: CertKeyConfig | KeyStoreConfig, field: string): { key: string; cert: string } {
  if (isCertKey(key)) return certKeyToPem(key, field);
  if (isKeyStore(key)) {
    return located(field, () => {
      const entry = keyStoreToPem(key);
      // The key store's other certificates are the chain to send after the leaf, not trust anchors.
      return { cert: [entry.cert, ...entry.ca].join('\n'), key: entry.key };
    });
  }
  throw shape(`${field} must be { certFile, keyFile, keyPassword? } or a key store { path, password }`);
}

/** Trust anchors: every certificate of a PEM/DER file, or of a PKCS#12 trust store. */
function trusted(cert: string | KeyStoreConfig, field: string): string[] {
  if (typeof cert === 'string') {
    if (cert === '') throw shape(`${field} must be a file path`);
    return located(field, () => loadCertificates(cert).map((certificate) => certificate.toString()));
  }
  if (isKeyStore(cert)) return located(field, () => trustStoreToPem(cert));
  throw shape(`${field} must be a PEM file path or a trust store { path, password }`);
}

function isKeyStore(value: unknown): value is KeyStoreConfig {
  return isPlainObject(value) && typeof value.path === 'string' && typeof value.password === 'string';
}

function isCertKey(value: unknown): value is CertKeyConfig {
  return (
    isPlainObject(value) &&
    typeof value.certFile === 'string' &&
    typeof value.keyFile === 'string' &&
    (value.keyPassword === undefined || typeof value.keyPassword === 'string')
  );
}

function unknownFields(record: Record<string, unknown>, known: readonly string[], field: string): void {
  const unknown = Object.keys(record).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw shape(`${field} has unknown field(s) ${unknown.map((f) => `'${f}'`).join(', ')}; it takes ${known.join(', ')}`);
  }
}

function shape(message: string): CryptoError {
  return new CryptoError(CryptoErrorCode.TLS_CONFIG, message);
}
