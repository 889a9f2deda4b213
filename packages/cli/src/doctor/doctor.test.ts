import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@pointe/auth';
import { generateSelfSignedCertificate } from '@pointe/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/fake-io.js';
import { doctorCommand } from './doctor.js';

const dir = mkdtempSync(join(tmpdir(), 'pointe-doctor-'));
const servers: Server[] = [];
let slapd: ChildProcess | undefined;
let jwksUrl = '';
let introspectionUrl = '';
let closedPortUrl = '';
let ldapUrl = '';
const SLAPD = '/usr/sbin/slapd';
const hasSlapd = existsSync(SLAPD) && existsSync('/etc/ldap/schema/core.schema');

/** A real HTTP server on 127.0.0.1 and a free port; resolves with its base URL. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** slapd with an empty mdb database whose rootdn cn=admin,dc=pointe,dc=test binds with 'adminpw'. */
async function startSlapd(): Promise<string> {
  const ldapDir = join(dir, 'ldap');
  mkdirSync(join(ldapDir, 'db'), { recursive: true });
  writeFileSync(join(ldapDir, 'slapd.conf'), [
    'include /etc/ldap/schema/core.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${join(ldapDir, 'slapd.pid')}`,
    'database mdb',
    'suffix "dc=pointe,dc=test"',
    'rootdn "cn=admin,dc=pointe,dc=test"',
    'rootpw adminpw',
    `directory ${join(ldapDir, 'db')}`,
    '',
  ].join('\n'));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  slapd = spawn(SLAPD, ['-f', join(ldapDir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], { stdio: 'ignore' });
  // Ready when the port accepts connections.
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = require_connect(port);
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (ok) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('slapd did not start');
}
import { connect as netConnect } from 'node:net';
const require_connect = (port: number) => netConnect(port, '127.0.0.1');

beforeAll(async () => {
  const good = generateSelfSignedCertificate({ keyType: 'ec' });
  const other = generateSelfSignedCertificate({ keyType: 'ec' });
  const expired = generateSelfSignedCertificate({ keyType: 'ec', notBefore: new Date(Date.now() - 10 * 86_400_000), validityDays: 2 });
  mkdirSync(join(dir, 'certs'));
  writeFileSync(join(dir, 'certs/public.crt'), good.cert);
  writeFileSync(join(dir, 'certs/private.key'), good.key);
  writeFileSync(join(dir, 'certs/other.key'), other.key);
  writeFileSync(join(dir, 'certs/expired.crt'), expired.cert);
  writeFileSync(join(dir, 'certs/expired.key'), expired.key);
  writeFileSync(join(dir, 'Config.toml'), `[[auth.users]]\nusername="alice"\npassword="${await hashPassword('pw1')}"\nscopes=["hello"]\n`);
  writeFileSync(join(dir, 'Broken.toml'), '[[auth.users]\nusername="alice"\n');
  writeFileSync(join(dir, 'Plain.toml'), '[[auth.users]]\nusername="alice"\npassword="password1"\n');

  const jwk = { ...other.privateKey.export({ format: 'jwk' }), kid: 'dev-1', use: 'sig', alg: 'ES256' };
  delete (jwk as { d?: string }).d;
  jwksUrl = `${await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })))}/jwks`;
  introspectionUrl = `${await serve((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('pointe-listener:s3cret').toString('base64')}`) {
      res.writeHead(401).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ active: !body.includes('pointe-doctor-probe') })));
  })}/introspect`;
  closedPortUrl = `http://127.0.0.1:${await freePort()}`;
  if (hasSlapd) ldapUrl = await startSlapd();
});

afterAll(async () => {
  slapd?.kill();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

function doctorFile(name: string, config: unknown): string {
  writeFileSync(join(dir, name), JSON.stringify(config, null, 2));
  return name;
}

const ldapRecord = (password: string) => ({
  ldapUserStoreConfig: { connectionUrl: ldapUrl, connectionName: 'cn=admin,dc=pointe,dc=test', connectionPassword: password },
});

describe('pointe doctor on a good configuration', () => {
  it('passes every check and exits 0', async () => {
    const file = doctorFile('good.json', {
      secureSocket: { key: { certFile: 'certs/public.crt', keyFile: 'certs/private.key' } },
      auth: [
        { fileUserStoreConfig: {} },
        { jwtValidatorConfig: { issuer: 'dev', signatureConfig: { jwksConfig: { url: jwksUrl } } } },
        { jwtValidatorConfig: { signatureConfig: { certFile: 'certs/public.crt' } } },
        { oauth2IntrospectionConfig: { url: introspectionUrl, clientConfig: { auth: { username: 'pointe-listener', password: 's3cret' } } } },
        ...(hasSlapd ? [ldapRecord('adminpw')] : []),
      ],
    });
    const { code, stdout, stderr } = await runCommand(doctorCommand, ['--config', file], { cwd: dir });
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`pointe doctor: ${join(dir, file)}`);
    expect(lines).toContain(`PASS Config.toml: ${join(dir, 'Config.toml')}: 1 user, every password hashed`);
    expect(stdout).toMatch(/^PASS TLS key .*certs\/public\.crt: CN=localhost, DNS:localhost, IP Address:127\.0\.0\.1, .*; the key matches; valid for 29 more days$/m);
    expect(stdout).toMatch(/^PASS auth\[1\] jwtValidatorConfig: the validator builds \(signatureConfig: jwksConfig\)$/m);
    expect(stdout).toMatch(/^PASS auth\[1\] JWKS http:\/\/127\.0\.0\.1:\d+\/jwks: 1 usable key: dev-1$/m);
    expect(stdout).toMatch(/^PASS auth\[2\] JWT certFile: 1 certificate/m);
    expect(stdout).toMatch(/^PASS auth\[3\] introspection http:\/\/127\.0\.0\.1:\d+\/introspect: answers \(a probe token is active: false\)$/m);
    if (hasSlapd) expect(stdout).toMatch(/^PASS auth\[4\] LDAP ldap:\/\/127\.0\.0\.1:\d+: the service account cn=admin,dc=pointe,dc=test binds$/m);
    expect(stdout).not.toMatch(/FAIL|WARN/);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed, 0 warnings, 0 skipped$/);
    expect(stdout).not.toContain('s3cret');
    expect(code).toBe(0);
  });

  it('without a doctor file, checks Config.toml and certs/ in the working directory', async () => {
    const { code, stdout } = await runCommand(doctorCommand, [], { cwd: dir });
    expect(stdout).toContain('no pointe.doctor.json');
    expect(stdout).toMatch(/^PASS Config\.toml: /m);
    expect(stdout).toMatch(/^PASS TLS key /m);
    expect(code).toBe(0);
  });
});

describe('pointe doctor on a broken configuration', () => {
  it('fails a key that does not match its certificate, an unreachable JWKS, refused introspection and a wrong LDAP password; exits 1', async () => {
    const file = doctorFile('broken.json', {
      secureSocket: { key: { certFile: 'certs/public.crt', keyFile: 'certs/other.key' } },
      auth: [
        { fileUserStoreConfig: {} },
        { jwtValidatorConfig: { signatureConfig: { jwksConfig: { url: `${closedPortUrl}/jwks` } } } },
        { oauth2IntrospectionConfig: { url: introspectionUrl, clientConfig: { auth: { username: 'pointe-listener', password: 'wrong-secret' } } } },
        { oauth2IntrospectionConfig: { url: `${closedPortUrl}/introspect` } },
        ...(hasSlapd ? [ldapRecord('wrong-ldap-pw')] : []),
      ],
      timeout: 3,
    });
    const { code, stdout } = await runCommand(doctorCommand, ['-c', file], { cwd: dir });
    expect(stdout).toMatch(/^FAIL TLS key .*: POINTE_ERR_CRYPTO_KEY_MISMATCH: private key file '.*other\.key' does not belong to the certificate for 'CN=localhost'$/m);
    expect(stdout).toMatch(/^ {5}fix: pointe cert writes a matching development pair$/m);
    expect(stdout).toMatch(/^FAIL auth\[1\] JWKS http:\/\/127\.0\.0\.1:\d+\/jwks: .*JWKS http:\/\/127\.0\.0\.1:\d+\/jwks: cannot fetch .*ECONNREFUSED/m);
    expect(stdout).toMatch(/^FAIL auth\[2\] introspection .*: reachable, but refused the client \(401\)$/m);
    expect(stdout).toMatch(/^FAIL auth\[3\] introspection .*: unreachable \(ECONNREFUSED/m);
    if (hasSlapd) expect(stdout).toMatch(/^FAIL auth\[4\] LDAP .*: .*bind as cn=admin,dc=pointe,dc=test failed: invalid credentials \(LDAP result 49\)$/m);
    expect(stdout).toMatch(/^PASS Config\.toml/m);
    expect(stdout).not.toContain('wrong-secret');
    expect(stdout).not.toContain('wrong-ldap-pw');
    expect(stdout).toMatch(hasSlapd ? /^2 passed, 5 failed/m : /^2 passed, 4 failed/m);
    expect(code).toBe(1);
  });

  it('fails an expired certificate and TOML that does not parse; warns on plain-text passwords', async () => {
    const broken = await runCommand(doctorCommand, ['-c', doctorFile('expired.json', {
      configFiles: ['Broken.toml'],
      secureSocket: { key: { certFile: 'certs/expired.crt', keyFile: 'certs/expired.key' } },
      auth: [{ fileUserStoreConfig: {} }],
    })], { cwd: dir });
    expect(broken.stdout).toMatch(/^FAIL Config\.toml: .*Broken\.toml/m);
    expect(broken.stdout).toMatch(/^FAIL TLS key .*; expired \d{4}-/m);
    expect(broken.code).toBe(1);

    const plain = await runCommand(doctorCommand, ['-c', doctorFile('plain.json', { configFiles: ['Plain.toml'], auth: [{ fileUserStoreConfig: {} }] })], { cwd: dir });
    expect(plain.stdout).toMatch(/^WARN Config\.toml: .*Plain\.toml: 1 user, 1 with a plain-text password$/m);
    expect(plain.stdout).not.toContain('password1');
    expect(plain.code).toBe(0);
  });

  it('a file store with no Config.toml at all is a failure', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    writeFileSync(join(empty, 'pointe.doctor.json'), JSON.stringify({ auth: [{ fileUserStoreConfig: {} }] }));
    const { code, stdout } = await runCommand(doctorCommand, [], { cwd: empty });
    expect(stdout).toMatch(/^FAIL Config\.toml: no Config\.toml in /m);
    expect(code).toBe(1);
  });

  it.each([
    [['--config', 'missing.json'], /cannot read .*missing\.json/],
    [['--config', 'bad-field.json'], /unknown field 'services'/],
    [['--config', 'bad-auth.json'], /auth\[0\] needs exactly one of fileUserStoreConfig/],
  ])('exits 2 for %j', async (args, message) => {
    doctorFile('bad-field.json', { services: [] });
    doctorFile('bad-auth.json', { auth: [{ basic: {} }] });
    const { code, stderr } = await runCommand(doctorCommand, args, { cwd: dir });
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });
});

describe('pointe doctor output', () => {
  const file = () => doctorFile('tty.json', { auth: [{ fileUserStoreConfig: {} }] });

  it('colours marks and shows progress on a terminal', async () => {
    const { stdout } = await runCommand(doctorCommand, ['-c', file()], { cwd: dir, tty: true });
    expect(stdout).toContain('\x1b[32m✔\x1b[0m \x1b[1mConfig.toml\x1b[0m');
    expect(stdout).toContain('\x1b[90m…\x1b[0m Config.toml\r\x1b[2K');
  });

  it('honours NO_COLOR on a terminal: progress but no colour', async () => {
    const { stdout } = await runCommand(doctorCommand, ['-c', file()], { cwd: dir, tty: true, env: { NO_COLOR: '1' } });
    expect(stdout).not.toContain('\x1b[3');
    expect(stdout).toContain('… Config.toml\r\x1b[2KPASS Config.toml: ');
  });

  it('is plain words without escape codes when not a terminal', async () => {
    const { stdout } = await runCommand(doctorCommand, ['-c', file()], { cwd: dir });
    expect(stdout).not.toContain('\x1b');
    expect(stdout).not.toContain('\r');
  });
});
