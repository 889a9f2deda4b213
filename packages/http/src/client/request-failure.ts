/**
 * Turns a failed exchange (timeout, refused connection, TLS failure...) into a `ClientError`
 * whose message says what happened to which call and what to check, with the original
 * error as its `cause`. Messages name the method and URL only: never headers, credentials
 * or the query string (which may carry an API key).
 */
import { describeError } from '@pointe/common';
import { ClientError, ClientErrorCodes } from '../errors.js';

/** undici's and Node's codes for a deadline that passed. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** OpenSSL's verification codes for a server certificate the client does not trust. */
const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * The `ClientError` for `err`, raised by the call `call` (`GET https://host/path`).
 * `timedOut` is set when the call's own deadline aborted it.
 */
export function requestFailure(err: unknown, call: string, timeoutSeconds: number, timedOut: boolean): ClientError {
  if (err instanceof ClientError) return err;
  const code = errorCode(err);
  const fail = (what: string) => new ClientError(ClientErrorCodes.REQUEST_FAILED, `${call} failed: ${what}`, { cause: err });

  if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new ClientError(
      ClientErrorCodes.REQUEST_FAILED,
      `${call} timed out after ${timeoutSeconds} s (ClientConfiguration.timeout)`,
      { cause: err },
    );
  }
  if (code === undefined) return fail(describeError(err));
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return fail('the response body is larger than ClientConfiguration.maxResponseSize (default 64 MiB); raise it, or -1 for no limit');
  }
  if (code === 'ECONNREFUSED') return fail('connection refused (ECONNREFUSED): is the server running on that host and port?');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail(`the host name cannot be resolved (${code})`);
  if (UNTRUSTED_CODES.has(code)) {
    return fail(
      `the server's TLS certificate is not trusted (${code}: ${describeError(err)}); ` +
        'set secureSocket.cert to the CA (or the certificate) that the server uses',
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return fail(`the server's TLS certificate is not valid for this host name (${describeError(err)})`);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return fail(`the server's TLS certificate is not valid now (${code})`);
  }
  if (/^ERR_SSL_.*ALERT_(CERTIFICATE|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE)/.test(code)) {
    return fail(`the server refused the TLS handshake (${code}); does it require a client certificate (secureSocket.key) it trusts?`);
  }
  if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') return fail('the client is closed');
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') {
    // In TLS 1.3 a server refuses a client certificate after the client's side of the
    // handshake is done, so the client only sees the connection close.
    const hint = call.includes(' https:')
      ? 'a server that requires a client certificate does this when secureSocket.key is missing or not trusted'
      : 'is it an HTTPS port?';
    return fail(`the server closed the connection (${code}: ${describeError(err)}); ${hint}`);
  }
  return fail(`${describeError(err)} (${code})`);
}

/** The error code of `err`, looking into `cause` and the first of an `AggregateError`'s errors. */
function errorCode(err: unknown): string | undefined {
  for (let current = err, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string') return code;
    const errors = (current as { errors?: unknown }).errors;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : (current as { cause?: unknown }).cause;
  }
  return undefined;
}
