/**
 * Reads a certificate, key or key store file, turning an OS failure into a
 * `POINTE_ERR_CRYPTO_FILE` that names the path and the reason.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CryptoError, CryptoErrorCode } from './errors.js';

/**
 * The bytes of `path`. `what` names the file's role in the message ("certificate file",
 * "key store"), so the user knows which setting to fix.
 */
export function readFileOrThrow(path: string, what: string): Buffer {
  if (typeof path !== 'string' || path === '') {
    throw new CryptoError(CryptoErrorCode.FILE, `no path given for the ${what}`);
  }
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CryptoError(CryptoErrorCode.FILE, `cannot read ${what} ${quotePath(path)}: ${osReason(err)}`, { cause: err });
  }
}

/** `'certs/a.pem' (/srv/app/certs/a.pem)`: a relative path also shows where it resolved from the working directory. */
export function quotePath(path: string): string {
  return isAbsolute(path) ? `'${path}'` : `'${path}' (${resolve(path)})`;
}

/** `ENOENT: no such file or directory` from Node's `ENOENT: no such file or directory, open '/x'`. */
function osReason(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const text = err.message.split(', ')[0] ?? err.message;
    return code !== undefined && !text.startsWith(code) ? `${code}: ${text}` : text;
  }
  return String(err);
}
