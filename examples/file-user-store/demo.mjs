#!/usr/bin/env node
// `npm run demo`: the seed's file-user-store service on https://localhost:9090/foo/bar.
// Generates a self-signed certificate for localhost on first run (kept in .demo/, git-ignored),
// then starts the built example with this directory as the working directory (Config.toml).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const certDir = join(here, '.demo', 'certs');
const certFile = join(certDir, 'public.crt');
const keyFile = join(certDir, 'private.key');
const port = process.env.PORT ?? '9090';

if (!existsSync(certFile) || !existsSync(keyFile)) {
  mkdirSync(certDir, { recursive: true });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '365',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  console.log(`demo: generated a self-signed certificate for localhost in ${certDir}`);
}

const b64 = (s) => Buffer.from(s).toString('base64');
console.log(`
Pointe demo: the seed's file-user-store service (examples/file-user-store, users in Config.toml).
Try, in another terminal:

  curl -k -v https://localhost:${port}/foo/bar
      → 401 Unauthorized, WWW-Authenticate: Basic realm="pointe", charset="UTF-8"
  curl -k -v https://localhost:${port}/foo/bar -H "Authorization: Basic ${b64('alice:password1')}"
      → 403 Forbidden (alice lacks the scope "hello")
  curl -k -v https://localhost:${port}/foo/bar -H "Authorization: Basic ${b64('alex:password4')}"
      → 200 OK, Hello, World!
  curl -k -v https://localhost:${port}/foo/bar -u alex:password4
      → the same, with curl building the header

Ctrl-C stops it (graceful stop).
`);

const child = spawn(process.execPath, ['dist/main.js'], {
  cwd: here,
  stdio: 'inherit',
  env: { ...process.env, PORT: port, POINTE_CERT_FILE: certFile, POINTE_KEY_FILE: keyFile },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
