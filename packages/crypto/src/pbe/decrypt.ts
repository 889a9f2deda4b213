/**
 * Password-based decryption of the two algorithm families PKCS#8 and PKCS#12 files use:
 * PBES2 (RFC 8018 §6.2: PBKDF2 + a block cipher; what OpenSSL 3 and Java write by default) and
 * the PKCS#12 `pbeWithSHAAnd…` ciphers (RFC 7292 App. C; what `-legacy`, older OpenSSL,
 * macOS and Windows write). Ciphers run on node:crypto; RC2, which Node's OpenSSL 3 keeps in
 * its unloaded legacy provider, runs on node-forge.
 */
import { createDecipheriv, getCipherInfo } from 'node:crypto';
import forge from 'node-forge';
import { type AlgorithmIdentifier, algorithm, integer, octets, sequence } from '../asn1.js';
import { Asn1Error, DecryptFailed, UnsupportedAlgorithm } from '../internal-errors.js';
import { OID, PBES2_CIPHERS, UNSUPPORTED_NAMES } from '../oids.js';
import { type Passphrase } from './passphrase.js';
import { checkIterations, pbkdf2, readPbkdf2Params } from './pbkdf2.js';
import { KdfPurpose, pkcs12Kdf } from './pkcs12-kdf.js';

/** The PKCS#12 PBE ciphers (RFC 7292 App. C) Pointe decrypts: key length and cipher. */
const PKCS12_PBE: Readonly<Record<string, { keyLength: number; cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2' }>> = {
  [OID.pbeWithSHAAnd3KeyTripleDESCBC]: { keyLength: 24, cipher: 'des-ede3-cbc' },
  [OID.pbeWithSHAAnd2KeyTripleDESCBC]: { keyLength: 16, cipher: 'des-ede-cbc' },
  [OID.pbeWithSHAAnd128BitRC2CBC]: { keyLength: 16, cipher: 'rc2' },
  [OID.pbeWithSHAAnd40BitRC2CBC]: { keyLength: 5, cipher: 'rc2' },
};

/**
 * Decrypts `ciphertext` under the password-based `scheme`. Throws `DecryptFailed` for a
 * wrong password, `UnsupportedAlgorithm` for an algorithm Pointe does not implement and
 * `Asn1Error` for malformed parameters.
 */
export function pbeDecrypt(scheme: AlgorithmIdentifier, ciphertext: Buffer, password: Passphrase): Buffer {
  if (scheme.oid === OID.pbes2) return pbes2Decrypt(scheme.params, ciphertext, password);
  const pkcs12 = PKCS12_PBE[scheme.oid];
  if (pkcs12 !== undefined) return pkcs12PbeDecrypt(pkcs12, scheme.params, ciphertext, password);
  throw new UnsupportedAlgorithm(`password-based encryption ${UNSUPPORTED_NAMES[scheme.oid] ?? scheme.oid}`);
}

/** PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme } (RFC 8018 App. A.4). */
function pbes2Decrypt(params: AlgorithmIdentifier['params'], ciphertext: Buffer, password: Passphrase): Buffer {
  const [kdfNode, schemeNode] = sequence(params, 'PBES2-params', 2);
  const kdf = algorithm(kdfNode, 'PBES2 keyDerivationFunc');
  if (kdf.oid !== OID.pbkdf2) throw new UnsupportedAlgorithm(`PBES2 key derivation ${kdf.oid}`);
  const kdfParams = readPbkdf2Params(kdf.params);
  const scheme = algorithm(schemeNode, 'PBES2 encryptionScheme');
  const cipher = PBES2_CIPHERS[scheme.oid];
  if (cipher === undefined) throw new UnsupportedAlgorithm(`PBES2 cipher ${UNSUPPORTED_NAMES[scheme.oid] ?? scheme.oid}`);
  const keyLength = keyLengthOf(cipher);
  if (kdfParams.keyLength !== undefined && kdfParams.keyLength !== keyLength) {
    throw new Asn1Error(`PBKDF2 keyLength ${kdfParams.keyLength} does not fit ${cipher}`);
  }
  const iv = octets(scheme.params, `${cipher} IV`);
  const key = pbkdf2(password.utf8, kdfParams, keyLength);
  return nodeDecrypt(cipher, key, iv, ciphertext);
}

/** pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER } (RFC 7292 App. C). */
function pkcs12PbeDecrypt(
  alg: { keyLength: number; cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2' },
  params: AlgorithmIdentifier['params'], ciphertext: Buffer, password: Passphrase,
): Buffer {
  const [saltNode, iterationsNode] = sequence(params, 'pkcs-12PbeParams', 2);
  const salt = octets(saltNode, 'PBE salt');
  const iterations = checkIterations(integer(iterationsNode, 'PBE iterations'));
  const key = pkcs12Kdf('sha1', password.bmp, salt, iterations, KdfPurpose.key, alg.keyLength);
  const iv = pkcs12Kdf('sha1', password.bmp, salt, iterations, KdfPurpose.iv, 8);
  return alg.cipher === 'rc2' ? rc2Decrypt(key, iv, ciphertext) : nodeDecrypt(alg.cipher, key, iv, ciphertext);
}

function nodeDecrypt(cipher: string, key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  let decipher;
  try {
    decipher = createDecipheriv(cipher, key, iv);
  } catch (err) {
    // A bad IV length is a malformed file; a cipher this Node build lacks is unsupported.
    if (err instanceof Error && /iv/i.test(err.message)) throw new Asn1Error(`${cipher} IV has the wrong length`);
    throw new UnsupportedAlgorithm(`${cipher} (not available in this Node.js build)`);
  }
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new DecryptFailed('decryption failed');
  }
}

/** RC2-CBC with the effective key length equal to the key length (40 or 128 bits), as RFC 7292 specifies. */
function rc2Decrypt(key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const decipher = forge.rc2.createDecryptionCipher(key.toString('binary'), key.length * 8);
  decipher.start(iv.toString('binary'));
  decipher.update(forge.util.createBuffer(ciphertext.toString('binary')));
  // Unpad here, strictly (PKCS#7 padding, RFC 8018 §6.1.1), rather than with forge's lenient check.
  if (ciphertext.length === 0 || ciphertext.length % 8 !== 0 || !decipher.finish(() => true)) throw new DecryptFailed('decryption failed');
  const padded = Buffer.from(decipher.output.getBytes(), 'binary');
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > 8 || !padded.subarray(padded.length - pad).every((b) => b === pad)) throw new DecryptFailed('decryption failed');
  return padded.subarray(0, padded.length - pad);
}

function keyLengthOf(cipher: string): number {
  const info = getCipherInfo(cipher);
  if (info === undefined) throw new UnsupportedAlgorithm(`${cipher} (not available in this Node.js build)`);
  return info.keyLength;
}
