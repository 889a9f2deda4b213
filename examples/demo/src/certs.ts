/**
 * The demo's key material, generated on each run with `@pointe/crypto` (no openssl): one
 * certificate for `localhost` / 127.0.0.1 that the listener, the STS and slapd all serve (and
 * every client trusts), and a second pair whose key signs the self-signed JWTs and whose
 * certificate the JWT service verifies them with (as the seed's JWT blocks do).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSelfSignedCertificate } from '@pointe/crypto';

/** Paths of the files written, all inside `dir`. */
export interface DemoCerts {
  /** The run's directory (deleted when the demo stops). */
  dir: string;
  /** TLS certificate of the listener, STS and slapd; also what the clients trust. */
  tlsCert: string;
  tlsKey: string;
  /** The certificate `jwtValidatorConfig.signatureConfig.certFile` names. */
  jwtCert: string;
  /** The key the self-signed JWT client signs with. */
  jwtKey: string;
}

/** Writes fresh certificates and keys into a new temporary directory. */
export function generateDemoCerts(): DemoCerts {
  const dir = mkdtempSync(join(tmpdir(), 'pointe-demo-'));
  const write = (name: string, text: string, mode: number) => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode });
    return path;
  };
  const tls = generateSelfSignedCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'], validityDays: 1 });
  const jwt = generateSelfSignedCertificate({ commonName: 'pointe-demo-jwt-issuer', validityDays: 1 });
  return {
    dir,
    tlsCert: write('public.crt', tls.cert, 0o644),
    tlsKey: write('private.key', tls.key, 0o600),
    jwtCert: write('jwt-issuer.crt', jwt.cert, 0o644),
    jwtKey: write('jwt-issuer.key', jwt.key, 0o600),
  };
}
