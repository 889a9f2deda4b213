/**
 * Decoding a PKCS#12 PFX (RFC 7292) into its safe bags: check the version, verify the
 * password MAC, decrypt the encrypted safe contents, and read each bag's attributes.
 * Shrouded key bags stay encrypted until a key is asked for, because a key may have its own
 * password.
 *
 * node-forge's own `pkcs12FromAsn1` is not used: it cannot open stores with a non-ASCII
 * password (it feeds PBKDF2 the UTF-16 code units' low bytes instead of UTF-8), RC2-128,
 * 2-key 3DES, Camellia/ARIA or PBMAC1 stores, and it turns EC and Ed25519 keys and
 * certificates into opaque ASN.1. Its BER decoder and RC2 cipher are used underneath.
 */
import { type Asn1, algorithm, decode, encode, explicit, integer, octets, oid, sequence, text } from '../asn1.js';
import { Asn1Error, DecryptFailed, UnsupportedAlgorithm } from '../internal-errors.js';
import { OID } from '../oids.js';
import { pbeDecrypt } from '../pbe/decrypt.js';
import { type Passphrase, absentBmpPassphrase, passphrase } from '../pbe/passphrase.js';
import { verifyMac } from './mac.js';

/** PKCS#12 bag attributes Pointe reads (RFC 7292 §4.2, PKCS#9). */
export interface BagAttributes {
  /** The alias (`friendlyName`, a BMPString). */
  readonly friendlyName: string | undefined;
  /** `localKeyId`, hex: pairs a key bag with its certificate bag. */
  readonly localKeyId: string | undefined;
  /** Java's trusted-certificate marker (keytool `-importcert`). */
  readonly javaTrusted: boolean;
}

/** One safe bag of a decoded store, in file order. */
export type SafeBag =
  | { readonly kind: 'key'; readonly privateKeyInfo: Buffer; readonly attributes: BagAttributes }
  | { readonly kind: 'shrouded-key'; readonly encryptedPrivateKeyInfo: Asn1; readonly attributes: BagAttributes }
  | { readonly kind: 'certificate'; readonly der: Buffer; readonly attributes: BagAttributes };

/** A decoded store: its bags, and the password encoding that opened it (for its shrouded keys). */
export interface DecodedPfx {
  readonly bags: readonly SafeBag[];
  readonly passphrase: Passphrase;
}

/** Safe contents bags may nest; real stores never go past one level. */
const MAX_NESTING = 4;

/**
 * Decodes the PFX `bytes` opened with `password`. Throws `DecryptFailed` for a wrong
 * password, `UnsupportedAlgorithm` and `Asn1Error` for stores Pointe cannot read.
 */
export function decodePfx(bytes: Buffer, password: string): DecodedPfx {
  const [versionNode, authSafeNode, macData] = sequence(decode(bytes), 'PFX', 2);
  const version = integer(versionNode, 'PFX version');
  if (version !== 3) throw new Asn1Error(`PFX version ${version} is not 3`);
  const authSafe = contentInfo(authSafeNode, 'PFX authSafe');
  if (authSafe.type === OID.signedData) throw new UnsupportedAlgorithm('public-key integrity (a signed PFX)');
  if (authSafe.type !== OID.data) throw new Asn1Error(`PFX authSafe content type ${authSafe.type} is not data`);
  const authSafeBytes = octets(authSafe.content, 'PFX authSafe data');

  // OpenSSL and Java feed an empty password to the KDF either as a lone terminator or as nothing.
  const candidates = password === '' ? [passphrase(''), absentBmpPassphrase()] : [passphrase(password)];
  if (macData !== undefined) {
    const verified = verifyMac(macData, authSafeBytes, candidates);
    return { bags: readAuthenticatedSafe(authSafeBytes, verified), passphrase: verified };
  }
  // No MAC (`-nomac`): the first candidate that decrypts the contents is the password.
  let failure: unknown;
  for (const candidate of candidates) {
    try {
      return { bags: readAuthenticatedSafe(authSafeBytes, candidate), passphrase: candidate };
    } catch (err) {
      if (!(err instanceof DecryptFailed)) throw err;
      failure = err;
    }
  }
  throw failure;
}

/** AuthenticatedSafe ::= SEQUENCE OF ContentInfo, each plain `data` or password-`encryptedData`. */
function readAuthenticatedSafe(authSafeBytes: Buffer, password: Passphrase): SafeBag[] {
  const bags: SafeBag[] = [];
  for (const node of sequence(decode(authSafeBytes), 'AuthenticatedSafe')) {
    const info = contentInfo(node, 'AuthenticatedSafe ContentInfo');
    if (info.type === OID.data) {
      readSafeContents(decode(octets(info.content, 'SafeContents data')), bags, 0);
    } else if (info.type === OID.encryptedData) {
      readSafeContents(decryptSafeContents(info.content, password), bags, 0);
    } else if (info.type === OID.envelopedData) {
      throw new UnsupportedAlgorithm('public-key privacy (an enveloped PFX)');
    } else {
      throw new Asn1Error(`AuthenticatedSafe content type ${info.type} is not data or encryptedData`);
    }
  }
  return bags;
}

/**
 * EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, contentEncryptionAlgorithm,
 * encryptedContent [0] IMPLICIT OCTET STRING } } (RFC 5652 §8). How every writer protects certificates.
 */
function decryptSafeContents(node: Asn1 | undefined, password: Passphrase): Asn1 {
  const [, encryptedContentInfo] = sequence(node, 'EncryptedData', 2);
  const [, algNode, contentNode] = sequence(encryptedContentInfo, 'EncryptedContentInfo', 3);
  const plain = pbeDecrypt(algorithm(algNode, 'contentEncryptionAlgorithm'), octets(contentNode, 'encryptedContent', true), password);
  try {
    return decode(plain);
  } catch (err) {
    // Padding that checks out by chance (1 in 256 for a wrong password) still leaves garbage.
    if (err instanceof Asn1Error) throw new DecryptFailed('decryption failed');
    throw err;
  }
}

/** SafeContents ::= SEQUENCE OF SafeBag { bagId, bagValue [0] EXPLICIT, bagAttributes SET OPTIONAL }. */
function readSafeContents(node: Asn1, out: SafeBag[], depth: number): void {
  if (depth > MAX_NESTING) throw new Asn1Error('SafeContents nested too deeply');
  for (const bagNode of sequence(node, 'SafeContents')) {
    const [idNode, valueNode, attributesNode] = sequence(bagNode, 'SafeBag', 2);
    const bagId = oid(idNode, 'SafeBag bagId');
    const value = explicit(valueNode, 0, 'SafeBag bagValue');
    const attributes = readAttributes(attributesNode);
    if (bagId === OID.keyBag) {
      out.push({ kind: 'key', privateKeyInfo: encode(value), attributes });
    } else if (bagId === OID.pkcs8ShroudedKeyBag) {
      out.push({ kind: 'shrouded-key', encryptedPrivateKeyInfo: value, attributes });
    } else if (bagId === OID.certBag) {
      const [certIdNode, certValueNode] = sequence(value, 'CertBag', 2);
      // sdsiCertificate bags exist in the standard only; skip anything but X.509.
      if (oid(certIdNode, 'CertBag certId') === OID.x509Certificate) {
        out.push({ kind: 'certificate', der: octets(explicit(certValueNode, 0, 'CertBag certValue'), 'x509Certificate'), attributes });
      }
    } else if (bagId === OID.safeContentsBag) {
      readSafeContents(value, out, depth + 1);
    }
    // crlBag and secretBag hold nothing a TLS or JWT configuration can use: skipped.
  }
}

/** PKCS12Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY }. */
function readAttributes(node: Asn1 | undefined): BagAttributes {
  let friendlyName: string | undefined;
  let localKeyId: string | undefined;
  let javaTrusted = false;
  for (const attribute of node === undefined ? [] : sequence(node, 'bagAttributes')) {
    const [idNode, valuesNode] = sequence(attribute, 'PKCS12Attribute', 2);
    const id = oid(idNode, 'attrId');
    const first = sequence(valuesNode, 'attrValues')[0];
    if (id === OID.friendlyName) friendlyName = text(first);
    else if (id === OID.localKeyId && first !== undefined) localKeyId = octets(first, 'localKeyId').toString('hex');
    else if (id === OID.javaTrustedKeyUsage) javaTrusted = true;
  }
  return { friendlyName, localKeyId, javaTrusted };
}

/** ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY OPTIONAL } (RFC 5652 §3). */
function contentInfo(node: Asn1 | undefined, what: string): { type: string; content: Asn1 | undefined } {
  const [typeNode, contentNode] = sequence(node, what, 1);
  return { type: oid(typeNode, `${what} contentType`), content: contentNode === undefined ? undefined : explicit(contentNode, 0, what) };
}
