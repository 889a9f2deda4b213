/**
 * Decrypts a PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 §3): the `ENCRYPTED PRIVATE KEY` PEM
 * block and the PKCS#12 shrouded key bag. Done here rather than by node:crypto so both paths
 * accept the same algorithms (RC2 and non-ASCII passwords included) and a wrong password is
 * told apart from an unsupported algorithm.
 */
import { type Asn1, algorithm, decode, octets, sequence } from '../asn1.js';
import { Asn1Error, DecryptFailed } from '../internal-errors.js';
import { pbeDecrypt } from './decrypt.js';
import { type Passphrase } from './passphrase.js';

/** Whether `der` has the shape of an EncryptedPrivateKeyInfo (for telling DER key files apart). */
export function isEncryptedPrivateKeyInfo(der: Buffer): boolean {
  try {
    const [alg, data] = sequence(decode(der), 'EncryptedPrivateKeyInfo', 2);
    algorithm(alg, 'encryptionAlgorithm');
    octets(data, 'encryptedData');
    return true;
  } catch {
    return false;
  }
}

/** The PrivateKeyInfo DER inside the EncryptedPrivateKeyInfo `node`. */
export function decryptPrivateKeyInfo(node: Asn1, password: Passphrase): Buffer {
  const [algNode, dataNode] = sequence(node, 'EncryptedPrivateKeyInfo', 2);
  const plain = pbeDecrypt(algorithm(algNode, 'EncryptedPrivateKeyInfo encryptionAlgorithm'),
    octets(dataNode, 'EncryptedPrivateKeyInfo encryptedData'), password);
  // Padding that checks out by chance (1 in 256 for a wrong password) still leaves garbage.
  try {
    sequence(decode(plain), 'PrivateKeyInfo', 3);
  } catch (err) {
    if (err instanceof Asn1Error) throw new DecryptFailed('decryption failed');
    throw err;
  }
  return plain;
}
