/**
 * Reading a public key for signature verification (JWT `certFile`): from a certificate or a
 * bare public key, PEM or DER.
 */
import { type KeyObject, X509Certificate, createPublicKey } from 'node:crypto';
import { CERTIFICATE_LABELS } from './certificates.js';
import { CryptoError, CryptoErrorCode } from './errors.js';
import { describeLabels, looksLikePem, parsePem } from './pem.js';
import { quotePath, readFileOrThrow } from './read-file.js';

/** PEM labels of bare public keys and the node:crypto DER type each holds. */
const PUBLIC_KEY_LABELS: Readonly<Record<string, 'spki' | 'pkcs1'>> = { 'PUBLIC KEY': 'spki', 'RSA PUBLIC KEY': 'pkcs1' };

/**
 * The public key in `path`: the first certificate's (PEM or DER), or a PEM `PUBLIC KEY`
 * (SPKI) / `RSA PUBLIC KEY` (PKCS#1), or the same as DER. A private key file is refused: a
 * verifier should not be handed the signer's secret.
 */
export function loadPublicKey(path: string): KeyObject {
  const bytes = readFileOrThrow(path, 'public key file');
  const where = `public key file ${quotePath(path)}`;
  if (!looksLikePem(bytes)) return derPublicKey(bytes, where);
  const blocks = parsePem(bytes.toString('utf8'), where);
  for (const block of blocks) {
    const type = PUBLIC_KEY_LABELS[block.label];
    try {
      if (CERTIFICATE_LABELS.has(block.label)) return new X509Certificate(block.der).publicKey;
      if (type !== undefined) return createPublicKey({ key: block.der, format: 'der', type });
    } catch (err) {
      throw new CryptoError(CryptoErrorCode.FORMAT, `${where}: its ${block.label} block cannot be read`, { cause: err });
    }
  }
  const hint = blocks.some((b) => b.label.endsWith('PRIVATE KEY')) ? '; give the certificate or public key, not the private key' : '';
  throw new CryptoError(CryptoErrorCode.FORMAT, `${where} holds no CERTIFICATE or PUBLIC KEY block (${describeLabels(blocks)})${hint}`);
}

function derPublicKey(bytes: Buffer, where: string): KeyObject {
  try {
    return new X509Certificate(bytes).publicKey;
  } catch { /* not a DER certificate: try the key forms */ }
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: bytes, format: 'der', type });
    } catch { /* next form */ }
  }
  throw new CryptoError(CryptoErrorCode.FORMAT, `${where} is neither PEM nor a DER certificate or public key`);
}
