// What `run.mjs` and `ab.mjs` share: the bench's credentials on disk (the seed's user with a
// plain-text and an argon2id password, an RS256 key and certificate, tokens issued with it),
// and the server process's CPU time read from /proc.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@pointe/auth';
import { JwtIssuer } from '@pointe/jwt';

/**
 * A fresh directory with `plain.toml` and `argon2id.toml` (user alex, password4, scope hello) and
 * `jwt.key` / `jwt.crt`; `issue(scp)` signs the seed's JWT (sub and iss wso2, aud ballerina) with it.
 */
export async function benchFixtures(prefix) {
  const configDir = mkdtempSync(join(tmpdir(), prefix));
  const user = (password) => `[[auth.users]]\nusername="alex"\npassword="${password}"\nscopes=["hello"]\n`;
  writeFileSync(join(configDir, 'plain.toml'), user('password4'));
  writeFileSync(join(configDir, 'argon2id.toml'), user(await hashPassword('password4', { algorithm: 'argon2id' })));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(configDir, 'jwt.key'), '-out', join(configDir, 'jwt.crt'),
    '-days', '1', '-subj', '/CN=pointe-bench-jwt'], { stdio: 'ignore' });
  const issue = async (scp) => (await new JwtIssuer({
    username: 'wso2', issuer: 'wso2', audience: 'ballerina', customClaims: { scp }, expTime: 3600,
    signatureConfig: { config: { keyFile: join(configDir, 'jwt.key') } },
  }).issue()).token;
  return { configDir, issue, basicHeader: `Basic ${Buffer.from('alex:password4').toString('base64')}` };
}

/** The Basic header of the test directory's alice (`@pointe/slapd`), for the LDAP rows. */
export const LDAP_BASIC_HEADER = `Basic ${Buffer.from('alice:alice-pass').toString('base64')}`;

/** CPU seconds (user + system) the process has used so far, from /proc (Linux); NaN once it is gone. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}
