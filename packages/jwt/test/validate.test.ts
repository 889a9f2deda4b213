/**
 * JwtValidator with a fixed key (certFile, trust store, secret): every check of
 * SEMANTICS.md "JWT validation", and the attacks each one is there for.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtValidationError, JwtValidator, MAX_TOKEN_LENGTH, extractScopes, validate, type JwtValidationFailure, type JwtValidatorConfig } from '@pointe/jwt';
import { testCerts } from '../../../test-support/certs.js';
import { b64url, claims, leaksToken, makeKey, nowS, part, serverTrustStore, signToken, startServer, jsonHandler, type TestKey, type TestServer } from './helpers.js';

let rsa: TestKey;
let other: TestKey;
let validator: JwtValidator;

beforeAll(async () => {
  rsa = await makeKey('RS256');
  other = await makeKey('RS256');
  validator = new JwtValidator({ issuer: 'wso2', audience: 'ballerina', signatureConfig: { certFile: rsa.publicFile } });
});

const rs256 = (payload: unknown, header: Record<string, unknown> = {}, key = rsa.privateKey) =>
  signToken({ alg: 'RS256', typ: 'JWT', ...header }, payload, key);

async function rejection(v: JwtValidator, token: string): Promise<JwtValidationError> {
  const error = await v.validate(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the token should have been rejected').toBeInstanceOf(JwtValidationError);
  const failure = error as JwtValidationError;
  expect(failure.code).toBe('POINTE_ERR_JWT_INVALID');
  expect(leaksToken(failure.message, token), `message quotes the token: ${failure.message}`).toBe(false);
  return failure;
}

async function expectReason(token: string, reason: JwtValidationFailure, v = validator): Promise<void> {
  expect((await rejection(v, token)).reason).toBe(reason);
}

describe('a valid token', () => {
  it('passes and yields its claims', async () => {
    const payload = await validator.validate(rs256(claims({ scope: 'hello world' })));
    expect(payload).toMatchObject({ sub: 'alice', iss: 'wso2', aud: 'ballerina' });
    expect(extractScopes(payload, validator.scopeKey)).toEqual(['hello', 'world']);
  });

  it('passes with PS256 too (RSA keys allow RS* and PS*)', async () => {
    await expect(validator.validate(signToken({ alg: 'PS256' }, claims(), rsa.privateKey))).resolves.toMatchObject({ sub: 'alice' });
  });

  it('passes through validate(token, config), built once per config object', async () => {
    const config: JwtValidatorConfig = { issuer: 'wso2', signatureConfig: { certFile: rsa.publicFile } };
    await expect(validate(rs256(claims()), config)).resolves.toMatchObject({ iss: 'wso2' });
    await expect(validate(rs256(claims({ iss: 'evil' })), config)).rejects.toMatchObject({ reason: 'issuer' });
  });

  it('is returned frozen, so no caller can change what another sees', async () => {
    const payload = await validator.validate(rs256(claims({ roles: ['a'] })));
    expect(Object.isFrozen(payload)).toBe(true);
    expect(Object.isFrozen(payload.roles)).toBe(true);
  });
});

describe('time claims', () => {
  it('rejects an expired token', async () => {
    await expectReason(rs256(claims({ exp: nowS() - 1 })), 'expired');
  });

  it('rejects a token whose exp is now (RFC 7519 §4.1.4: on or after)', async () => {
    await expectReason(rs256(claims({ exp: nowS() })), 'expired');
  });

  it('rejects a token not valid yet', async () => {
    await expectReason(rs256(claims({ nbf: nowS() + 60 })), 'not_yet_valid');
  });

  it('rejects a token without exp', async () => {
    const { exp: _exp, ...noExp } = claims();
    await expectReason(rs256(noExp), 'missing_exp');
  });

  it('rejects a non-numeric exp as malformed', async () => {
    await expectReason(rs256(claims({ exp: String(nowS() + 60) })), 'malformed');
  });

  it('honours clockSkew for exp and nbf, and no more', async () => {
    const skewed = new JwtValidator({ clockSkew: 30, signatureConfig: { certFile: rsa.publicFile } });
    await expect(skewed.validate(rs256(claims({ exp: nowS() - 20 })))).resolves.toBeDefined();
    await expect(skewed.validate(rs256(claims({ nbf: nowS() + 20 })))).resolves.toBeDefined();
    await expectReason(rs256(claims({ exp: nowS() - 40 })), 'expired', skewed);
    await expectReason(rs256(claims({ nbf: nowS() + 40 })), 'not_yet_valid', skewed);
    // Without skew the same tokens fail.
    await expectReason(rs256(claims({ exp: nowS() - 20 })), 'expired');
    await expectReason(rs256(claims({ nbf: nowS() + 20 })), 'not_yet_valid');
  });
});

describe('issuer and audience', () => {
  it('rejects another issuer, and a missing one', async () => {
    await expectReason(rs256(claims({ iss: 'wso2-evil' })), 'issuer');
    await expectReason(rs256(claims({ iss: 'WSO2' })), 'issuer');
    const { iss: _iss, ...noIss } = claims();
    await expectReason(rs256(noIss), 'issuer');
  });

  it('rejects another audience, and a missing one', async () => {
    await expectReason(rs256(claims({ aud: 'other' })), 'audience');
    await expectReason(rs256(claims({ aud: ['other', 'more'] })), 'audience');
    const { aud: _aud, ...noAud } = claims();
    await expectReason(rs256(noAud), 'audience');
  });

  it('passes when any configured audience is in the token\'s aud', async () => {
    const anyOf = new JwtValidator({ audience: ['ballerina.io', 'ballerina.org'], signatureConfig: { certFile: rsa.publicFile } });
    await expect(anyOf.validate(rs256(claims({ aud: ['x', 'ballerina.org'] })))).resolves.toBeDefined();
    await expect(anyOf.validate(rs256(claims({ aud: 'ballerina.io' })))).resolves.toBeDefined();
    await expectReason(rs256(claims({ aud: ['x', 'ballerina'] })), 'audience', anyOf);
    await expect(validator.validate(rs256(claims({ aud: ['x', 'ballerina'] })))).resolves.toBeDefined();
  });

  it('checks neither when not configured', async () => {
    const open = new JwtValidator({ signatureConfig: { certFile: rsa.publicFile } });
    const { iss: _i, aud: _a, ...bare } = claims();
    await expect(open.validate(rs256(bare))).resolves.toBeDefined();
  });
});

describe('signatures and algorithms', () => {
  it('rejects a tampered payload', async () => {
    const [h, , s] = rs256(claims({ scope: 'hello' })).split('.');
    await expectReason(`${h}.${part(claims({ scope: 'admin' }))}.${s}`, 'signature');
  });

  it('rejects a token signed by another key', async () => {
    await expectReason(rs256(claims(), {}, other.privateKey), 'signature');
  });

  it('rejects alg none in every spelling, with or without a signature', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims())}`;
      await expectReason(`${unsigned}.`, 'algorithm');
      await expectReason(`${unsigned}.${b64url('sig')}`, 'algorithm');
      await expectReason(unsigned, 'malformed');
    }
  });

  it('rejects HS256 signed with the RSA public key as secret (key confusion)', async () => {
    const forged = signToken({ alg: 'HS256', typ: 'JWT' }, claims(), rsa.publicPem);
    await expectReason(forged, 'algorithm');
    const forgedDer = signToken({ alg: 'HS256' }, claims(), rsa.publicKey.export({ format: 'der', type: 'spki' }).toString('latin1'));
    await expectReason(forgedDer, 'algorithm');
  });

  it('rejects an algorithm the key does not allow, or one unknown', async () => {
    for (const alg of ['ES256', 'EdDSA', 'HS512', 'RS1', 'dir', '']) {
      await expectReason(`${part({ alg })}.${part(claims())}.${b64url('x')}`, alg === '' ? 'malformed' : 'algorithm');
    }
    await expectReason(`${part({ typ: 'JWT' })}.${part(claims())}.${b64url('x')}`, 'malformed');
  });

  it('rejects a critical header it does not understand (RFC 7515 §4.1.11)', async () => {
    await expectReason(rs256(claims(), { crit: ['unknown'], unknown: true }), 'malformed');
    await expectReason(rs256(claims(), { crit: ['exp'] }), 'malformed');
  });

  it('refuses an unencoded payload (b64: false) even when signed', async () => {
    await expectReason(rs256(claims(), { crit: ['b64'], b64: false }), 'malformed');
  });
});

describe('malformed input', () => {
  it('rejects a 2-part token, garbage, an empty string and a non-string', async () => {
    const [h, p] = rs256(claims()).split('.');
    for (const token of [`${h}.${p}`, 'garbage', '', 'a.b.c', '...', `${h}.${p}.sig.extra`, `${h}.!!!.sig`, `${part('str')}.${p}.x`]) {
      await expectReason(token, 'malformed');
    }
    await expectReason(42 as unknown as string, 'malformed');
  });

  it('rejects a payload that is not a JSON object', async () => {
    await expectReason(signToken({ alg: 'RS256' }, [1, 2], rsa.privateKey), 'malformed');
    await expectReason(signToken({ alg: 'RS256' }, 'a JSON string', rsa.privateKey), 'malformed');
  });

  it(`rejects a token over ${MAX_TOKEN_LENGTH} characters before parsing it`, async () => {
    const huge = rs256(claims({ pad: 'x'.repeat(MAX_TOKEN_LENGTH) }));
    const error = await rejection(validator, huge);
    expect(error.reason).toBe('malformed');
    expect(error.message).toMatch(/longer than/);
  });
});

describe('key hints in the header are never followed', () => {
  let attacker: TestKey;
  let hintServer: TestServer;

  beforeAll(async () => {
    attacker = await makeKey('RS256');
    hintServer = await startServer(jsonHandler(() => ({ keys: [{ ...attacker.jwk, kid: 'evil', alg: 'RS256' }] })));
  });
  afterAll(() => hintServer.close());

  it('ignores jku and x5u: the attacker\'s key set and certificate are never fetched', async () => {
    const jku = `${hintServer.url}/jwks.json`;
    const x5u = `${hintServer.url}/cert.pem`;
    await expectReason(rs256(claims(), { kid: 'evil', jku }, attacker.privateKey), 'signature');
    await expectReason(rs256(claims(), { kid: 'evil', x5u }, attacker.privateKey), 'signature');
    // Signed by the right key, the hints are simply ignored.
    await expect(validator.validate(rs256(claims(), { jku, x5u }))).resolves.toBeDefined();
    expect(hintServer.hits).toBe(0);
  });

  it('ignores an embedded jwk and x5c', async () => {
    await expectReason(rs256(claims(), { jwk: attacker.jwk }, attacker.privateKey), 'signature');
    const cert = new X509Certificate(readFileSync(testCerts().rogueCert));
    const rogueKey = createPrivateKey(readFileSync(testCerts().rogueKey));
    await expectReason(rs256(claims(), { x5c: [cert.raw.toString('base64')] }, rogueKey), 'signature');
  });

  it('treats a path-traversal kid as an opaque string', async () => {
    await expect(validator.validate(rs256(claims(), { kid: '../../../../etc/passwd' }))).resolves.toBeDefined();
    await expectReason(rs256(claims(), { kid: '../../../../etc/passwd' }, attacker.privateKey), 'signature');
  });
});

describe('other key types and sources', () => {
  it('verifies ES256 with a P-256 key, and only ES256', async () => {
    const ec = await makeKey('ES256');
    const v = new JwtValidator({ signatureConfig: { certFile: ec.publicFile } });
    await expect(v.validate(signToken({ alg: 'ES256' }, claims(), ec.privateKey))).resolves.toBeDefined();
    await expectReason(signToken({ alg: 'ES384' }, claims(), ec.privateKey), 'algorithm', v);
    await expectReason(signToken({ alg: 'RS256' }, claims(), rsa.privateKey), 'algorithm', v);
    await expectReason(signToken({ alg: 'HS256' }, claims(), ec.publicPem), 'algorithm', v);
  });

  it('verifies ES384 with a P-384 key', async () => {
    const ec = await makeKey('ES384');
    const v = new JwtValidator({ signatureConfig: { certFile: ec.publicFile } });
    await expect(v.validate(signToken({ alg: 'ES384' }, claims(), ec.privateKey))).resolves.toBeDefined();
    await expectReason(signToken({ alg: 'ES256' }, claims(), ec.privateKey), 'algorithm', v);
  });

  it('verifies EdDSA with an Ed25519 key', async () => {
    const ed = await makeKey('EdDSA');
    const v = new JwtValidator({ signatureConfig: { certFile: ed.publicFile } });
    await expect(v.validate(signToken({ alg: 'EdDSA' }, claims(), ed.privateKey))).resolves.toBeDefined();
    await expectReason(signToken({ alg: 'EdDSA' }, claims({ sub: 'mallory' }), (await makeKey('EdDSA')).privateKey), 'signature', v);
  });

  it('verifies with a certificate file (the server certificate)', async () => {
    const certs = testCerts();
    const v = new JwtValidator({ signatureConfig: { certFile: certs.serverCert } });
    const key = createPrivateKey(readFileSync(certs.serverKey));
    await expect(v.validate(signToken({ alg: 'RS256' }, claims(), key))).resolves.toBeDefined();
    await expectReason(signToken({ alg: 'RS256' }, claims(), rsa.privateKey), 'signature', v);
  });

  it('verifies with the certificate under certAlias in a trust store', async () => {
    const certs = testCerts();
    const v = new JwtValidator({
      signatureConfig: { trustStoreConfig: { trustStore: { path: serverTrustStore(), password: 'changeit' }, certAlias: 'server' } },
    });
    const key = createPrivateKey(readFileSync(certs.serverKey));
    await expect(v.validate(signToken({ alg: 'RS512' }, claims(), key))).resolves.toBeDefined();
    await expectReason(signToken({ alg: 'RS256' }, claims(), rsa.privateKey), 'signature', v);
  });

  it('verifies HS* with a secret, only the algorithms its length allows', async () => {
    const secret32 = 's'.repeat(32);
    const v32 = new JwtValidator({ signatureConfig: { secret: secret32 } });
    await expect(v32.validate(signToken({ alg: 'HS256' }, claims(), secret32))).resolves.toBeDefined();
    await expectReason(signToken({ alg: 'HS384' }, claims(), secret32), 'algorithm', v32);
    await expectReason(signToken({ alg: 'HS256' }, claims(), 't'.repeat(32)), 'signature', v32);
    await expectReason(rs256(claims()), 'algorithm', v32);
    const secret64 = 'k'.repeat(64);
    const v64 = new JwtValidator({ signatureConfig: { secret: secret64 } });
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      await expect(v64.validate(signToken({ alg }, claims(), secret64))).resolves.toBeDefined();
    }
  });

  it('refuses a private key as certFile: a verifier is never handed the signer\'s secret', () => {
    expect(() => new JwtValidator({ signatureConfig: { certFile: rsa.privateFile } })).toThrow(/signatureConfig\.certFile/);
  });

  it('refuses a 1024-bit RSA key at construction', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const file = `${rsa.publicFile}.1024`;
    writeFileSync(file, publicKey.export({ format: 'pem', type: 'spki' }));
    expect(() => new JwtValidator({ signatureConfig: { certFile: file } })).toThrow(/certFile.*1024 bits/);
  });
});
