/**
 * `secureSocket` → `node:https` options, read and checked at `start()` through `@pointe/crypto`'s
 * one TLS reader, so an unreadable certificate or a wrong key password fails there, with the
 * field named, and never later.
 */
import { ConfigError, describeError } from '@pointe/common';
import { type ListenerSecureSocket, type ServerTlsOptions, listenerTlsOptions } from '@pointe/crypto';
import { ListenerCodes } from '../errors.js';

/** Reads every file `secureSocket` names and returns options for `https.createServer`. */
export function buildHttpsOptions(secureSocket: ListenerSecureSocket): ServerTlsOptions {
  try {
    return listenerTlsOptions(secureSocket);
  } catch (err) {
    const reason = describeError(err);
    const hint = /password|passphrase|bad decrypt|mac verify/i.test(reason) ? ' (wrong keyPassword or key store password?)' : '';
    throw new ConfigError(ListenerCodes.POINTE_ERR_INVALID_SECURE_SOCKET, `listener: ${reason}${hint}`, { cause: err });
  }
}
