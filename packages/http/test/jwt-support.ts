/**
 * Hand-made JWTs for listener tests. Signed by hand (not with jose's signer) so a test can put
 * any header in a token: `alg: none`, `crit`, `jku`, an HMAC made with a public key's text.
 * The run's server key signs the good tokens and the server certificate verifies them, as in
 * the seed (`certFile: "/path/to/public.crt"` is the listener's own certificate).
 */
import { createHmac, createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { testCerts } from '../../../test-support/certs.js';

export const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
export const part = (json: unknown): string => b64url(JSON.stringify(json));
export const nowS = (): number => Math.floor(Date.now() / 1000);

/** The private key of the run's server certificate. */
export function serverPrivateKey(): KeyObject {
  return createPrivateKey(readFileSync(testCerts().serverKey));
}

/** A compact JWS: RS, ES and EdDSA algorithms sign with `key`, HS with `key` as the secret text. */
export function signToken(header: Record<string, unknown>, payload: unknown, key: KeyObject | string): string {
  const input = `${part(header)}.${part(payload)}`;
  const alg = String(header.alg);
  const hash = `sha${alg.slice(2)}`;
  let signature: Buffer;
  if (alg.startsWith('HS')) signature = createHmac(hash, key as string).update(input).digest();
  else if (alg.startsWith('RS')) signature = nodeSign(hash, Buffer.from(input), key as KeyObject);
  else if (alg.startsWith('ES')) signature = nodeSign(hash, Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else if (alg === 'EdDSA') signature = nodeSign(null, Buffer.from(input), key as KeyObject);
  else throw new Error(`test signer: no ${alg}`);
  return `${input}.${b64url(signature)}`;
}

/** The claims of the seed's service (`issuer: "wso2"`, `audience: "ballerina"`, `scopeKey: "scp"`), valid for an hour, plus `extra`. */
export function seedClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowS();
  return { sub: 'wso2', iss: 'wso2', aud: 'ballerina', iat: now, nbf: now, exp: now + 3600, scp: 'hello', ...extra };
}
