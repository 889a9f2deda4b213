/** Self-signed JWTs: every configured claim present and verifiable with the public key. */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ConfigError } from '@pointe/common';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ES256, EdDSA, HS256, HS512, JwtIssuer, JwtValidator, PS256, RS256, RS512, issue, type JwtIssuerConfig } from '@pointe/jwt';
import { testCerts } from '../../../test-support/certs.js';
import { makeKey, tempDir, type TestKey } from './helpers.js';

let rsa: TestKey;
beforeAll(async () => {
  rsa = await makeKey('RS256');
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('JwtIssuer', () => {
  it('issues RS256 by default with every configured claim, verifiable with the public key', async () => {
    const issuer = new JwtIssuer({
      username: 'wso2',
      issuer: 'ballerina',
      audience: ['ballerina', 'ballerina.org', 'ballerina.io'],
      jwtId: 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In',
      keyId: '5a0b754-895f-4279-8843-b745e11a57e9',
      customClaims: { scp: 'hello', nested: { a: [1, 2] } },
      expTime: 3600,
      signatureConfig: { config: { keyFile: rsa.privateFile } },
    });
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresAt } = await issuer.issue();
    const { payload, protectedHeader } = await jwtVerify(token, rsa.publicKey, { algorithms: ['RS256'] });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: '5a0b754-895f-4279-8843-b745e11a57e9' });
    expect(payload).toMatchObject({
      sub: 'wso2',
      iss: 'ballerina',
      aud: ['ballerina', 'ballerina.org', 'ballerina.io'],
      jti: 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In',
      scp: 'hello',
      nested: { a: [1, 2] },
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe(payload.iat! + 3600);
    expect(expiresAt).toBe(payload.exp);
    expect(issuer.algorithm).toBe(RS256);
  });

  it('passes Pointe\'s own validator, audience any-of and scopes included', async () => {
    const { token } = await new JwtIssuer({
      username: 'alice',
      issuer: 'wso2',
      audience: 'ballerina',
      customClaims: { scp: 'hello world' },
      signatureConfig: { algorithm: RS512, config: { keyFile: rsa.privateFile } },
    }).issue();
    const validator = new JwtValidator({ issuer: 'wso2', audience: ['x', 'ballerina'], scopeKey: 'scp', signatureConfig: { certFile: rsa.publicFile } });
    const payload = await validator.validate(token);
    expect(payload.aud).toBe('ballerina');
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('sets only what is configured: no sub, iss, aud or kid when absent', async () => {
    const { token } = await new JwtIssuer({ signatureConfig: { config: { keyFile: rsa.privateFile } } }).issue();
    const { payload, protectedHeader } = await jwtVerify(token, rsa.publicKey);
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'jti', 'nbf']);
  });

  it('gives every token a fresh random jti when jwtId is unset', async () => {
    const issuer = new JwtIssuer({ signatureConfig: { config: { keyFile: rsa.privateFile } } });
    const jtis = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      const { payload } = await jwtVerify((await issuer.issue()).token, rsa.publicKey);
      expect(payload.jti).toMatch(UUID);
      jtis.add(payload.jti);
    }
    expect(jtis.size).toBe(5);
  });

  it('signs PS256, ES256, EdDSA and HS256', async () => {
    const ec = await makeKey('ES256');
    const ed = await makeKey('EdDSA');
    const secret = 's'.repeat(32);
    const cases: Array<[JwtIssuerConfig['signatureConfig'], Parameters<typeof jwtVerify>[1]]> = [
      [{ algorithm: PS256, config: { keyFile: rsa.privateFile } }, rsa.publicKey],
      [{ algorithm: ES256, config: { keyFile: ec.privateFile } }, ec.publicKey],
      [{ algorithm: EdDSA, config: { keyFile: ed.privateFile } }, ed.publicKey],
      [{ algorithm: HS256, config: { secret } }, new TextEncoder().encode(secret)],
    ];
    for (const [signatureConfig, key] of cases) {
      const { token } = await new JwtIssuer({ username: 'alice', signatureConfig }).issue();
      expect(decodeProtectedHeader(token).alg).toBe(signatureConfig.algorithm);
      await expect(jwtVerify(token, key, { algorithms: [signatureConfig.algorithm!] })).resolves.toMatchObject({ payload: { sub: 'alice' } });
    }
    const hs = await new JwtIssuer({ signatureConfig: { algorithm: HS256, config: { secret } } }).issue();
    await expect(new JwtValidator({ signatureConfig: { secret } }).validate(hs.token)).resolves.toBeDefined();
  });

  it('signs with the key under keyAlias in a PKCS#12 key store', async () => {
    const certs = testCerts();
    const { token } = await new JwtIssuer({
      username: 'alice',
      keyId: 'pointe',
      signatureConfig: { config: { keyStore: { path: certs.serverP12, password: 'changeit' }, keyAlias: 'pointe', keyPassword: 'changeit' } },
    }).issue();
    const validator = new JwtValidator({ signatureConfig: { certFile: certs.serverCert } });
    await expect(validator.validate(token)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('signs with an encrypted key file and its keyPassword', async () => {
    const certs = testCerts();
    const { token } = await new JwtIssuer({ signatureConfig: { config: { keyFile: certs.serverKeyEncrypted, keyPassword: 'keypass' } } }).issue();
    await expect(jwtVerify(token, createPublicKey(readFileSync(certs.serverCert)))).resolves.toBeDefined();

    const encrypted = `${tempDir()}/ec-encrypted.key`;
    const ec = await makeKey('ES256');
    writeFileSync(encrypted, ec.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret!' }));
    const es = await new JwtIssuer({ signatureConfig: { algorithm: ES256, config: { keyFile: encrypted, keyPassword: 'secret!' } } }).issue();
    await expect(jwtVerify(es.token, ec.publicKey)).resolves.toBeDefined();
  });

  it('issue(config) returns a token from an issuer built once per config', async () => {
    const config: JwtIssuerConfig = { username: 'bob', signatureConfig: { config: { keyFile: rsa.privateFile } } };
    const [a, b] = [await issue(config), await issue(config)];
    const [pa, pb] = [(await jwtVerify(a, rsa.publicKey)).payload, (await jwtVerify(b, rsa.publicKey)).payload];
    expect(pa.sub).toBe('bob');
    expect(pa.jti).not.toBe(pb.jti);
  });

  it('keeps a copy of customClaims taken at construction', async () => {
    const customClaims: Record<string, unknown> = { scp: 'hello' };
    const issuer = new JwtIssuer({ customClaims, signatureConfig: { config: { keyFile: rsa.privateFile } } });
    customClaims.scp = 'admin';
    const { payload } = await jwtVerify((await issuer.issue()).token, rsa.publicKey);
    expect(payload.scp).toBe('hello');
  });
});

describe('JwtIssuer configuration', () => {
  function configError(config: unknown): string {
    try {
      new JwtIssuer(config as JwtIssuerConfig);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('POINTE_ERR_JWT_CONFIG');
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  }

  it('reports an unreadable key file', () => {
    expect(configError({ signatureConfig: { config: { keyFile: '/nonexistent.key' } } })).toMatch(/signatureConfig\.config\.keyFile.*\/nonexistent\.key/);
  });

  it('reports a wrong or missing key password', () => {
    const file = testCerts().serverKeyEncrypted;
    expect(configError({ signatureConfig: { config: { keyFile: file, keyPassword: 'wrong' } } })).toMatch(/keyFile/);
    expect(configError({ signatureConfig: { config: { keyFile: file } } })).toMatch(/keyFile/);
  });

  it('reports a bad key store, password or alias', () => {
    const path = testCerts().serverP12;
    expect(configError({ signatureConfig: { config: { keyStore: { path, password: 'bad' }, keyAlias: 'pointe', keyPassword: 'bad' } } })).toMatch(
      /signatureConfig\.config\.keyStore/,
    );
    expect(configError({ signatureConfig: { config: { keyStore: { path, password: 'changeit' }, keyAlias: 'nope', keyPassword: 'changeit' } } })).toMatch(
      /signatureConfig\.config\.keyAlias.*'nope'/,
    );
  });

  it('refuses a key that does not fit the algorithm', () => {
    expect(configError({ signatureConfig: { algorithm: ES256, config: { keyFile: rsa.privateFile } } })).toMatch(/ES256 does not fit the configured rsa key/);
    expect(configError({ signatureConfig: { algorithm: RS256, config: { secret: 's'.repeat(64) } } })).toMatch(/RS256 needs a private key/);
    expect(configError({ signatureConfig: { algorithm: HS256, config: { keyFile: rsa.privateFile } } })).toMatch(/HS256 signs with a secret/);
    expect(configError({ signatureConfig: { config: { keyFile: rsa.publicFile } } })).toMatch(/keyFile/);
  });

  it('refuses an HMAC secret shorter than the algorithm\'s hash', () => {
    expect(configError({ signatureConfig: { algorithm: HS256, config: { secret: 'short' } } })).toMatch(/secret: is 5 bytes; HS256 needs at least 32/);
    expect(configError({ signatureConfig: { algorithm: HS512, config: { secret: 's'.repeat(48) } } })).toMatch(/HS512 needs at least 64/);
  });

  it('refuses none and unknown algorithms', () => {
    for (const algorithm of ['none', 'NONE', 'RS1', 'ES256K']) {
      expect(configError({ signatureConfig: { algorithm, config: { keyFile: rsa.privateFile } } })).toMatch(/signatureConfig\.algorithm/);
    }
  });

  it('refuses customClaims that override registered claims', () => {
    for (const claim of ['exp', 'iat', 'nbf', 'sub', 'iss', 'aud', 'jti']) {
      expect(configError({ customClaims: { [claim]: 1 }, signatureConfig: { config: { keyFile: rsa.privateFile } } })).toMatch(
        new RegExp(`customClaims: may not set the registered claim\\(s\\) ${claim}`),
      );
    }
    expect(configError({ customClaims: { big: 1n }, signatureConfig: { config: { keyFile: rsa.privateFile } } })).toMatch(/customClaims: must hold JSON values/);
  });

  it('refuses a bad expTime and several key sources', () => {
    expect(configError({ expTime: 0, signatureConfig: { config: { keyFile: rsa.privateFile } } })).toMatch(/expTime/);
    expect(configError({ signatureConfig: { config: { keyFile: rsa.privateFile, secret: 's'.repeat(32) } } })).toMatch(/keyFile and secret/);
    expect(configError({ signatureConfig: { config: {} } })).toMatch(/needs keyFile, keyStore or secret/);
    expect(configError({})).toMatch(/signatureConfig/);
  });

  it('keeps the PEM private key it loaded, not the file: later file changes do not matter', async () => {
    const dir = tempDir();
    const file = `${dir}/k.pem`;
    writeFileSync(file, readFileSync(rsa.privateFile));
    const issuer = new JwtIssuer({ signatureConfig: { config: { keyFile: file } } });
    writeFileSync(file, 'garbage');
    await expect(jwtVerify((await issuer.issue()).token, createPublicKey(createPrivateKey(readFileSync(rsa.privateFile))))).resolves.toBeDefined();
  });
});
