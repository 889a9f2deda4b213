import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSelfSignedCertificate } from '@pointe/crypto';
import { JwtValidator } from '@pointe/jwt';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../test/fake-io.js';
import { tokenCommand } from './token.js';

const dir = mkdtempSync(join(tmpdir(), 'pointe-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pair = (name: string, keyType: 'rsa' | 'ec') => {
  const generated = generateSelfSignedCertificate({ keyType });
  writeFileSync(join(dir, `${name}.crt`), generated.cert);
  writeFileSync(join(dir, `${name}.key`), generated.key);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`), privateKey: generated.privateKey };
};
const rsa = pair('rsa', 'rsa');
const ec = pair('ec', 'ec');

describe('pointe token', () => {
  it('mints an RS256 token that the validator for the certificate accepts, with the claims asked for', async () => {
    const { code, stdout, stderr } = await runCommand(tokenCommand, [
      '--key', rsa.key, '--sub', 'alice', '--iss', 'dev', '--aud', 'svc', '--scope', 'hello world', '--claim', 'tier=3', '--claim', 'team=blue', '--kid', 'k1', '--exp', '60',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const validator = new JwtValidator({ issuer: 'dev', audience: 'svc', signatureConfig: { certFile: rsa.cert } });
    const payload = await validator.validate(stdout.trim());
    expect(payload).toMatchObject({ sub: 'alice', iss: 'dev', aud: 'svc', scope: 'hello world', tier: 3, team: 'blue' });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(JSON.parse(Buffer.from(stdout.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
  });

  it('picks ES256 for a P-256 key, and a token signed by another key is refused', async () => {
    const { code, stdout } = await runCommand(tokenCommand, ['--key', ec.key]);
    expect(code).toBe(0);
    expect(JSON.parse(Buffer.from(stdout.split('.')[0]!, 'base64url').toString()).alg).toBe('ES256');
    await expect(new JwtValidator({ signatureConfig: { certFile: rsa.cert } }).validate(stdout.trim())).rejects.toThrow();
  });

  it('reads an encrypted key\'s password from stdin, and fails with exit 1 for a wrong one', async () => {
    const encrypted = join(dir, 'encrypted.key');
    writeFileSync(encrypted, rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'keypass' }));
    const ok = await runCommand(tokenCommand, ['--key', encrypted, '--key-password-stdin', '--sub', 'carol'], { input: 'keypass\n' });
    expect(ok.code).toBe(0);
    expect(await new JwtValidator({ signatureConfig: { certFile: rsa.cert } }).validate(ok.stdout.trim())).toMatchObject({ sub: 'carol' });
    const wrong = await runCommand(tokenCommand, ['--key', encrypted, '--key-password-stdin'], { input: 'nope\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('encrypted.key');
    expect(wrong.stderr).not.toContain('nope');
  });

  it('signs with an HMAC secret read from stdin', async () => {
    const secret = 'a-development-secret-of-32-bytes!';
    const { code, stdout } = await runCommand(tokenCommand, ['--secret-stdin', '--sub', 'bob'], { input: `${secret}\n` });
    expect(code).toBe(0);
    expect(await new JwtValidator({ signatureConfig: { secret } }).validate(stdout.trim())).toMatchObject({ sub: 'bob' });
  });

  it('fails with exit 1 naming the problem for an algorithm the key cannot do, or a short secret', async () => {
    const wrong = await runCommand(tokenCommand, ['--key', ec.key, '--alg', 'RS256']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('RS256 does not fit');
    const short = await runCommand(tokenCommand, ['--secret-stdin'], { input: 'short\n' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('HS256 needs at least 32');
    expect(short.stderr).not.toContain('short\n');
    const missing = await runCommand(tokenCommand, ['--key', join(dir, 'nope.key')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.key');
  });

  it.each([
    [[], 'give exactly one of --key <file> and --secret-stdin'],
    [['--key', 'k', '--secret-stdin'], 'give exactly one'],
    [['--key', 'k', '--alg', 'none'], "unknown --alg 'none'"],
    [['--key', 'k', '--claim', 'novalue'], "--claim 'novalue' is not name=value"],
    [['--key', 'k', '--exp=0'], '--exp must be a whole number from 1 to 31536000'], [['--key', 'k', '--exp=1.5'], '--exp must be a whole number'],
  ])('refuses %j with usage, exit 2', async (args, reason) => {
    const { code, stderr } = await runCommand(tokenCommand, args);
    expect(code).toBe(2);
    expect(stderr).toContain(reason);
  });
});
