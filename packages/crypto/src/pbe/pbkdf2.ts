/**
 * PBKDF2 parameters (RFC 8018 App. A.2), shared by PBES2 encryption and the PBMAC1 MAC.
 */
import { pbkdf2Sync } from 'node:crypto';
import { type Asn1, Asn1Type, algorithm, integer, isType, octets, sequence } from '../asn1.js';
import { Asn1Error, UnsupportedAlgorithm } from '../internal-errors.js';
import { HMACS } from '../oids.js';

/**
 * Iteration counts above this are refused: a crafted file must not stall start-up for minutes.
 * Real files use 2048 (OpenSSL) to 10000 (Java); the cap matches Java's PKCS#12 reader.
 */
export const MAX_ITERATIONS = 5_000_000;

/** Decoded PBKDF2-params. */
export interface Pbkdf2Params {
  readonly salt: Buffer;
  readonly iterations: number;
  /** Absent when the parameters leave it to the cipher. */
  readonly keyLength: number | undefined;
  /** node:crypto digest name of the PRF (default hmacWithSHA1). */
  readonly digest: string;
}

/** Reads PBKDF2-params; an unsupported PRF throws `UnsupportedAlgorithm`. */
export function readPbkdf2Params(node: Asn1 | undefined): Pbkdf2Params {
  const fields = sequence(node, 'PBKDF2-params', 2);
  // salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier }: only `specified` is in use.
  const salt = octets(fields[0], 'PBKDF2 salt');
  const iterations = checkIterations(integer(fields[1], 'PBKDF2 iterationCount'));
  let rest = fields.slice(2);
  let keyLength: number | undefined;
  if (isType(rest[0], Asn1Type.INTEGER)) {
    keyLength = integer(rest[0], 'PBKDF2 keyLength');
    rest = rest.slice(1);
  }
  let digest = 'sha1';
  if (rest[0] !== undefined) {
    const prf = algorithm(rest[0], 'PBKDF2 prf');
    const name = HMACS[prf.oid];
    if (name === undefined) throw new UnsupportedAlgorithm(`PBKDF2 PRF ${prf.oid}`);
    digest = name;
  }
  return { salt, iterations, keyLength, digest };
}

/** PBKDF2 of the UTF-8 password. */
export function pbkdf2(password: Buffer, params: Pbkdf2Params, length: number): Buffer {
  return pbkdf2Sync(password, params.salt, params.iterations, length, params.digest);
}

/** `n` if it is a sane iteration count. */
export function checkIterations(n: number): number {
  if (n < 1 || n > MAX_ITERATIONS) throw new Asn1Error(`iteration count ${n} is outside 1..${MAX_ITERATIONS}`);
  return n;
}
