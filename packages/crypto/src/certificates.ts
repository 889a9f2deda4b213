/**
 * Reading X.509 certificates from PEM (one or many, e.g. a CA bundle) or DER files: the
 * HTTPS listener's certificate chain and CA, the HTTP client's trusted certificates, JWT
 * verification certificates.
 */
import { X509Certificate } from 'node:crypto';
import { CryptoError, CryptoErrorCode } from './errors.js';
import { type PemBlock, describeLabels, looksLikePem, parsePem } from './pem.js';
import { quotePath, readFileOrThrow } from './read-file.js';

/** PEM labels that hold a plain X.509 certificate (RFC 7468 §5.1, and the pre-RFC variant). */
export const CERTIFICATE_LABELS: ReadonlySet<string> = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);

/**
 * Every certificate in `path`, in file order: a PEM file of one or many `CERTIFICATE` blocks
 * (other blocks, such as a key in the same file, are skipped) or a single DER certificate.
 * Throws `POINTE_ERR_CRYPTO_FILE` if unreadable, `POINTE_ERR_CRYPTO_FORMAT` if it holds no certificate.
 */
export function loadCertificates(path: string): X509Certificate[] {
  const bytes = readFileOrThrow(path, 'certificate file');
  const where = `certificate file ${quotePath(path)}`;
  if (!looksLikePem(bytes)) return [derCertificate(bytes, where)];
  const blocks = parsePem(bytes.toString('utf8'), where);
  const certs = blocks.filter((b) => CERTIFICATE_LABELS.has(b.label)).map((b) => pemCertificate(b, where));
  if (certs.length === 0) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where} holds no CERTIFICATE block (${describeLabels(blocks)})`);
  }
  return certs;
}

/** A certificate from a PEM block already known to be labelled as one. */
export function pemCertificate(block: PemBlock, where: string): X509Certificate {
  try {
    return new X509Certificate(block.der);
  } catch (err) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where}: a ${block.label} block is not a valid X.509 certificate`, { cause: err });
  }
}

function derCertificate(bytes: Buffer, where: string): X509Certificate {
  try {
    return new X509Certificate(bytes);
  } catch (err) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where} is neither PEM nor a DER X.509 certificate`, { cause: err });
  }
}
