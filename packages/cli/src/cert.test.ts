import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certKeyToPem, keyStoreToPem, loadCertificates } from '@pointe/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../test/fake-io.js';
import { certCommand } from './cert.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'pointe-cert-')));

describe('pointe cert', () => {
  it('writes certs/public.crt and a 0600 certs/private.key that belong together', async () => {
    fresh();
    const { code, stdout, stderr } = await runCommand(certCommand, ['--dns', 'localhost', '--dns', 'api.test', '--days', '7', '-k', 'ec'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain("wrote certs/public.crt, certs/private.key");
    expect(stdout).toContain("secureSocket: { key: { certFile: 'certs/public.crt', keyFile: 'certs/private.key' } }");
    const files = { certFile: join(dir, 'certs/public.crt'), keyFile: join(dir, 'certs/private.key') };
    expect(() => certKeyToPem(files)).not.toThrow();
    const [cert] = loadCertificates(files.certFile);
    expect(cert!.subjectAltName).toBe('DNS:localhost, DNS:api.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert!.publicKey.asymmetricKeyType).toBe('ec');
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
  });

  it('writes a PKCS#12 store whose password comes from stdin', async () => {
    fresh();
    const { code } = await runCommand(certCommand, ['--out', 'tls', '--p12', '--alias', 'svc'], { cwd: dir, input: 's3cret\n' });
    expect(code).toBe(0);
    const pem = keyStoreToPem({ path: join(dir, 'tls/keystore.p12'), password: 's3cret' }, 'svc');
    expect(pem.cert).toBe(readFileSync(join(dir, 'tls/public.crt'), 'utf8'));
  });

  it('refuses an empty key store password, exit 1, and writes nothing', async () => {
    fresh();
    const { code, stderr } = await runCommand(certCommand, ['--p12'], { cwd: dir, input: '\n' });
    expect(code).toBe(1);
    expect(stderr).toContain('the key store password is empty');
    expect(() => statSync(join(dir, 'certs/public.crt'))).toThrow();
  });

  it('never overwrites without --force, exit 1', async () => {
    fresh();
    expect((await runCommand(certCommand, [], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'certs/public.crt'), 'mine');
    const again = await runCommand(certCommand, [], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('certs/public.crt, certs/private.key already exist; pass --force');
    expect(readFileSync(join(dir, 'certs/public.crt'), 'utf8')).toBe('mine');
    expect((await runCommand(certCommand, ['--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'certs/public.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    [['--days', '0'], '--days must be a whole number from 1 to 3650'],
    [['--key-type', 'dsa'], "--key-type must be rsa or ec, not 'dsa'"],
    [['--ip', 'localhost'], "'localhost' is not an IPv4 or IPv6 address"],
    [['--dns', 'a b'], "'a b' is not a DNS name"],
    [['extra'], 'Unexpected argument'],
  ])('refuses %j with usage, exit 2', async (args, reason) => {
    fresh();
    const { code, stderr } = await runCommand(certCommand, args, { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain(reason);
    expect(stderr).toContain('Usage: pointe cert');
  });
});
