/**
 * Checks the URL and the plain settings of a `Client` when it is built, so a mistake fails
 * the constructor with a message naming the field, instead of a request later.
 */
import { NOT_IN_FIELD_VALUE } from '@pointe/common';
import { ClientError, ClientErrorCodes, clientConfigError } from '../errors.js';
import type { ClientConfiguration } from './config.js';
import { HTTP_VERSIONS, type ClientHttpVersion } from './http-version.js';

/** The code of a `ClientConfiguration` field that cannot work. */
export const INVALID_CLIENT_CONFIG = ClientErrorCodes.INVALID_CONFIG;

const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024;
const FIELDS = ['auth', 'secureSocket', 'httpVersion', 'timeout', 'customHeaders', 'maxResponseSize'];
/** RFC 9110 §5.1 token: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Where the client sends its requests. */
export interface ClientTarget {
  /** `https://host:port`. */
  origin: string;
  /** The URL's path without a trailing `/` (`''` for the root): request paths are appended to it. */
  basePath: string;
}

/** The settings the client uses, with defaults applied. */
export interface ClientSettings {
  timeoutSeconds: number;
  httpVersion: ClientHttpVersion;
  /** Lower-case names. */
  customHeaders: Record<string, string>;
  /** Bytes; -1 for no limit. */
  maxResponseSize: number;
}

/** Parses the client's URL: absolute `http:` or `https:`, without credentials, query or fragment. */
export function parseClientUrl(url: string): ClientTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new ClientError(ClientErrorCodes.INVALID_URL, `the client URL is not an absolute URL (like https://localhost:9090)`, {
      cause: err,
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ClientError(ClientErrorCodes.INVALID_URL, `the client URL must be http: or https:, not ${parsed.protocol}`);
  }
  // Credentials in the URL would not be sent as Basic auth and would end up in logs.
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ClientError(ClientErrorCodes.INVALID_URL, 'the client URL must not hold credentials: put them in the auth config');
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new ClientError(
      ClientErrorCodes.INVALID_URL,
      `the client URL ${parsed.origin}${parsed.pathname} must not have a query or fragment; give the query with each request's path`,
    );
  }
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}

/** Checks the plain fields of `config` and applies the defaults. */
export function checkClientSettings(config: ClientConfiguration, target: ClientTarget): ClientSettings {
  if (typeof config !== 'object' || config === null) throw clientConfigError('the client configuration must be an object');
  const unknown = Object.keys(config).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) {
    throw clientConfigError(`the client configuration has unknown field(s) ${unknown.map((f) => `'${f}'`).join(', ')}; it takes ${FIELDS.join(', ')}`);
  }

  const timeoutSeconds = config.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw clientConfigError(`timeout must be a number of seconds above 0, got ${String(config.timeout)}`);
  }

  const httpVersion = config.httpVersion ?? '1.1';
  if (!HTTP_VERSIONS.includes(httpVersion)) {
    throw clientConfigError(`httpVersion must be '1.1' or '2', got ${JSON.stringify(config.httpVersion)}`);
  }
  // undici offers HTTP/2 in the TLS handshake (ALPN) only; it does not speak cleartext h2c.
  if (httpVersion === '2' && target.origin.startsWith('http:')) {
    throw clientConfigError(`httpVersion '2' needs an https: URL (HTTP/2 is negotiated in the TLS handshake), got ${target.origin}`);
  }

  const customHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.customHeaders ?? {})) {
    if (!HEADER_NAME.test(name)) throw clientConfigError(`customHeaders: '${name}' is not a valid header name`);
    // A CR or LF in a value would let it inject headers of its own.
    if (typeof value !== 'string' || NOT_IN_FIELD_VALUE.test(value)) {
      throw clientConfigError(`customHeaders: the value of '${name}' must be a string without control characters (CR, LF...)`);
    }
    customHeaders[name.toLowerCase()] = value;
  }
  const maxResponseSize = config.maxResponseSize ?? DEFAULT_MAX_RESPONSE_SIZE;
  if (!Number.isSafeInteger(maxResponseSize) || (maxResponseSize < 1 && maxResponseSize !== -1)) {
    throw clientConfigError(`maxResponseSize must be a number of bytes ≥ 1, or -1 for no limit, got ${String(config.maxResponseSize)}`);
  }
  return { timeoutSeconds, httpVersion, customHeaders, maxResponseSize };
}
