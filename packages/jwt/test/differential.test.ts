/**
 * Our node:crypto verification against jose's WebCrypto one, algorithm by algorithm: every
 * token jose's `SignJWT` issues verifies on our path (synchronously), and every mutation of it
 * (a flipped signature bit, another `alg` in the header, a truncated or empty signature, the
 * header or claims re-encoded) is refused by both. A few encodings jose lets through are
 * refused by ours only; those are listed apart.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { JwtValidationError, JwtValidator, SIGNING_ALGORITHMS, type SigningAlgorithm } from '@pointe/jwt';
import { b64url, claims, tempDir } from './helpers.js';

interface Subject {
  /** What signs (a private key, or the secret's bytes for HS*). */
  signWith: KeyObject | Uint8Array;
  /** What jose verifies with. */
  verifyWith: KeyObject | Uint8Array;
  /** The algorithms the key allows, as `algorithms.ts` derives them (and jose is told). */
  allowed: SigningAlgorithm[];
  validator: JwtValidator;
}

const SECRET = 'differential-test-secret-'.padEnd(64, 'x');
const RSA: SigningAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const subjects = new Map<SigningAlgorithm, Subject>();

beforeAll(() => {
  const dir = tempDir();
  const withCert = (name: string, pair: { privateKey: KeyObject; publicKey: KeyObject }, allowed: SigningAlgorithm[]): Subject => {
    const certFile = join(dir, `${name}.pub.pem`);
    writeFileSync(certFile, pair.publicKey.export({ format: 'pem', type: 'spki' }));
    return { signWith: pair.privateKey, verifyWith: pair.publicKey, allowed, validator: new JwtValidator({ signatureConfig: { certFile } }) };
  };
  const rsa = withCert('rsa', generateKeyPairSync('rsa', { modulusLength: 2048 }), RSA);
  for (const alg of RSA) subjects.set(alg, rsa);
  subjects.set('ES256', withCert('p256', generateKeyPairSync('ec', { namedCurve: 'P-256' }), ['ES256']));
  subjects.set('ES384', withCert('p384', generateKeyPairSync('ec', { namedCurve: 'P-384' }), ['ES384']));
  subjects.set('ES512', withCert('p521', generateKeyPairSync('ec', { namedCurve: 'P-521' }), ['ES512']));
  subjects.set('EdDSA', withCert('ed25519', generateKeyPairSync('ed25519'), ['EdDSA']));
  const secret = new TextEncoder().encode(SECRET);
  const hmac: Subject = { signWith: secret, verifyWith: secret, allowed: ['HS256', 'HS384', 'HS512'], validator: new JwtValidator({ signatureConfig: { secret: SECRET } }) };
  for (const alg of hmac.allowed) subjects.set(alg, hmac);
});

const subject = (alg: SigningAlgorithm): Subject => subjects.get(alg)!;

function joseSigned(alg: SigningAlgorithm): Promise<string> {
  return new SignJWT(claims()).setProtectedHeader({ alg, typ: 'JWT' }).sign(subject(alg).signWith);
}

/** What our path says, checking it said it without a promise (fixed keys never need one). */
function ours(alg: SigningAlgorithm, token: string): 'accepted' | JwtValidationError {
  let result: unknown;
  try {
    result = subject(alg).validator.validateMaybeSync(token);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtValidationError);
    return error as JwtValidationError;
  }
  expect(result).not.toBeInstanceOf(Promise);
  return 'accepted';
}

async function jose(alg: SigningAlgorithm, token: string): Promise<'accepted' | 'rejected'> {
  const { verifyWith, allowed } = subject(alg);
  return jwtVerify(token, verifyWith, { algorithms: allowed, requiredClaims: ['exp'] }).then(
    () => 'accepted',
    () => 'rejected',
  );
}

/** The token with its three parts passed through `edit`. */
function mutate(token: string, edit: (parts: [string, string, string]) => [string, string, string]): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  return edit([h, p, s]).join('.');
}

const decodeJson = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function mutations(alg: SigningAlgorithm, token: string): Array<[string, string]> {
  const list: Array<[string, string]> = [
    ['flipped signature bit', mutate(token, ([h, p, s]) => {
      const bytes = Buffer.from(s, 'base64url');
      bytes[bytes.length >> 1]! ^= 0x01;
      return [h, p, b64url(bytes)];
    })],
    ['truncated signature', mutate(token, ([h, p, s]) => [h, p, s.slice(0, -4)])],
    ['empty signature', mutate(token, ([h, p]) => [h, p, ''])],
    ['payload re-encoded (same claims, other JSON text)', mutate(token, ([h, p, s]) => [h, b64url(JSON.stringify(decodeJson(p), null, 1)), s])],
    ['payload changed', mutate(token, ([h, p, s]) => [h, b64url(JSON.stringify({ ...decodeJson(p), sub: 'mallory' })), s])],
    ['header re-encoded (same header, other JSON text)', mutate(token, ([h, p, s]) => [b64url(JSON.stringify(decodeJson(h), null, 1)), p, s])],
    ['alg none, signature kept', mutate(token, ([h, p, s]) => [b64url(JSON.stringify({ ...decodeJson(h), alg: 'none' })), p, s])],
  ];
  for (const other of SIGNING_ALGORITHMS) {
    if (other === alg) continue;
    list.push([`alg swapped to ${other}`, mutate(token, ([h, p, s]) => [b64url(JSON.stringify({ ...decodeJson(h), alg: other })), p, s])]);
  }
  return list;
}

describe.each(SIGNING_ALGORITHMS.map((alg) => [alg]))('%s', (alg) => {
  it('a token jose signs verifies on our path, synchronously, with the same claims', async () => {
    const token = await joseSigned(alg);
    expect(await jose(alg, token)).toBe('accepted');
    expect(ours(alg, token)).toBe('accepted');
    expect(subject(alg).validator.validateMaybeSync(token)).toEqual((await jwtVerify(token, subject(alg).verifyWith)).payload);
  });

  it('every mutation is refused by jose and by our path', async () => {
    const token = await joseSigned(alg);
    for (const [what, mutated] of mutations(alg, token)) {
      expect(await jose(alg, mutated), `jose: ${what}`).toBe('rejected');
      expect(ours(alg, mutated), `ours: ${what}`).toBeInstanceOf(JwtValidationError);
    }
  });
});

describe('encodings a lenient decoder accepts and our path refuses (RFC 7515 §2: unpadded, canonical base64url)', () => {
  // jose on Node 20 decodes with atob, which takes padding and ignores stray low bits: the
  // same signature then has several spellings. One token, one encoding.
  it('a padded or non-canonical part', async () => {
    // An RSA-2048 signature is 256 bytes: 342 characters, the last holding 4 unused bits.
    const token = await joseSigned('RS256');
    const [h, p, s] = token.split('.') as [string, string, string];
    for (const variant of [`${h}.${p}.${s}==`, `${h}.${p}.${nonCanonical(s)}`]) {
      const error = ours('RS256', variant);
      expect(error).toBeInstanceOf(JwtValidationError);
      expect((error as JwtValidationError).reason).toBe('malformed');
    }
  });
});

/** `part` with its last character's unused low bits set: decodes to the same bytes in a lenient decoder. */
function nonCanonical(part: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const unused = (part.length & 3) === 2 ? 0x0f : 0x03;
  const last = alphabet.indexOf(part.at(-1)!);
  return `${part.slice(0, -1)}${alphabet[last | unused]}`;
}
