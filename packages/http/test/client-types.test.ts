/**
 * The auth records are told apart by their fields in the type system too: a config mixing
 * two records is a compile error in the user's editor (checked by `tsc`, through the
 * `@ts-expect-error` lines), and still a `ClientError` at run time for untyped callers.
 */
import { describe, expect, it } from 'vitest';
import {
  AUTH_HEADER_BEARER,
  POST_BODY_BEARER,
  type ClientAuthConfig,
  type ClientConfiguration,
  type CredentialsConfig,
} from '../src/client/index.js';
import { classifyClientAuth } from '../src/client/classify-auth.js';

describe('ClientAuthConfig', () => {
  it('accepts each record on its own', () => {
    const configs: ClientAuthConfig[] = [
      { username: 'alice', password: '123' },
      { token: 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In' },
      {
        username: 'wso2',
        issuer: 'ballerina',
        audience: ['ballerina', 'ballerina.org'],
        keyId: 'k1',
        customClaims: { scp: 'hello' },
        expTime: 3600,
        signatureConfig: { algorithm: 'RS256', config: { keyFile: '/path/to/private.key' } },
      },
      {
        tokenUrl: 'https://localhost:9090/oauth2/token',
        clientId: 's6BhdRkqt3',
        clientSecret: '7Fjfp0ZBr1KtDRbnfVdmIw',
        scopes: ['hello'],
        credentialBearer: POST_BODY_BEARER,
        clientConfig: { secureSocket: { cert: '/path/to/public.crt' } },
      },
      {
        tokenUrl: 'https://localhost:9090/oauth2/token',
        username: 'admin',
        password: '123',
        clientId: 's6BhdRkqt3',
        refreshConfig: { refreshUrl: 'https://localhost:9090/oauth2/token/refresh', scopes: ['hello'] },
        credentialBearer: AUTH_HEADER_BEARER,
      },
      {
        refreshUrl: 'https://localhost:9090/oauth2/token/refresh',
        refreshToken: 'tGzv3JOkF0XG5Qx2TlKWIA',
        clientId: 's6BhdRkqt3',
        clientSecret: '7Fjfp0ZBr1KtDRbnfVdmIw',
      },
    ];
    expect(configs.map(classifyClientAuth)).toEqual([
      'basic',
      'bearer',
      'jwt',
      'oauth2ClientCredentials',
      'oauth2Password',
      'oauth2DirectToken',
    ]);
  });

  it('accepts a value typed as a single record', () => {
    const credentials: CredentialsConfig = { username: 'alice', password: '123' };
    const config: ClientConfiguration = { auth: credentials };
    expect(classifyClientAuth(config.auth)).toBe('basic');
  });

  it('rejects a mix of records at compile time', () => {
    const mixes = [
      // @ts-expect-error Bearer and Basic fields together
      { token: 't', username: 'alice', password: '123' } satisfies ClientAuthConfig,
      // @ts-expect-error a Basic record has no issuer
      { username: 'alice', password: '123', issuer: 'me' } satisfies ClientAuthConfig,
      // @ts-expect-error client credentials take no username
      { tokenUrl: 'https://as/token', clientId: 'c', clientSecret: 's', username: 'u' } satisfies ClientAuthConfig,
    ];
    for (const mix of mixes) expect(() => classifyClientAuth(mix)).toThrow();
  });
});
