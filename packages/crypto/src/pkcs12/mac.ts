/**
 * The PKCS#12 password-integrity check (RFC 7292 §5.1 MacData): an HMAC over the
 * AuthenticatedSafe keyed from the password, either by the PKCS#12 KDF (every writer's
 * default; SHA-1 for `-legacy`, SHA-256 for OpenSSL 3 and Java) or by PBKDF2 (PBMAC1, RFC 9579;
 * `openssl pkcs12 -pbmac1_pbkdf2`, FIPS set-ups). This is what tells a wrong store password
 * apart from a damaged file.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type Asn1, Asn1Type, algorithm, integer, isType, octets, sequence } from '../asn1.js';
import { Asn1Error, DecryptFailed, UnsupportedAlgorithm } from '../internal-errors.js';
import { DIGESTS, HMACS, OID } from '../oids.js';
import { type Passphrase } from '../pbe/passphrase.js';
import { checkIterations, pbkdf2, readPbkdf2Params } from '../pbe/pbkdf2.js';
import { KdfPurpose, pkcs12Kdf } from '../pbe/pkcs12-kdf.js';

/**
 * The first of `candidates` (encodings of the one password) whose MAC over `content` matches
 * `macData`. Throws `DecryptFailed` when none does.
 */
export function verifyMac(macData: Asn1, content: Buffer, candidates: readonly Passphrase[]): Passphrase {
  const [digestInfo, saltNode, iterationsNode] = sequence(macData, 'MacData', 2);
  const [algNode, digestNode] = sequence(digestInfo, 'MacData DigestInfo', 2);
  const alg = algorithm(algNode, 'MAC digestAlgorithm');
  const expected = octets(digestNode, 'MAC digest');
  const compute = alg.oid === OID.pbmac1
    ? pbmac1(alg.params, content)
    : pkcs12Hmac(alg.oid, octets(saltNode, 'MAC salt'),
      isType(iterationsNode, Asn1Type.INTEGER) ? checkIterations(integer(iterationsNode, 'MAC iterations')) : 1, content);
  for (const candidate of candidates) {
    const actual = compute(candidate);
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return candidate;
  }
  throw new DecryptFailed('the key store integrity check failed');
}

/** RFC 7292 App. B: MAC key from the PKCS#12 KDF (purpose 3), as long as the digest's output. */
function pkcs12Hmac(digestOid: string, salt: Buffer, iterations: number, content: Buffer): (p: Passphrase) => Buffer {
  const digest = DIGESTS[digestOid];
  if (digest === undefined) throw new UnsupportedAlgorithm(`MAC digest ${digestOid}`);
  const keyLength = createHash(digest).digest().length;
  return (p) => createHmac(digest, pkcs12Kdf(digest, p.bmp, salt, iterations, KdfPurpose.mac, keyLength)).update(content).digest();
}

/** RFC 9579 §5: PBMAC1-params { keyDerivationFunc PBKDF2 (keyLength required), messageAuthScheme HMAC }. */
function pbmac1(params: Asn1 | undefined, content: Buffer): (p: Passphrase) => Buffer {
  const [kdfNode, schemeNode] = sequence(params, 'PBMAC1-params', 2);
  const kdf = algorithm(kdfNode, 'PBMAC1 keyDerivationFunc');
  if (kdf.oid !== OID.pbkdf2) throw new UnsupportedAlgorithm(`PBMAC1 key derivation ${kdf.oid}`);
  const kdfParams = readPbkdf2Params(kdf.params);
  const scheme = algorithm(schemeNode, 'PBMAC1 messageAuthScheme');
  const hmac = HMACS[scheme.oid];
  if (hmac === undefined) throw new UnsupportedAlgorithm(`PBMAC1 MAC ${scheme.oid}`);
  const keyLength = kdfParams.keyLength;
  // RFC 9579 §5: the PBKDF2 keyLength MUST be present.
  if (keyLength === undefined || keyLength < 1 || keyLength > 1024) throw new Asn1Error('PBMAC1 PBKDF2 keyLength is missing or invalid');
  return (p) => createHmac(hmac, pbkdf2(p.utf8, kdfParams, keyLength)).update(content).digest();
}
