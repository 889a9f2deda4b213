// The test suite's slapd (test-support/slapd.ts) for the plain-JavaScript bench and soak scripts:
// the same file, transpiled once with the repo's TypeScript (type-only imports vanish), so the
// bench's directory is the tests' directory (users alice/bob/carol, password `<uid>-pass`).
// `startBenchSlapd(dir)` also makes the self-signed certificate slapd's TLS listener needs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const source = new URL('../test-support/slapd.ts', import.meta.url);

/** test-support/slapd.ts as a module: `startSlapd`, `ldapStoreConfig`, `LDAP_USERS`... */
export async function loadSlapdSupport() {
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  // It finds scripts/install-slapd.sh relative to itself: keep its own URL after the move.
  const js = outputText.replaceAll('import.meta.url', JSON.stringify(source.href));
  const file = join(mkdtempSync(join(tmpdir(), 'pointe-bench-slapd-')), 'slapd.mjs');
  writeFileSync(file, js);
  return import(pathToFileURL(file).href);
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

