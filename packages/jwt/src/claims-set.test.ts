import { describe, expect, it } from 'vitest';
import { checkClaimsSet, decodeClaimsSet, type ClaimsPolicy } from './claims-set.js';
import { JwtValidationError, type JwtValidationFailure } from './errors.js';

const NOW = 1_700_000_000;
const open: ClaimsPolicy = { issuer: undefined, audience: undefined, clockSkew: 0 };
const seed: ClaimsPolicy = { issuer: 'wso2', audience: ['ballerina', 'ballerina.io'], clockSkew: 0 };
const valid = { iss: 'wso2', aud: 'ballerina', iat: NOW, nbf: NOW, exp: NOW + 60 };

function reasonOf(claims: Record<string, unknown>, policy = seed, now = NOW): JwtValidationFailure | 'passed' {
  try {
    checkClaimsSet(claims, policy, now);
    return 'passed';
  } catch (error) {
    expect(error).toBeInstanceOf(JwtValidationError);
    return (error as JwtValidationError).reason;
  }
}

describe('checkClaimsSet', () => {
  it('passes a claims set that meets the policy', () => {
    expect(reasonOf(valid)).toBe('passed');
    expect(reasonOf({ exp: NOW + 1 }, open)).toBe('passed');
  });

  it('checks presence first, iss then aud then exp, as jose did, so reasons stay the same', () => {
    const { iss: _iss, exp: _exp, ...neither } = valid;
    expect(reasonOf(neither)).toBe('issuer');
    const { exp: _e, ...noExp } = valid;
    expect(reasonOf({ ...noExp, iss: 'evil', aud: 'other' })).toBe('missing_exp');
    const { aud: _aud, ...noAud } = valid;
    expect(reasonOf({ ...noAud, iss: 'evil' })).toBe('audience');
    expect(reasonOf({ ...valid, iss: 'evil', aud: 'other' })).toBe('issuer');
    expect(reasonOf({ ...valid, aud: 'other', exp: NOW - 1 })).toBe('audience');
  });

  it('requires exp even when nothing else is configured', () => {
    expect(reasonOf({ sub: 'alice' }, open)).toBe('missing_exp');
  });

  it('matches iss exactly', () => {
    for (const iss of ['WSO2', ' wso2', 'wso2 ', 'wso', ['wso2'], null, 1]) expect(reasonOf({ ...valid, iss })).toBe('issuer');
  });

  it('passes when aud, a string or an array, holds any configured audience', () => {
    expect(reasonOf({ ...valid, aud: 'ballerina.io' })).toBe('passed');
    expect(reasonOf({ ...valid, aud: ['x', 'ballerina.io'] })).toBe('passed');
    for (const aud of [[], ['x', 'y'], 'Ballerina', { ballerina: true }, 1, null, ['ballerina.org']]) {
      expect(reasonOf({ ...valid, aud })).toBe('audience');
    }
  });

  it('refuses exp at or before now − clockSkew, and nbf after now + clockSkew', () => {
    expect(reasonOf({ ...valid, exp: NOW })).toBe('expired');
    expect(reasonOf({ ...valid, exp: NOW + 1 })).toBe('passed');
    expect(reasonOf({ ...valid, nbf: NOW + 1 })).toBe('not_yet_valid');
    const skewed = { ...seed, clockSkew: 30 };
    expect(reasonOf({ ...valid, exp: NOW - 29 }, skewed)).toBe('passed');
    expect(reasonOf({ ...valid, exp: NOW - 30 }, skewed)).toBe('expired');
    expect(reasonOf({ ...valid, nbf: NOW + 30 }, skewed)).toBe('passed');
    expect(reasonOf({ ...valid, nbf: NOW + 31 }, skewed)).toBe('not_yet_valid');
    expect(reasonOf({ ...valid, nbf: NOW + 1.5 }, { ...seed, clockSkew: 1.5 })).toBe('passed');
  });

  it('checks nbf before exp (jose\'s order)', () => {
    expect(reasonOf({ ...valid, nbf: NOW + 10, exp: NOW - 10 })).toBe('not_yet_valid');
    expect(reasonOf({ ...valid, nbf: NOW + 10, exp: 'soon' })).toBe('not_yet_valid');
  });

  it('refuses time claims that are not finite numbers, iat included', () => {
    for (const claim of ['iat', 'nbf', 'exp']) {
      for (const value of [String(NOW + 60), null, true, [NOW + 60], { n: 1 }, Number.POSITIVE_INFINITY, Number.NaN]) {
        expect(reasonOf({ ...valid, [claim]: value }), `${claim}: ${String(value)}`).toBe('malformed');
      }
    }
  });

  it('does not care about iat being in the future (jose without maxTokenAge did not)', () => {
    expect(reasonOf({ ...valid, iat: NOW + 3600 })).toBe('passed');
  });
});

describe('decodeClaimsSet', () => {
  const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

  it('decodes a JSON object', () => {
    expect(decodeClaimsSet(b64(JSON.stringify({ sub: 'alice', exp: 1 })))).toEqual({ sub: 'alice', exp: 1 });
  });

  it('refuses anything else: arrays, strings, null, invalid JSON, invalid UTF-8', () => {
    for (const encoded of [b64('[1,2]'), b64('"a"'), b64('null'), b64('{"a":'), b64(Uint8Array.from([0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d]))]) {
      expect(() => decodeClaimsSet(encoded)).toThrow(expect.objectContaining({ reason: 'malformed' }));
    }
  });

  it('reads "1e999" as a claim that checkClaimsSet then refuses (never an expiry that never comes)', () => {
    const claims = decodeClaimsSet(b64('{"exp":1e999}'));
    expect(claims.exp).toBe(Number.POSITIVE_INFINITY);
    expect(reasonOf(claims, open)).toBe('malformed');
  });
});
