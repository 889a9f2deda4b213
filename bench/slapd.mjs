// The test suite's slapd (`@pointe/slapd`, packages/slapd) for the plain-JavaScript bench and soak
// scripts, so the bench's directory is the tests' directory (users alice/bob/carol, password
// `<uid>-pass`). `startBenchSlapd(dir)` also makes the self-signed certificate slapd's TLS listener needs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** `@pointe/slapd` (its dist/): `startSlapd`, `ldapStoreConfig`, `LDAP_USERS`... */
export async function loadSlapdSupport() {
  return import('@pointe/slapd');
}

/** Starts a private slapd (installing OpenLDAP first if it is missing) with a fresh certificate in `dir`. */
export async function startBenchSlapd(dir) {
  const support = await loadSlapdSupport();
  const certFile = join(dir, 'slapd.crt');
  const keyFile = join(dir, 'slapd.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const slapd = await support.startSlapd({ certFile, keyFile });
  return { slapd, support };
}
