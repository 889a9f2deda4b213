/**
 * A password in the two byte forms password-based cryptography asks for: PBKDF2 (PBES2,
 * PBMAC1) takes its UTF-8 bytes (RFC 8018 §3, RFC 9579 §5), the PKCS#12 KDF its BMPString with a
 * two-byte terminator (RFC 7292 App. B.1). Getting these apart is what lets a non-ASCII
 * password open a store `openssl pkcs12 -export` wrote.
 */
export interface Passphrase {
  /** For PBKDF2. */
  readonly utf8: Buffer;
  /** For the PKCS#12 KDF (MAC keys, pbeWithSHAAnd… ciphers). */
  readonly bmp: Buffer;
}

/** Both encodings of `password`. */
export function passphrase(password: string): Passphrase {
  return { utf8: Buffer.from(password, 'utf8'), bmp: bmpString(password) };
}

/**
 * The empty password as some writers feed it to the PKCS#12 KDF: no bytes at all instead of
 * the lone terminator (OpenSSL's NULL password; it tries both when reading, and so do we).
 */
export function absentBmpPassphrase(): Passphrase {
  return { utf8: Buffer.alloc(0), bmp: Buffer.alloc(0) };
}

/** UTF-16BE code units (surrogate pairs as they are, as OpenSSL and Java write them) and 0x0000. */
function bmpString(password: string): Buffer {
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}
