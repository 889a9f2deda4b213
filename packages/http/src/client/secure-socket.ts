/**
 * `ClientConfiguration.secureSocket` → the TLS options of the client's connections, read once
 * when the client is built through `@pointe/crypto`'s one TLS reader: a file that cannot be
 * read fails the constructor with a `ClientError`, not the first request.
 */
import { describeError } from '@pointe/common';
import { type ClientSecureSocket, type ClientTlsOptions, clientTlsOptions as readClientTls } from '@pointe/crypto';
import { ClientError, ClientErrorCodes } from '../errors.js';

/** The TLS options for `secureSocket`; throws a `ClientError` when it cannot be loaded. */
export function clientTlsOptions(secureSocket: ClientSecureSocket | undefined): ClientTlsOptions {
  try {
    return readClientTls(secureSocket);
  } catch (err) {
    throw new ClientError(ClientErrorCodes.INVALID_SECURE_SOCKET, describeError(err), { cause: err });
  }
}
