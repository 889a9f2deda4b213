import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { algorithmsForKey, hmacAlgorithmsForSecret } from './algorithms.js';

describe('algorithmsForKey', () => {
  it('allows RS* and PS* for RSA, PS* only for an RSASSA-PSS key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(algorithmsForKey(rsa)).toEqual(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']);
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey;
    expect(algorithmsForKey(pss)).toEqual(['PS256', 'PS384', 'PS512']);
  });

  it('refuses RSA keys under 2048 bits', () => {
    expect(algorithmsForKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)).toMatch(/1024 bits/);
  });

  it('allows only the ES algorithm of an EC key\'s curve', () => {
    expect(algorithmsForKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toEqual(['ES256']);
    expect(algorithmsForKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)).toEqual(['ES384']);
    expect(algorithmsForKey(generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey)).toEqual(['ES512']);
    expect(algorithmsForKey(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey)).toMatch(/secp256k1/);
  });

  it('allows EdDSA for Ed25519 and nothing for Ed448 or X25519', () => {
    expect(algorithmsForKey(generateKeyPairSync('ed25519').publicKey)).toEqual(['EdDSA']);
    expect(typeof algorithmsForKey(generateKeyPairSync('ed448').publicKey)).toBe('string');
    expect(typeof algorithmsForKey(generateKeyPairSync('x25519').publicKey)).toBe('string');
  });
});

describe('hmacAlgorithmsForSecret', () => {
  it('allows an HS algorithm only when the secret is at least its hash length', () => {
    expect(hmacAlgorithmsForSecret(31)).toEqual([]);
    expect(hmacAlgorithmsForSecret(32)).toEqual(['HS256']);
    expect(hmacAlgorithmsForSecret(48)).toEqual(['HS256', 'HS384']);
    expect(hmacAlgorithmsForSecret(64)).toEqual(['HS256', 'HS384', 'HS512']);
  });
});
