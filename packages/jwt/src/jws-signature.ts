/**
 * Verifying a JWS signature (RFC 7515 §5.2 step 8) with node:crypto, synchronously, for the
 * algorithms of RFC 7518 §3 and RFC 8037.
 *
 * jose verifies through WebCrypto, which per call converts its arguments (WebIDL), normalises
 * the algorithm and hops to the thread pool and back; for a 2 KB token the crypto itself is
 * the smaller part of that. `crypto.verify` on a `KeyObject` runs the same OpenSSL primitive
 * on the calling thread.
 *
 * The caller has already checked `alg` against the algorithms the key allows (the key, not
 * the token, decides: `algorithms.ts`). The key type is checked again here, so that no path
 * can hand an RSA public key to HMAC (algorithm confusion) or a secret to a signature check.
 */
import { constants, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { SigningAlgorithm } from './algorithms.js';

type Verifier = (key: KeyObject, signingInput: string, signature: Buffer) => boolean;

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' } as const;

/** RFC 7518 §3.2: HMAC; compared in constant time, after the length (which is public) is checked. */
const hmac =
  (hash: string): Verifier =>
  (key, signingInput, signature) => {
    if (key.type !== 'secret') return false;
    const expected = createHmac(hash, key).update(signingInput, 'latin1').digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  };

/** RFC 7518 §3.3: RSASSA-PKCS1-v1_5. */
const pkcs1 =
  (hash: string): Verifier =>
  (key, signingInput, signature) =>
    key.type === 'public' && key.asymmetricKeyType === 'rsa' && verify(hash, Buffer.from(signingInput, 'latin1'), key, signature);

/** RFC 7518 §3.5: RSASSA-PSS with MGF1 on the same hash and a salt as long as the hash. */
const pss =
  (hash: string): Verifier =>
  (key, signingInput, signature) =>
    key.type === 'public' &&
    (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') &&
    verify(
      hash,
      Buffer.from(signingInput, 'latin1'),
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      signature,
    );

/**
 * RFC 7518 §3.4: ECDSA, the signature being R || S of the curve's size (not DER). A
 * signature of another length is refused before OpenSSL sees it.
 */
const ecdsa =
  (hash: string, signatureBytes: number): Verifier =>
  (key, signingInput, signature) =>
    key.type === 'public' &&
    key.asymmetricKeyType === 'ec' &&
    signature.length === signatureBytes &&
    verify(hash, Buffer.from(signingInput, 'latin1'), { key, dsaEncoding: 'ieee-p1363' }, signature);

/** RFC 8037 §3.1: EdDSA with Ed25519 (the only curve `algorithmsForKey` allows); the hash is part of the scheme. */
const eddsa: Verifier = (key, signingInput, signature) =>
  key.type === 'public' &&
  key.asymmetricKeyType === 'ed25519' &&
  signature.length === 64 &&
  verify(null, Buffer.from(signingInput, 'latin1'), key, signature);

/** A `Map`, not an object: no `alg` string can reach an inherited property. */
const VERIFIERS: ReadonlyMap<SigningAlgorithm, Verifier> = new Map<SigningAlgorithm, Verifier>([
  ['HS256', hmac(HASH[256])],
  ['HS384', hmac(HASH[384])],
  ['HS512', hmac(HASH[512])],
  ['RS256', pkcs1(HASH[256])],
  ['RS384', pkcs1(HASH[384])],
  ['RS512', pkcs1(HASH[512])],
  ['PS256', pss(HASH[256])],
  ['PS384', pss(HASH[384])],
  ['PS512', pss(HASH[512])],
  ['ES256', ecdsa(HASH[256], 64)],
  ['ES384', ecdsa(HASH[384], 96)],
  ['ES512', ecdsa(HASH[512], 132)],
  ['EdDSA', eddsa],
]);

/**
 * Whether `signature` is `alg`'s signature of `signingInput` under `key`. False, never a
 * throw, for a signature that does not verify, has the wrong length, or a key of the wrong
 * type for `alg`.
 */
export function verifyJwsSignature(alg: SigningAlgorithm, key: KeyObject, signingInput: string, signature: Buffer): boolean {
  const verifier = VERIFIERS.get(alg);
  if (verifier === undefined) return false;
  try {
    return verifier(key, signingInput, signature);
  } catch {
    // OpenSSL refusing the input (e.g. a key whose RSA-PSS parameters forbid this hash) is a failed check.
    return false;
  }
}
