/**
 * What `pointe doctor` checks, read from `pointe.doctor.json` (or `--config <file>`): the same
 * records a service passes to `new Listener(port, { secureSocket })` and `@ServiceConfig({ auth })`,
 * with the seed's field names, so a user copies them over rather than learning a new format.
 * Relative paths are resolved against the file's directory (the project root, where the
 * listener runs and reads `Config.toml`).
 *
 * Without the file, doctor checks the seed's defaults: `Config.toml` in the working directory
 * and `certs/public.crt` + `certs/private.key` when they exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CertKeyConfig, KeyStoreConfig } from '@pointe/crypto';
import type { JwtValidatorConfig } from '@pointe/jwt';

/** The file doctor reads when `--config` is not given. */
export const DEFAULT_DOCTOR_FILE = 'pointe.doctor.json';

/** The client side of an introspection call, as far as doctor uses it. */
export interface DoctorIntrospectionClientConfig {
  /** Extra request headers. */
  customHeaders?: Record<string, string>;
  /** Client authentication: Basic (`{ username, password }`) or a bearer token (`{ token }`); other kinds are not tried. */
  auth?: { username: string; password: string } | { token: string } | Record<string, unknown>;
  /** Trust: a CA file or trust store, or `disable: true` to skip verification. */
  secureSocket?: { cert?: string | KeyStoreConfig; disable?: boolean };
}

/** `oauth2IntrospectionConfig`, the fields doctor reads. */
export interface DoctorIntrospectionConfig {
  /** The RFC 7662 introspection endpoint. */
  url: string;
  /** Sent as `token_type_hint`. */
  tokenTypeHint?: string;
  /** How the listener calls the endpoint. */
  clientConfig?: DoctorIntrospectionClientConfig;
}

/** `ldapUserStoreConfig`, the fields doctor reads for the service bind. */
export interface DoctorLdapConfig {
  /** `ldap://host:389` or `ldaps://host:636`. */
  connectionUrl: string;
  /** The service account's DN. */
  connectionName: string;
  /** Its password. */
  connectionPassword: string;
  /** Seconds to wait for the connection (default: doctor's `timeout`). */
  connectionTimeout?: number;
  /** Trust for ldaps:// or StartTLS: a CA certificate file. */
  secureSocket?: { cert?: string };
  /** Upgrade ldap:// with StartTLS before binding. */
  startTls?: boolean;
}

/** One element of a service's `auth` array. */
export type DoctorAuthRecord =
  | { fileUserStoreConfig: { path?: string } }
  | { jwtValidatorConfig: JwtValidatorConfig }
  | { oauth2IntrospectionConfig: DoctorIntrospectionConfig }
  | { ldapUserStoreConfig: DoctorLdapConfig };

/** The contents of `pointe.doctor.json`. */
export interface DoctorConfig {
  /** `Config.toml` files to check, in order (default: `POINTE_CONFIG_FILES`, else `Config.toml` when present). */
  configFiles?: string[];
  /** The listener's `secureSocket`: `key` is `{ certFile, keyFile, keyPassword? }` or `{ path, password }`. */
  secureSocket?: { key?: CertKeyConfig | KeyStoreConfig; mutualSsl?: { cert?: string | KeyStoreConfig } };
  /** The auth records of the services (every element of every `@ServiceConfig({ auth })`). */
  auth?: DoctorAuthRecord[];
  /** Seconds each network check may take (default 5). */
  timeout?: number;
}

/** A doctor configuration with every path absolute, and where it came from. */
export interface LoadedDoctorConfig {
  /** The file read, or `undefined` when doctor uses the defaults. */
  file: string | undefined;
  /** The directory paths are resolved against. */
  baseDir: string;
  config: DoctorConfig;
}

/** Thrown for a doctor file that is missing (when named), unreadable or not the expected shape. */
export class DoctorConfigError extends Error {}

/** Reads `file` (relative to `cwd`), or `pointe.doctor.json` there, or falls back to the defaults. */
export function loadDoctorConfig(file: string | undefined, cwd: string): LoadedDoctorConfig {
  const path = resolve(cwd, file ?? DEFAULT_DOCTOR_FILE);
  if (file === undefined && !existsSync(path)) return { file: undefined, baseDir: cwd, config: defaults(cwd) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DoctorConfigError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const baseDir = dirname(path);
  return { file: path, baseDir, config: absolutePaths(checkShape(parsed, path), baseDir) };
}

function defaults(cwd: string): DoctorConfig {
  const certFile = resolve(cwd, 'certs/public.crt');
  const keyFile = resolve(cwd, 'certs/private.key');
  return existsSync(certFile) && existsSync(keyFile) ? { secureSocket: { key: { certFile, keyFile } } } : {};
}

function checkShape(value: unknown, path: string): DoctorConfig {
  const fail = (why: string) => new DoctorConfigError(`${path}: ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('must hold a JSON object');
  const known = new Set(['configFiles', 'secureSocket', 'auth', 'timeout', '$schema']);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw fail(`unknown field '${key}' (fields: configFiles, secureSocket, auth, timeout)`);
  }
  const config = value as DoctorConfig;
  if (config.configFiles !== undefined && !(Array.isArray(config.configFiles) && config.configFiles.every((f) => typeof f === 'string'))) {
    throw fail('configFiles must be an array of file names');
  }
  if (config.auth !== undefined) {
    if (!Array.isArray(config.auth)) throw fail('auth must be an array of auth records, as in @ServiceConfig({ auth })');
    const kinds = ['fileUserStoreConfig', 'jwtValidatorConfig', 'oauth2IntrospectionConfig', 'ldapUserStoreConfig'];
    config.auth.forEach((record: unknown, i) => {
      const keys = typeof record === 'object' && record !== null ? Object.keys(record).filter((k) => kinds.includes(k)) : [];
      if (keys.length !== 1) throw fail(`auth[${i}] needs exactly one of ${kinds.join(', ')}`);
    });
  }
  if (config.timeout !== undefined && !(typeof config.timeout === 'number' && config.timeout > 0 && config.timeout <= 120)) {
    throw fail('timeout must be a number of seconds from 0 to 120');
  }
  return config;
}

/** A copy of `config` with every file path made absolute against `baseDir`. */
function absolutePaths(config: DoctorConfig, baseDir: string): DoctorConfig {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const absCert = (cert: string | KeyStoreConfig | undefined) =>
    cert === undefined ? undefined : typeof cert === 'string' ? abs(cert) : { ...cert, path: abs(cert.path) };
  const out: DoctorConfig = JSON.parse(JSON.stringify(config)) as DoctorConfig;
  if (out.configFiles !== undefined) out.configFiles = out.configFiles.map(abs);
  const key = out.secureSocket?.key;
  if (key !== undefined) {
    out.secureSocket!.key = 'path' in key ? { ...key, path: abs(key.path) } : { ...key, certFile: abs(key.certFile), keyFile: abs(key.keyFile) };
  }
  if (out.secureSocket?.mutualSsl?.cert !== undefined) out.secureSocket.mutualSsl.cert = absCert(out.secureSocket.mutualSsl.cert);
  for (const record of out.auth ?? []) {
    if ('fileUserStoreConfig' in record && record.fileUserStoreConfig.path !== undefined) {
      record.fileUserStoreConfig.path = abs(record.fileUserStoreConfig.path);
    } else if ('jwtValidatorConfig' in record) {
      const signature = record.jwtValidatorConfig.signatureConfig;
      if (signature?.certFile !== undefined) signature.certFile = abs(signature.certFile);
      if (signature?.trustStoreConfig?.trustStore !== undefined) signature.trustStoreConfig.trustStore.path = abs(signature.trustStoreConfig.trustStore.path);
      const jwksCert = signature?.jwksConfig?.clientConfig?.secureSocket;
      if (jwksCert?.cert !== undefined) jwksCert.cert = absCert(jwksCert.cert);
    } else if ('oauth2IntrospectionConfig' in record) {
      const socket = record.oauth2IntrospectionConfig.clientConfig?.secureSocket;
      if (socket?.cert !== undefined) socket.cert = absCert(socket.cert);
    } else if ('ldapUserStoreConfig' in record) {
      const socket = record.ldapUserStoreConfig.secureSocket;
      if (socket?.cert !== undefined) socket.cert = abs(socket.cert);
    }
  }
  return out;
}
