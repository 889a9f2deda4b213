/**
 * A JWT provider with a static key answers without a promise, so the chain settles the request
 * synchronously; a rejected token is `undefined`, synchronously too.
 */
import { describe, expect, it } from 'vitest';
import { JwtValidator } from '@pointe/jwt';
import { jwtProvider } from '../src/listener/mechanisms/jwt.js';
import { testCerts } from '../../../test-support/certs.js';
import { seedClaims, serverPrivateKey, signToken } from './jwt-support.js';

const log = { debug: () => undefined };

describe('the JWT provider with a certFile', () => {
  const validator = new JwtValidator({ issuer: 'wso2', audience: 'ballerina', scopeKey: 'scp', signatureConfig: { certFile: testCerts().serverCert } });
  const provider = jwtProvider(validator);

  it('returns the principal itself, not a promise', () => {
    const token = signToken({ alg: 'RS256', typ: 'JWT' }, seedClaims(), serverPrivateKey());
    const outcome = provider.authenticate({ scheme: 'bearer', token }, log);
    expect(outcome).not.toBeInstanceOf(Promise);
    expect(outcome).toMatchObject({ scheme: 'jwt', scopes: ['hello'] });
  });

  it('returns undefined, synchronously, for a token it refuses', () => {
    const token = signToken({ alg: 'RS256', typ: 'JWT' }, seedClaims({ iss: 'someone-else' }), serverPrivateKey());
    expect(provider.authenticate({ scheme: 'bearer', token }, log)).toBeUndefined();
  });
});
