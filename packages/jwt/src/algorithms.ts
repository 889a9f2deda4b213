/**
 * The JWS algorithms Pointe signs and verifies with (RFC 7518 §3, RFC 8037), and which of
 * them a given key may be used with.
 *
 * Deriving the allowed algorithms from the key, instead of trusting the token's `alg`,
 * is what stops algorithm confusion: an RSA public key is never used as an HMAC secret,
 * and `none` is in no list (Ballerina's `jwt:NONE` is deliberately not offered).
 */
import type { KeyObject } from 'node:crypto';

export const RS256 = 'RS256';
export const RS384 = 'RS384';
export const RS512 = 'RS512';
export const PS256 = 'PS256';
export const PS384 = 'PS384';
export const PS512 = 'PS512';
export const ES256 = 'ES256';
export const ES384 = 'ES384';
export const ES512 = 'ES512';
export const EdDSA = 'EdDSA';
export const HS256 = 'HS256';
export const HS384 = 'HS384';
export const HS512 = 'HS512';

/** A JWS algorithm name Pointe can sign and verify with. */
export type SigningAlgorithm =
  | typeof RS256 | typeof RS384 | typeof RS512
  | typeof PS256 | typeof PS384 | typeof PS512
  | typeof ES256 | typeof ES384 | typeof ES512
  | typeof EdDSA
  | typeof HS256 | typeof HS384 | typeof HS512;

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [
  RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384, HS512,
];

export const RSA_ALGORITHMS: readonly SigningAlgorithm[] = [RS256, RS384, RS512, PS256, PS384, PS512];
export const ASYMMETRIC_ALGORITHMS: readonly SigningAlgorithm[] = [...RSA_ALGORITHMS, ES256, ES384, ES512, EdDSA];

/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output. */
export const HMAC_MIN_SECRET_BYTES: Readonly<Record<'HS256' | 'HS384' | 'HS512', number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
};

/** RFC 7518 §3.3: RSA keys below 2048 bits are not allowed (jose refuses them too). */
export const RSA_MIN_BITS = 2048;

const EC_ALGORITHM_BY_CURVE: Readonly<Record<string, SigningAlgorithm>> = {
  prime256v1: ES256,
  secp384r1: ES384,
  secp521r1: ES512,
};

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

export function isHmacAlgorithm(alg: SigningAlgorithm): alg is 'HS256' | 'HS384' | 'HS512' {
  return alg === HS256 || alg === HS384 || alg === HS512;
}

/**
 * The algorithms an asymmetric key (public or private) may verify or sign with, or a
 * sentence saying why the key is unusable. RSA → RS* and PS* (an RSASSA-PSS-only key → PS*),
 * EC → the one ES algorithm of its curve, Ed25519 → EdDSA.
 */
export function algorithmsForKey(key: KeyObject): readonly SigningAlgorithm[] | string {
  if (key.type === 'secret') return 'a secret key is not an asymmetric key';
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss': {
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < RSA_MIN_BITS) return `an RSA key of ${bits} bits is too short (at least ${RSA_MIN_BITS})`;
      return key.asymmetricKeyType === 'rsa' ? RSA_ALGORITHMS : [PS256, PS384, PS512];
    }
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
      return EC_ALGORITHM_BY_CURVE[curve] !== undefined
        ? [EC_ALGORITHM_BY_CURVE[curve]]
        : `the EC curve ${curve} is not supported (P-256, P-384 or P-521)`;
    }
    case 'ed25519':
      return [EdDSA];
    default:
      return `a ${key.asymmetricKeyType ?? 'unknown'} key is not supported (RSA, EC or Ed25519)`;
  }
}

/** The HS algorithms a secret of `bytes` bytes is long enough for (possibly none). */
export function hmacAlgorithmsForSecret(bytes: number): SigningAlgorithm[] {
  return (Object.keys(HMAC_MIN_SECRET_BYTES) as Array<keyof typeof HMAC_MIN_SECRET_BYTES>).filter(
    (alg) => bytes >= HMAC_MIN_SECRET_BYTES[alg],
  );
}
