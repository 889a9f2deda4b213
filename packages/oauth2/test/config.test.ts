/**
 * Config mistakes fail at construction with an `OAuth2ConfigError` naming the field and
 * the fix, never at the first request, and never quoting a secret.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@pointe/common';
import {
  OAuth2ConfigError,
  OAuth2ErrorCode,
  OAuth2IntrospectionValidator,
  createTokenManager,
  grantKind,
  type OAuth2GrantConfig,
  type OAuth2IntrospectionConfig,
} from '@pointe/oauth2';

const url = 'https://as.example/oauth2/token/introspect';
const tokenUrl = 'https://as.example/oauth2/token';

function introspectionError(config: unknown): OAuth2ConfigError {
  try {
    new OAuth2IntrospectionValidator(config as OAuth2IntrospectionConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(OAuth2ConfigError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as OAuth2ConfigError).code).toBe(OAuth2ErrorCode.CONFIG);
    return error as OAuth2ConfigError;
  }
  throw new Error('expected an OAuth2ConfigError');
}

function grantError(config: unknown): OAuth2ConfigError {
  try {
    createTokenManager(config as OAuth2GrantConfig, 'auth');
  } catch (error) {
    expect(error).toBeInstanceOf(OAuth2ConfigError);
    return error as OAuth2ConfigError;
  }
  throw new Error('expected an OAuth2ConfigError');
}

describe('OAuth2IntrospectionConfig checks', () => {
  it.each([
    [{ url, scopekey: 'scp' }, /oauth2IntrospectionConfig: unknown field\(s\) 'scopekey' for OAuth2IntrospectionConfig; it takes url, tokenTypeHint, scopeKey/],
    [{}, /oauth2IntrospectionConfig\.url: must be a non-empty string/],
    [{ url: 'not a url' }, /oauth2IntrospectionConfig\.url: is not a valid URL/],
    [{ url: 'http://as.example/introspect' }, /\.url: must be an https: URL \(http: only to localhost\)/],
    [{ url: 'https://user:pw@as.example/i' }, /\.url: must not carry credentials/],
    [{ url, defaultTokenExpTime: 0 }, /\.defaultTokenExpTime: must be a positive number of seconds/],
    [{ url, cacheConfig: { capacity: 0 } }, /\.cacheConfig\.capacity: must be an integer ≥ 1/],
    [{ url, cacheConfig: { evictionFactor: 0.25 } }, /\.cacheConfig: unknown field\(s\) 'evictionFactor'/],
    [{ url, optionalParams: { a: 1 } }, /\.optionalParams\.a: must be a string/],
    [{ url, clientConfig: { httpVersion: '3' } }, /\.clientConfig\.httpVersion: must be '1\.1' or '2'/],
    [{ url, clientConfig: { timeout: -1 } }, /\.clientConfig\.timeout: must be a positive number/],
    [{ url, clientConfig: { customHeaders: { 'bad header': 'x' } } }, /'bad header' is not a valid header name/],
    [{ url, clientConfig: { customHeaders: { 'X-A': 'a\r\nInjected: 1' } } }, /customHeaders\.X-A: must not contain CR, LF or NUL/],
    [{ url, clientConfig: { customHeaders: { 'Content-Type': 'text/plain' } } }, /customHeaders\.Content-Type: is set by the client itself/],
    [{ url, clientConfig: { customPayload: { a: 'b' } } }, /customPayload: must be a form-encoded string/],
    [{ url, clientConfig: { auth: { token: 't' }, customHeaders: { Authorization: 'Basic x' } } }, /has both auth and customHeaders\.Authorization/],
    [{ url, clientConfig: { auth: { user: 'x' } } }, /clientConfig\.auth: is not a client auth record; it takes \{ username, password \}, \{ token \}, or an OAuth2 grant record/],
    [{ url, clientConfig: { auth: { username: 'a:b', password: 'p' } } }, /auth\.username: must not contain ':'/],
    [{ url, clientConfig: { auth: { tokenUrl, clientId: 'c' } } }, /clientConfig\.auth\.clientSecret: must be a non-empty string/],
    [{ url, clientConfig: { secureSocket: { cert: '/no/such/ca.pem' } } }, /clientConfig\.secureSocket\.cert/],
    [{ url, clientConfig: { secureSocket: { verify: false } } }, /secureSocket has unknown field\(s\) 'verify'/],
  ])('%j → %s', (config, message) => {
    expect(introspectionError(config).message).toMatch(message);
  });

  it('accepts the seed record and http: to loopback', () => {
    for (const config of [
      { url: 'https://localhost:9999/oauth2/token/introspect', tokenTypeHint: 'access_token', scopeKey: 'scp', clientConfig: { secureSocket: { disable: true } } },
      { url: 'http://127.0.0.1:9999/i' },
      { url: 'http://localhost:9999/i', cacheConfig: {}, clientConfig: { auth: { refreshUrl: tokenUrl, refreshToken: 'r', clientId: 'c', clientSecret: 's' } } },
    ]) {
      void new OAuth2IntrospectionValidator(config).close();
    }
  });
});

describe('grant record checks', () => {
  it('tells the three grants apart by shape', () => {
    expect(grantKind({ tokenUrl, clientId: 'c', clientSecret: 's' })).toBe('client_credentials');
    expect(grantKind({ tokenUrl, username: 'u', password: 'p' })).toBe('password');
    expect(grantKind({ refreshUrl: tokenUrl, refreshToken: 'r', clientId: 'c', clientSecret: 's' })).toBe('direct_token');
    expect(grantKind({ token: 't' })).toBeUndefined();
  });

  it.each([
    [{ tokenUrl, clientId: 'c', clientSecret: 'top-secret', scope: 'x' }, /auth: unknown field\(s\) 'scope' for OAuth2ClientCredentialsGrantConfig/],
    [{ tokenUrl, clientId: 'c', clientSecret: 'top-secret', scopes: ['hello world'] }, /auth\.scopes\[0\]: must be a scope token/],
    [{ tokenUrl, clientId: 'c', clientSecret: 'top-secret', credentialBearer: 'HEADER' }, /auth\.credentialBearer: must be AUTH_HEADER_BEARER or POST_BODY_BEARER/],
    [{ tokenUrl, clientId: 'c', clientSecret: 'top-secret', clockSkew: -1 }, /auth\.clockSkew: must be a non-negative number/],
    [{ tokenUrl, clientId: 'c', clientSecret: 'top-secret', clientConfig: { auth: { token: 't' } } }, /auth\.clientConfig\.auth: is not a client auth record; it takes an OAuth2 grant record/],
    [{ tokenUrl, username: 'u', password: 'top-secret', clientSecret: 's' }, /auth\.clientSecret: is set without clientId/],
    [{ tokenUrl, username: 'u', password: 'top-secret', refreshConfig: {} }, /auth\.refreshConfig\.refreshUrl: must be a non-empty string/],
    [{ tokenUrl, username: 'u', password: 'top-secret', refreshConfig: { refreshUrl: tokenUrl, clientId: 'x' } }, /auth\.refreshConfig: unknown field\(s\) 'clientId' for OAuth2RefreshConfig/],
    [{ refreshUrl: tokenUrl, refreshToken: '', clientId: 'c', clientSecret: 'top-secret' }, /auth\.refreshToken: must be a non-empty string/],
    [{ clientId: 'c', clientSecret: 'top-secret' }, /auth: is not an OAuth2 grant record/],
  ])('%j → %s', (config, message) => {
    const error = grantError(config);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('top-secret');
  });
});
