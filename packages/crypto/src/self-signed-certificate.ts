/**
 * Self-signed X.509 certificates for development TLS, on node:crypto alone (no openssl
 * binary): the key pair from `generateKeyPairSync`, the TBSCertificate DER-encoded here
 * (RFC 5280 §4.1), signed with `crypto.sign`. What `pointe cert` and create-pointe-app write.
 *
 * The certificate is an end-entity one (basicConstraints CA:FALSE, critical) for TLS servers
 * (extendedKeyUsage serverAuth, and clientAuth so the same pair can try mutual TLS), with the
 * names a browser and Node check (subjectAltName DNS and IP entries; the CN is not consulted,
 * RFC 6125 §6.4.4). A client trusts it by listing the certificate itself as its CA.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject, X509Certificate } from 'node:crypto';
import * as der from './der-writer.js';
import { toPem } from './pem.js';
import { writePkcs12 } from './pkcs12/write-pfx.js';

/** What to put in the certificate. Every field has a development default. */
export interface SelfSignedCertificateOptions {
  /** Subject (and issuer) common name. Default `'localhost'`. */
  commonName?: string;
  /** DNS names for subjectAltName. Default `['localhost']`. */
  dnsNames?: readonly string[];
  /** IPv4/IPv6 addresses for subjectAltName. Default `['127.0.0.1', '::1']`. */
  ipAddresses?: readonly string[];
  /** Days of validity from `notBefore`, 1 to 3650. Default 30. */
  validityDays?: number;
  /** `'rsa'` (2048-bit, signed with SHA-256 RSA PKCS#1 v1.5) or `'ec'` (P-256, ECDSA with SHA-256). Default `'rsa'`. */
  keyType?: 'rsa' | 'ec';
  /** Start of validity. Default: now, less one minute for clocks that run slightly behind. */
  notBefore?: Date;
}

/** A generated certificate and its key. */
export interface SelfSignedCertificate {
  /** The certificate, PEM (`-----BEGIN CERTIFICATE-----`). */
  readonly cert: string;
  /** The private key, unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  readonly key: string;
  /** The certificate, parsed. */
  readonly x509: X509Certificate;
  /** The private key. */
  readonly privateKey: KeyObject;
  /**
   * The pair as a PKCS#12 key store (what `openssl pkcs12 -export` writes by default: PBES2
   * AES-256-CBC with PBKDF2-HMAC-SHA256 for the key, HMAC-SHA256 MAC), under `alias`
   * (default `'pointe'`), for `secureSocket.key: { path, password }`.
   */
  toPkcs12(password: string, alias?: string): Buffer;
}

const OIDS = {
  commonName: '2.5.4.3',
  rsaWithSha256: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2 } as const;

const DAY_MS = 86_400_000;

/**
 * Generates a key pair and a self-signed certificate for it.
 *
 * @example
 * const { cert, key } = generateSelfSignedCertificate({ dnsNames: ['localhost', 'api.test'], validityDays: 90 });
 * writeFileSync('certs/public.crt', cert);
 * writeFileSync('certs/private.key', key, { mode: 0o600 });
 *
 * @throws RangeError for an empty name list, a bad IP address or DNS name, or validityDays out of range.
 */
export function generateSelfSignedCertificate(options: SelfSignedCertificateOptions = {}): SelfSignedCertificate {
  const commonName = options.commonName ?? 'localhost';
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1', '::1'];
  const validityDays = options.validityDays ?? 30;
  const keyType = options.keyType ?? 'rsa';
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 3650) {
    throw new RangeError(`validityDays must be a whole number of days from 1 to 3650, not ${String(validityDays)}`);
  }
  if (commonName === '' || commonName.length > 64) throw new RangeError('commonName must be 1 to 64 characters (RFC 5280 ub-common-name)');
  for (const name of dnsNames) {
    if (!/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(name)) {
      throw new RangeError(`'${name}' is not a DNS name (letters, digits, hyphens and dots; a leading '*.' for a wildcard)`);
    }
  }
  const ipBytes = ipAddresses.map((address) => der.ipAddressBytes(address));
  if (dnsNames.length === 0 && ipBytes.length === 0) throw new RangeError('a certificate needs at least one DNS name or IP address');
  if (keyType !== 'rsa' && keyType !== 'ec') throw new RangeError(`keyType must be 'rsa' or 'ec', not '${String(keyType)}'`);

  const { privateKey, publicKey } = keyType === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const signatureAlgorithm = keyType === 'rsa'
    ? der.algorithmIdentifier(OIDS.rsaWithSha256, null)
    : der.algorithmIdentifier(OIDS.ecdsaWithSha256, undefined);

  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + validityDays * DAY_MS);
  const name = der.sequence(der.set(der.sequence(der.oid(OIDS.commonName), der.utf8String(commonName))));
  // A positive 127-bit serial: random (CA/B Forum asks for 64 bits of entropy), top bit clear.
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;

  const keyUsage = keyType === 'rsa' ? [KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment] : [KEY_USAGE.digitalSignature];
  const extensions = [
    extension(OIDS.basicConstraints, true, der.sequence()),
    extension(OIDS.keyUsage, true, der.namedBits(keyUsage)),
    extension(OIDS.extKeyUsage, false, der.sequence(der.oid(OIDS.serverAuth), der.oid(OIDS.clientAuth))),
    extension(OIDS.subjectAltName, false, der.sequence(
      ...dnsNames.map((dns) => der.implicitPrimitive(2, Buffer.from(dns, 'ascii'))), // dNSName [2] IA5String
      ...ipBytes.map((ip) => der.implicitPrimitive(7, ip)), // iPAddress [7] OCTET STRING
    )),
    // RFC 5280 §4.2.1.2 method (1) would hash only the key's BIT STRING; any unique value is allowed.
    extension(OIDS.subjectKeyIdentifier, false, der.octetString(createHash('sha1').update(spki).digest())),
  ];

  const tbs = der.sequence(
    der.explicit(0, der.integer(2)), // version v3
    der.integer(serial),
    signatureAlgorithm,
    name, // issuer = subject: self-signed
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name,
    spki,
    der.explicit(3, der.sequence(...extensions)),
  );
  // crypto.sign writes ECDSA signatures DER-encoded (dsaEncoding 'der'), as X.509 wants them.
  const signature = sign('sha256', tbs, privateKey);
  const certDer = der.sequence(tbs, signatureAlgorithm, der.bitString(signature));

  const x509 = new X509Certificate(certDer);
  return {
    cert: toPem('CERTIFICATE', certDer),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    x509,
    privateKey,
    toPkcs12: (password, alias = 'pointe') => writePkcs12({ privateKey, certificates: [x509], password, alias }),
  };
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  // DER omits a BOOLEAN equal to its DEFAULT (X.690 §11.5).
  return critical ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value)) : der.sequence(der.oid(id), der.octetString(value));
}
