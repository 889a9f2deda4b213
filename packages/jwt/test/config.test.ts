/** Configurations that cannot work fail when the validator is built, naming the field. */
import { ConfigError } from '@pointe/common';
import { JwtValidator, type JwtValidatorConfig } from '@pointe/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { testCerts } from '../../../test-support/certs.js';
import { makeKey, serverTrustStore, type TestKey } from './helpers.js';

let rsa: TestKey;
beforeAll(async () => {
  rsa = await makeKey('RS256');
});

function configError(config: unknown): ConfigError {
  try {
    new JwtValidator(config as JwtValidatorConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('POINTE_ERR_JWT_CONFIG');
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('JwtValidator configuration', () => {
  it('needs a signature source', () => {
    expect(configError({ issuer: 'wso2' }).message).toMatch(/signatureConfig.*jwksConfig, certFile, trustStoreConfig or secret/);
    expect(configError({ signatureConfig: {} }).message).toMatch(/signatureConfig: needs one signature source/);
  });

  it('refuses several signature sources', () => {
    const message = configError({ signatureConfig: { certFile: rsa.publicFile, secret: 'x'.repeat(32) } }).message;
    expect(message).toMatch(/certFile and secret: give exactly one/);
  });

  it('reports an unreadable certFile with the crypto error as cause', () => {
    const error = configError({ signatureConfig: { certFile: '/nonexistent/public.crt' } });
    expect(error.message).toMatch(/signatureConfig\.certFile.*\/nonexistent\/public\.crt/);
    expect((error.cause as { code?: string }).code).toMatch(/^POINTE_ERR_CRYPTO_/);
  });

  it('reports a file that holds no key', () => {
    expect(configError({ signatureConfig: { certFile: `${testCerts().dir}/server.ext` } }).message).toMatch(/signatureConfig\.certFile/);
  });

  it('refuses an HMAC secret shorter than 32 bytes, counting UTF-8 bytes', () => {
    expect(configError({ signatureConfig: { secret: 'x'.repeat(31) } }).message).toMatch(/signatureConfig\.secret: is 31 bytes.*at least 32/);
    expect(() => new JwtValidator({ signatureConfig: { secret: 'é'.repeat(16) } })).not.toThrow();
    expect(configError({ signatureConfig: { secret: '' } }).message).toMatch(/signatureConfig\.secret/);
  });

  it('reports a trust store that cannot be opened, or has no such alias', () => {
    const certs = testCerts();
    expect(
      configError({ signatureConfig: { trustStoreConfig: { trustStore: { path: certs.trustStoreP12, password: 'wrong' }, certAlias: 'server' } } }).message,
    ).toMatch(/trustStoreConfig\.trustStore/);
    expect(
      configError({ signatureConfig: { trustStoreConfig: { trustStore: { path: serverTrustStore(), password: 'changeit' }, certAlias: 'nope' } } }).message,
    ).toMatch(/trustStoreConfig\.certAlias: no certificate under alias 'nope' .*server/);
  });

  it('refuses a negative or non-numeric clockSkew', () => {
    const signatureConfig = { certFile: rsa.publicFile };
    expect(configError({ clockSkew: -1, signatureConfig }).message).toMatch(/clockSkew: must be a non-negative number/);
    expect(configError({ clockSkew: '10', signatureConfig }).message).toMatch(/clockSkew/);
    expect(configError({ clockSkew: Number.NaN, signatureConfig }).message).toMatch(/clockSkew/);
  });

  it('refuses empty issuer, audience and scopeKey', () => {
    const signatureConfig = { certFile: rsa.publicFile };
    expect(configError({ issuer: '', signatureConfig }).message).toMatch(/issuer/);
    expect(configError({ audience: [], signatureConfig }).message).toMatch(/audience/);
    expect(configError({ audience: ['a', ''], signatureConfig }).message).toMatch(/audience\[1\]/);
    expect(configError({ scopeKey: '', signatureConfig }).message).toMatch(/scopeKey/);
  });

  it('refuses a bad token cache config', () => {
    const signatureConfig = { certFile: rsa.publicFile };
    expect(configError({ cacheConfig: { capacity: 0 }, signatureConfig }).message).toMatch(/cacheConfig\.capacity/);
    expect(configError({ cacheConfig: { defaultMaxAge: -5 }, signatureConfig }).message).toMatch(/cacheConfig\.defaultMaxAge/);
  });

  it('refuses a JWKS URL that is not https (http only to loopback)', () => {
    expect(configError({ signatureConfig: { jwksConfig: { url: 'http://idp.example.com/jwks' } } }).message).toMatch(
      /signatureConfig\.jwksConfig\.url: must be an https: URL/,
    );
    expect(configError({ signatureConfig: { jwksConfig: { url: 'file:///etc/passwd' } } }).message).toMatch(/jwksConfig\.url/);
    expect(configError({ signatureConfig: { jwksConfig: { url: 'not a url' } } }).message).toMatch(/jwksConfig\.url: is not a valid URL/);
    expect(() => new JwtValidator({ signatureConfig: { jwksConfig: { url: 'http://127.0.0.1:1/jwks' } } })).not.toThrow();
    expect(() => new JwtValidator({ signatureConfig: { jwksConfig: { url: 'http://localhost:1/jwks' } } })).not.toThrow();
  });

  it('refuses bad JWKS client and cache settings', () => {
    const url = 'https://idp.example.com/jwks';
    expect(configError({ signatureConfig: { jwksConfig: { url, clientConfig: { timeout: 0 } } } }).message).toMatch(/clientConfig\.timeout/);
    expect(configError({ signatureConfig: { jwksConfig: { url, cacheConfig: { capacity: 1.5 } } } }).message).toMatch(/jwksConfig\.cacheConfig\.capacity/);
    expect(configError({ signatureConfig: { jwksConfig: { url, minRefetchInterval: -1 } } }).message).toMatch(/minRefetchInterval/);
    expect(
      configError({ signatureConfig: { jwksConfig: { url, clientConfig: { secureSocket: { cert: '/nonexistent/ca.crt' } } } } }).message,
    ).toMatch(/jwksConfig\.clientConfig\.secureSocket\.cert: .*'\/nonexistent\/ca\.crt'/);
    expect(
      configError({ signatureConfig: { jwksConfig: { url, clientConfig: { secureSocket: { cert: { path: testCerts().trustStoreP12, password: 'bad' } } } } } }).message,
    ).toMatch(/secureSocket\.cert: .*truststore\.p12/);
  });

  it('accepts a JWKS client trusting a PEM file or a trust store, and does not fetch at construction', async () => {
    const certs = testCerts();
    const url = 'https://127.0.0.1:1/jwks';
    const pem = new JwtValidator({ signatureConfig: { jwksConfig: { url, clientConfig: { secureSocket: { cert: certs.caCert } } } } });
    const store = new JwtValidator({
      signatureConfig: { jwksConfig: { url, clientConfig: { secureSocket: { cert: { path: certs.trustStoreP12, password: 'changeit' } } } } },
    });
    expect(pem.jwksFetchCount + store.jwksFetchCount).toBe(0);
    await Promise.all([pem.close(), store.close()]);
  });
});
