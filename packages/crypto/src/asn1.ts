/**
 * A thin, typed reading layer over node-forge's BER decoder (which copes with the indefinite
 * lengths and chunked OCTET STRINGs that Java and Windows write into PKCS#12 files).
 * Structural problems throw `Asn1Error`; callers turn it into a `POINTE_ERR_CRYPTO_FORMAT`
 * that names the file.
 */
import { describeError } from '@pointe/common';
import forge from 'node-forge';
import { Asn1Error } from './internal-errors.js';

/** One decoded ASN.1 element. */
export type Asn1 = forge.asn1.Asn1;

const { Class, Type } = forge.asn1;

/** forge accepts an options object that its type declarations do not describe. */
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: string,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => Asn1;

/** Decodes one BER/DER element that must span all of `bytes`. */
export function decode(bytes: Buffer): Asn1 {
  try {
    // decodeBitStrings=false: keep BIT STRINGs as bytes, never guess at nested ASN.1.
    return fromDer(bytes.toString('binary'), { strict: true, parseAllBytes: true, decodeBitStrings: false });
  } catch (err) {
    throw new Asn1Error(`not valid DER/BER (${describeError(err)})`);
  }
}

/** Re-encodes a decoded element as DER. */
export function encode(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

/** The elements of a SEQUENCE (or SET), which must have at least `min`. */
export function sequence(node: Asn1 | undefined, what: string, min = 0): Asn1[] {
  if (node === undefined || node.tagClass !== Class.UNIVERSAL || (node.type !== Type.SEQUENCE && node.type !== Type.SET)
    || !Array.isArray(node.value) || node.value.length < min) {
    throw new Asn1Error(`${what} is not a SEQUENCE of at least ${min} elements`);
  }
  return node.value;
}

/** The dotted form of an OBJECT IDENTIFIER. */
export function oid(node: Asn1 | undefined, what: string): string {
  if (node === undefined || node.tagClass !== Class.UNIVERSAL || node.type !== Type.OID || typeof node.value !== 'string') {
    throw new Asn1Error(`${what} is not an OBJECT IDENTIFIER`);
  }
  return forge.asn1.derToOid(node.value);
}

/** A non-negative INTEGER small enough for a JavaScript number (iteration counts, lengths, versions). */
export function integer(node: Asn1 | undefined, what: string): number {
  if (node === undefined || node.tagClass !== Class.UNIVERSAL || node.type !== Type.INTEGER || typeof node.value !== 'string'
    || node.value.length === 0 || node.value.length > 6 || (node.value.charCodeAt(0) & 0x80) !== 0) {
    throw new Asn1Error(`${what} is not a small non-negative INTEGER`);
  }
  let n = 0;
  for (let i = 0; i < node.value.length; i++) n = n * 256 + node.value.charCodeAt(i);
  return n;
}

/**
 * The bytes of an OCTET STRING, primitive or constructed from chunks (BER), also under an
 * IMPLICIT context tag (`[0] IMPLICIT OCTET STRING`, as in EncryptedContentInfo).
 */
export function octets(node: Asn1 | undefined, what: string, implicitTag = false): Buffer {
  const tagOk = node !== undefined && (implicitTag
    ? node.tagClass === Class.CONTEXT_SPECIFIC
    : node.tagClass === Class.UNIVERSAL && node.type === Type.OCTETSTRING);
  if (!tagOk) throw new Asn1Error(`${what} is not an OCTET STRING`);
  if (typeof node.value === 'string') return Buffer.from(node.value, 'binary');
  return Buffer.concat(node.value.map((chunk) => octets(chunk, what)));
}

/** The element inside an `[n] EXPLICIT` tag. */
export function explicit(node: Asn1 | undefined, tag: number, what: string): Asn1 {
  if (node === undefined || node.tagClass !== Class.CONTEXT_SPECIFIC || node.type !== tag || !Array.isArray(node.value)
    || node.value.length !== 1 || node.value[0] === undefined) {
    throw new Asn1Error(`${what} is not an [${tag}] EXPLICIT element`);
  }
  return node.value[0];
}

/** Whether `node` is a universal element of the given type (for OPTIONAL/DEFAULT fields). */
export function isType(node: Asn1 | undefined, type: forge.asn1.Type): boolean {
  return node !== undefined && node.tagClass === Class.UNIVERSAL && node.type === type;
}

/** The text of a BMPString (decoded by forge) or UTF8String; `undefined` for other types. */
export function text(node: Asn1 | undefined): string | undefined {
  if (node === undefined || node.tagClass !== Class.UNIVERSAL || typeof node.value !== 'string') return undefined;
  if (node.type === Type.BMPSTRING) return node.value;
  if (node.type === Type.UTF8) return Buffer.from(node.value, 'binary').toString('utf8');
  return undefined;
}

/** An AlgorithmIdentifier: its OID and its (optional) parameters. */
export interface AlgorithmIdentifier {
  readonly oid: string;
  readonly params: Asn1 | undefined;
}

/** Reads an AlgorithmIdentifier (`SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`). */
export function algorithm(node: Asn1 | undefined, what: string): AlgorithmIdentifier {
  const [id, params] = sequence(node, what, 1);
  return { oid: oid(id, `${what} algorithm`), params };
}

export { Type as Asn1Type };
