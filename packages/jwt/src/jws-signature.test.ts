import { constants, createHmac, createSecretKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SigningAlgorithm } from './algorithms.js';
import { verifyJwsSignature } from './jws-signature.js';

const INPUT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9';
const data = Buffer.from(INPUT);
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const secret = createSecretKey(Buffer.from('s'.repeat(64)));

describe('verifyJwsSignature', () => {
  it('verifies each family with its own padding and encoding', () => {
    expect(verifyJwsSignature('RS384', rsa.publicKey, INPUT, sign('sha384', data, rsa.privateKey))).toBe(true);
    const pss = sign('sha512', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 });
    expect(verifyJwsSignature('PS512', rsa.publicKey, INPUT, pss)).toBe(true);
    const es = sign('sha256', data, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });
    expect(verifyJwsSignature('ES256', p256.publicKey, INPUT, es)).toBe(true);
    expect(verifyJwsSignature('EdDSA', ed.publicKey, INPUT, sign(null, data, ed.privateKey))).toBe(true);
    expect(verifyJwsSignature('HS256', secret, INPUT, createHmac('sha256', secret).update(INPUT).digest())).toBe(true);
  });

  it('refuses PSS with another salt length than the hash (RFC 7518 §3.5), and PKCS#1 for PS*', () => {
    const shortSalt = sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 0 });
    expect(verifyJwsSignature('PS256', rsa.publicKey, INPUT, shortSalt)).toBe(false);
    expect(verifyJwsSignature('PS256', rsa.publicKey, INPUT, sign('sha256', data, rsa.privateKey))).toBe(false);
    expect(verifyJwsSignature('RS256', rsa.publicKey, INPUT, sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING }))).toBe(false);
  });

  it('refuses an ECDSA signature in DER, or of another length than the curve\'s', () => {
    const der = sign('sha256', data, p256.privateKey);
    expect(verifyJwsSignature('ES256', p256.publicKey, INPUT, der)).toBe(false);
    const p1363 = sign('sha256', data, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });
    expect(verifyJwsSignature('ES256', p256.publicKey, INPUT, Buffer.concat([p1363, Buffer.from([0])]))).toBe(false);
    expect(verifyJwsSignature('ES256', p256.publicKey, INPUT, p1363.subarray(1))).toBe(false);
  });

  it('refuses an HMAC of another length without comparing, and an empty one', () => {
    const mac = createHmac('sha256', secret).update(INPUT).digest();
    expect(verifyJwsSignature('HS256', secret, INPUT, mac.subarray(0, 16))).toBe(false);
    expect(verifyJwsSignature('HS256', secret, INPUT, Buffer.alloc(0))).toBe(false);
    expect(verifyJwsSignature('HS512', secret, INPUT, mac)).toBe(false);
  });

  it('never uses a key for another family (algorithm confusion), whatever the signature', () => {
    const rsaPem = rsa.publicKey.export({ format: 'pem', type: 'spki' });
    const confused = createHmac('sha256', rsaPem).update(INPUT).digest();
    expect(verifyJwsSignature('HS256', rsa.publicKey, INPUT, confused)).toBe(false);
    expect(verifyJwsSignature('RS256', secret, INPUT, sign('sha256', data, rsa.privateKey))).toBe(false);
    expect(verifyJwsSignature('ES256', rsa.publicKey, INPUT, sign('sha256', data, rsa.privateKey))).toBe(false);
    expect(verifyJwsSignature('EdDSA', p256.publicKey, INPUT, Buffer.alloc(64))).toBe(false);
    // A private key is never a verification key, even of the right type.
    expect(verifyJwsSignature('RS256', rsa.privateKey, INPUT, sign('sha256', data, rsa.privateKey))).toBe(false);
  });

  it('answers false, never throws, for an algorithm it does not know', () => {
    for (const alg of ['none', 'RS1', 'constructor', '__proto__']) {
      expect(verifyJwsSignature(alg as SigningAlgorithm, rsa.publicKey, INPUT, Buffer.alloc(256))).toBe(false);
    }
  });
});
