/**
 * JwtValidator with a JWKS endpoint: a real HTTPS server (the run's server certificate,
 * trusted through the test CA) whose key set the tests rotate, break and count.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JwksUnavailableError, JwtValidationError, JwtValidator, type JwksConfig, type JwtValidationFailure } from '@pointe/jwt';
import { testCerts } from '../../../test-support/certs.js';
import { claims, jsonHandler, makeKey, signToken, startServer, type TestKey, type TestServer } from './helpers.js';

let keyA: TestKey;
let keyB: TestKey;
let ec: TestKey;
let ed: TestKey;
let jwks: { keys: unknown[] };
let server: TestServer;
const validators: JwtValidator[] = [];

beforeAll(async () => {
  [keyA, keyB, ec, ed] = await Promise.all([makeKey('RS256'), makeKey('RS256'), makeKey('ES256'), makeKey('EdDSA')]);
  server = await startServer(jsonHandler(() => jwks), true);
});
afterAll(() => server.close());
afterEach(async () => {
  await Promise.all(validators.splice(0).map((v) => v.close()));
});

function setKeys(...keys: unknown[]): void {
  jwks = { keys };
  server.hits = 0;
  server.paths.length = 0;
}

/** A validator on the test JWKS server, with a clock the test can move. */
function jwksValidator(extra: Partial<JwksConfig> = {}, url = `${server.url}/jwks`) {
  const clock = { now: Date.now() };
  const validator = new JwtValidator(
    {
      issuer: 'wso2',
      signatureConfig: { jwksConfig: { url, clientConfig: { secureSocket: { cert: testCerts().caCert }, timeout: 2 }, ...extra } },
    },
    { now: () => clock.now },
  );
  validators.push(validator);
  return { validator, clock };
}

// Issued a minute back: the validators' clocks are taken when they are built, and a token signed
// a second later must not look "not yet valid" to them.
const issuedEarlier = () => ({ iat: Math.floor(Date.now() / 1000) - 60, nbf: Math.floor(Date.now() / 1000) - 60 });
const rs256 = (kid: string | undefined, key = keyA) =>
  signToken({ alg: 'RS256', ...(kid === undefined ? {} : { kid }) }, claims(issuedEarlier()), key.privateKey);

/** Why the token was refused: a JwtValidationError's reason, or `jwks_unavailable` for the key source's own error. */
async function reasonOf(validator: JwtValidator, token: string): Promise<JwtValidationFailure | 'jwks_unavailable'> {
  const error = await validator.validate(token).then(() => undefined, (e: unknown) => e);
  if (error instanceof JwksUnavailableError) return error.reason;
  expect(error).toBeInstanceOf(JwtValidationError);
  return (error as JwtValidationError).reason;
}

describe('JWKS', () => {
  it('fetches lazily on first use, then serves from the cache', async () => {
    setKeys({ ...keyA.jwk, kid: 'a', alg: 'RS256', use: 'sig' });
    const { validator } = jwksValidator();
    expect(server.hits).toBe(0);
    await expect(validator.validate(rs256('a'))).resolves.toMatchObject({ sub: 'alice' });
    await expect(validator.validate(rs256('a'))).resolves.toBeDefined();
    expect(server.hits).toBe(1);
    expect(server.paths).toEqual(['/jwks']);
  });

  it('fetches once for concurrent first tokens', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const { validator } = jwksValidator();
    await Promise.all(Array.from({ length: 20 }, () => validator.validate(rs256('a'))));
    expect(server.hits).toBe(1);
  });

  it('fetches at warmUp()', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const { validator } = jwksValidator();
    await validator.warmUp();
    expect(server.hits).toBe(1);
    await validator.validate(rs256('a'));
    expect(server.hits).toBe(1);
  });

  it('refetches on an unknown kid (rotation) and drops keys the provider removed', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const { validator, clock } = jwksValidator();
    await validator.validate(rs256('a'));
    setKeys({ ...keyB.jwk, kid: 'b' });
    clock.now += 11_000;
    await expect(validator.validate(rs256('b', keyB))).resolves.toBeDefined();
    expect(server.hits).toBe(1);
    expect(validator.jwksFetchCount).toBe(2);
    // Key a was rotated out: no longer trusted, and asking again within the window fetches nothing.
    expect(await reasonOf(validator, rs256('a'))).toBe('key_not_found');
    expect(server.hits).toBe(1);
  });

  it('rate-limits refetches: a flood of unknown kids makes at most one fetch per window', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const { validator, clock } = jwksValidator();
    await validator.validate(rs256('a'));
    expect(server.hits).toBe(1);
    // Within 10 s of the last fetch: none.
    const early = await Promise.all(Array.from({ length: 50 }, (_, i) => reasonOf(validator, rs256(`forged-${i}`))));
    expect(new Set(early)).toEqual(new Set(['key_not_found']));
    expect(server.hits).toBe(1);
    // After the window: the concurrent flood shares exactly one fetch, the next ones none.
    clock.now += 10_000;
    await Promise.all(Array.from({ length: 50 }, (_, i) => reasonOf(validator, rs256(`forged-${i}`))));
    for (let i = 0; i < 20; i++) expect(await reasonOf(validator, rs256(`later-${i}`))).toBe('key_not_found');
    expect(server.hits).toBe(2);
    // Known keys keep working during the flood.
    await expect(validator.validate(rs256('a'))).resolves.toBeDefined();
  });

  it('honours a configured minRefetchInterval', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const { validator, clock } = jwksValidator({ minRefetchInterval: 60 });
    await validator.validate(rs256('a'));
    clock.now += 30_000;
    expect(await reasonOf(validator, rs256('x'))).toBe('key_not_found');
    clock.now += 30_000;
    expect(await reasonOf(validator, rs256('y'))).toBe('key_not_found');
    expect(server.hits).toBe(2);
  });

  it('refetches the set after cacheConfig.defaultMaxAge', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const { validator, clock } = jwksValidator({ cacheConfig: { defaultMaxAge: 60 } });
    await validator.validate(rs256('a'));
    clock.now += 59_000;
    await validator.validate(rs256('a'));
    expect(server.hits).toBe(1);
    clock.now += 1_000;
    await validator.validate(rs256('a'));
    expect(server.hits).toBe(2);
  });

  it('picks the only key for a token without kid, and refuses to guess among several', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const { validator } = jwksValidator();
    await expect(validator.validate(rs256(undefined))).resolves.toBeDefined();
    setKeys({ ...keyA.jwk, kid: 'a' }, { ...keyB.jwk, kid: 'b' });
    const two = jwksValidator().validator;
    expect(await reasonOf(two, rs256(undefined))).toBe('key_not_found');
    await expect(two.validate(rs256('b', keyB))).resolves.toBeDefined();
  });

  it('verifies ES256 and EdDSA keys from the set, each only with its own algorithm', async () => {
    setKeys({ ...ec.jwk, kid: 'ec' }, { ...ed.jwk, kid: 'ed' }, { ...keyA.jwk, kid: 'rsa' });
    const { validator } = jwksValidator();
    await expect(validator.validate(signToken({ alg: 'ES256', kid: 'ec' }, claims(issuedEarlier()), ec.privateKey))).resolves.toBeDefined();
    await expect(validator.validate(signToken({ alg: 'EdDSA', kid: 'ed' }, claims(issuedEarlier()), ed.privateKey))).resolves.toBeDefined();
    await expect(validator.validate(signToken({ alg: 'PS384', kid: 'rsa' }, claims(issuedEarlier()), keyA.privateKey))).resolves.toBeDefined();
    expect(await reasonOf(validator, signToken({ alg: 'RS256', kid: 'ec' }, claims(issuedEarlier()), keyA.privateKey))).toBe('algorithm');
    expect(await reasonOf(validator, signToken({ alg: 'ES256', kid: 'ed' }, claims(issuedEarlier()), ec.privateKey))).toBe('algorithm');
  });

  it('honours a key\'s alg: an RS256-only key does not verify PS256', async () => {
    setKeys({ ...keyA.jwk, kid: 'a', alg: 'RS256' });
    const { validator } = jwksValidator();
    expect(await reasonOf(validator, signToken({ alg: 'PS256', kid: 'a' }, claims(), keyA.privateKey))).toBe('algorithm');
  });

  it('ignores keys that are not for signatures: oct secrets, use "enc", key_ops without verify, unknown alg, junk', async () => {
    const secret = 'k'.repeat(64);
    setKeys(
      { kty: 'oct', kid: 'hs', k: Buffer.from(secret).toString('base64url') },
      { ...keyB.jwk, kid: 'enc', use: 'enc' },
      { ...keyB.jwk, kid: 'ops', key_ops: ['encrypt'] },
      { ...keyB.jwk, kid: 'rsa1_5', alg: 'RSA1_5' },
      { kty: 'RSA', kid: 'broken', n: 'AQAB', e: 'AQAB' },
      'not a key',
      { ...keyA.jwk, kid: 'a' },
    );
    const { validator } = jwksValidator();
    expect(await reasonOf(validator, signToken({ alg: 'HS256', kid: 'hs' }, claims(), secret))).toBe('algorithm');
    for (const kid of ['enc', 'ops', 'rsa1_5', 'broken']) {
      expect(await reasonOf(validator, rs256(kid, keyB))).toBe('key_not_found');
    }
    await expect(validator.validate(rs256('a'))).resolves.toBeDefined();
  });

  it('uses kid only as a map key: traversal and prototype names are harmless', async () => {
    setKeys({ ...keyA.jwk, kid: '../../etc/passwd' }, { ...keyB.jwk, kid: 'b' });
    const { validator } = jwksValidator();
    await expect(validator.validate(rs256('../../etc/passwd'))).resolves.toBeDefined();
    for (const kid of ['../../../../etc/shadow', '__proto__', 'constructor', 'toString', '%2e%2e%2f', '']) {
      expect(await reasonOf(validator, rs256(kid))).toBe('key_not_found');
    }
    expect(server.paths.every((p) => p === '/jwks')).toBe(true);
    expect(await reasonOf(validator, signToken({ alg: 'RS256', kid: 7 }, claims(), keyA.privateKey))).toBe('malformed');
  });

  it('never follows jku or x5u, even for a kid it does not know', async () => {
    const attacker = await makeKey('RS256');
    const hints = await startServer(jsonHandler(() => ({ keys: [{ ...attacker.jwk, kid: 'evil' }] })));
    try {
      setKeys({ ...keyA.jwk, kid: 'a' });
      const { validator } = jwksValidator();
      const header = { alg: 'RS256', kid: 'evil', jku: `${hints.url}/jwks`, x5u: `${hints.url}/x5u.pem` };
      expect(await reasonOf(validator, signToken(header, claims(), attacker.privateKey))).toBe('key_not_found');
      expect(await reasonOf(validator, signToken({ ...header, kid: 'a' }, claims(), attacker.privateKey))).toBe('signature');
      expect(hints.hits).toBe(0);
    } finally {
      await hints.close();
    }
  });

  it('trusts the configured CA only: a default client refuses the test certificate, disable: true accepts it', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' });
    const strict = new JwtValidator({ signatureConfig: { jwksConfig: { url: `${server.url}/jwks`, clientConfig: { timeout: 2 } } } });
    const lax = new JwtValidator({ signatureConfig: { jwksConfig: { url: `${server.url}/jwks`, clientConfig: { secureSocket: { disable: true } } } } });
    validators.push(strict, lax);
    const error = await strict.validate(rs256('a')).catch((e: unknown) => e as JwtValidationError);
    expect(error).toMatchObject({ reason: 'jwks_unavailable' });
    await expect(lax.validate(rs256('a'))).resolves.toBeDefined();
  });

  it('reads a plain-http JWKS on loopback', async () => {
    const plain = await startServer(jsonHandler(() => ({ keys: [{ ...keyA.jwk, kid: 'a' }] })));
    try {
      const validator = new JwtValidator({ signatureConfig: { jwksConfig: { url: `${plain.url}/jwks` } } });
      validators.push(validator);
      await expect(validator.validate(rs256('a'))).resolves.toBeDefined();
      expect(plain.hits).toBe(1);
    } finally {
      await plain.close();
    }
  });
});

describe('JWKS synchronous answers', () => {
  /** What validateMaybeSync returned: a promise (settled here), a value, or a synchronous throw. */
  async function answer(validator: JwtValidator, token: string): Promise<{ sync: boolean; outcome: string }> {
    let result: unknown;
    try {
      result = validator.validateMaybeSync(token);
    } catch (error) {
      return { sync: true, outcome: (error as JwtValidationError | JwksUnavailableError).reason };
    }
    if (!(result instanceof Promise)) return { sync: true, outcome: 'valid' };
    return { sync: false, outcome: await result.then(() => 'valid', (error: unknown) => (error as JwtValidationError | JwksUnavailableError).reason) };
  }

  it('is a promise only while the set must be fetched; a known kid, or an unknown one inside the window, is answered on the spot', async () => {
    setKeys({ ...keyA.jwk, kid: 'a' }, { ...ec.jwk, kid: 'ec' });
    // Signed before the validator's clock is read, so their nbf is never ahead of it.
    const [valid, wrongKey, wrongAlg, unknown] = [rs256('a'), rs256('a', keyB), signToken({ alg: 'RS256', kid: 'ec' }, claims(), keyA.privateKey), rs256('unknown')];
    const { validator, clock } = jwksValidator();
    expect(await answer(validator, valid!)).toEqual({ sync: false, outcome: 'valid' });
    expect(await answer(validator, valid!)).toEqual({ sync: true, outcome: 'valid' });
    expect(await answer(validator, wrongKey!)).toEqual({ sync: true, outcome: 'signature' });
    expect(await answer(validator, wrongAlg!)).toEqual({ sync: true, outcome: 'algorithm' });
    expect(await answer(validator, unknown!)).toEqual({ sync: true, outcome: 'key_not_found' });
    expect(server.hits).toBe(1);
    // After the window an unknown kid is worth one fetch again: a promise.
    clock.now += 10_000;
    expect(await answer(validator, unknown!)).toEqual({ sync: false, outcome: 'key_not_found' });
    expect(server.hits).toBe(2);
  });
});

describe('JWKS unavailable', () => {
  async function expectUnavailable(handler: Parameters<typeof startServer>[0], timeout = 2): Promise<JwksUnavailableError> {
    const broken = await startServer(handler);
    try {
      const validator = new JwtValidator({ signatureConfig: { jwksConfig: { url: `${broken.url}/jwks`, clientConfig: { timeout } } } });
      validators.push(validator);
      const error = (await validator.validate(rs256('a')).catch((e: unknown) => e)) as JwksUnavailableError;
      // The key source failed, not the token (issue 6 item 3): its own class and code.
      expect(error).toBeInstanceOf(JwksUnavailableError);
      expect(error).not.toBeInstanceOf(JwtValidationError);
      expect(error.code).toBe('POINTE_ERR_JWKS_UNAVAILABLE');
      expect(error.reason).toBe('jwks_unavailable');
      await expect(validator.warmUp()).rejects.toMatchObject({ reason: 'jwks_unavailable' });
      return error;
    } finally {
      await broken.close();
    }
  }

  it('on a 500', async () => {
    expect((await expectUnavailable(jsonHandler(() => ({ error: 'x' }), 500))).message).toMatch(/expected 200 OK, got 500/);
  });

  it('on a redirect, which is not followed', async () => {
    await expectUnavailable((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
  });

  it('on a body that is not JSON, or not a key set', async () => {
    expect(
      (
        await expectUnavailable((_req, res) => {
          res.end('<html>');
        })
      ).message,
    ).toMatch(/not JSON/);
    expect((await expectUnavailable(jsonHandler(() => ({ keys: 'none' })))).message).toMatch(/not a JWK Set/);
  });

  it('on a body over the size cap', async () => {
    await expectUnavailable(jsonHandler(() => ({ keys: [], pad: 'x'.repeat(600 * 1024) })));
  });

  it('on a server that never answers, within the timeout', async () => {
    const started = Date.now();
    const error = await expectUnavailable(() => undefined, 0.3);
    expect(error.message).toMatch(/within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('on a server that stalls mid-body', async () => {
    await expectUnavailable((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[');
    }, 0.3);
  });

  it('on a refused connection, without retrying inside the window', async () => {
    const probe = await startServer(jsonHandler(() => ({})));
    const url = `${probe.url}/jwks`;
    await probe.close();
    const clock = { now: Date.now() };
    const validator = new JwtValidator({ signatureConfig: { jwksConfig: { url } } }, { now: () => clock.now });
    validators.push(validator);
    expect(await reasonOf(validator, rs256('a'))).toBe('jwks_unavailable');
    // Within the window no new attempt is made, and the answer stays jwks_unavailable.
    expect(await reasonOf(validator, rs256('a'))).toBe('jwks_unavailable');
    expect(validator.jwksFetchCount).toBe(1);
  });

  it('recovers once the endpoint answers again, after the window', async () => {
    let up = false;
    const flaky = await startServer((req, res) => (up ? jsonHandler(() => ({ keys: [{ ...keyA.jwk, kid: 'a' }] })) : jsonHandler(() => ({}), 503))(req, res));
    try {
      const clock = { now: Date.now() };
      const validator = new JwtValidator({ signatureConfig: { jwksConfig: { url: `${flaky.url}/jwks` } } }, { now: () => clock.now });
      validators.push(validator);
      expect(await reasonOf(validator, rs256('a'))).toBe('jwks_unavailable');
      up = true;
      expect(await reasonOf(validator, rs256('a'))).toBe('jwks_unavailable');
      clock.now += 10_000;
      await expect(validator.validate(rs256('a'))).resolves.toBeDefined();
      expect(flaky.hits).toBe(2);
    } finally {
      await flaky.close();
    }
  });
});
