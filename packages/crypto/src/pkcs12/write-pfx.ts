/**
 * Writing a PKCS#12 key store (RFC 7292) on node:crypto: one private key and its certificates,
 * in the form OpenSSL 3's `openssl pkcs12 -export` writes by default, so OpenSSL, Java's
 * keytool, Node's `tls` and Pointe's own `loadKeyStore` open it:
 *
 * - the key in a pkcs8ShroudedKeyBag, encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC;
 *   node:crypto's own encrypted PKCS#8 export);
 * - the certificates in certBags, in a plain `data` SafeContents (they are public; OpenSSL
 *   encrypts them too, which only hides them from someone without the password);
 * - a SHA-256 HMAC over the AuthenticatedSafe, keyed by the PKCS#12 KDF (App. B).
 * Key and leaf certificate share a localKeyId and the friendlyName `alias`.
 */
import { createHash, createHmac, randomBytes, type KeyObject, type X509Certificate } from 'node:crypto';
import * as der from '../der-writer.js';
import { OID } from '../oids.js';
import { passphrase } from '../pbe/passphrase.js';
import { KdfPurpose, pkcs12Kdf } from '../pbe/pkcs12-kdf.js';

/** What goes into the store. */
export interface Pkcs12Contents {
  /** The private key. */
  privateKey: KeyObject;
  /** Its certificate first, then any chain certificates. */
  certificates: readonly X509Certificate[];
  /** The store password, which also encrypts the key. */
  password: string;
  /** The key entry's alias (friendlyName). */
  alias: string;
  /** PBKDF2 and MAC iteration count. Default 2048 (OpenSSL's). */
  iterations?: number;
}

const SHA256 = '2.16.840.1.101.3.4.2.1';

/** The DER bytes of a `.p12` file holding `contents`. */
export function writePkcs12(contents: Pkcs12Contents): Buffer {
  const { privateKey, certificates, password, alias } = contents;
  const iterations = contents.iterations ?? 2048;
  if (certificates.length === 0) throw new RangeError('a PKCS#12 key entry needs its certificate');
  const localKeyId = createHash('sha1').update(certificates[0]!.raw).digest();
  const leafAttributes = der.set(
    der.sequence(der.oid(OID.friendlyName), der.set(der.bmpString(alias))),
    der.sequence(der.oid(OID.localKeyId), der.set(der.octetString(localKeyId))),
  );

  const shroudedKey = privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: password });
  const keyBags = der.sequence(der.sequence(der.oid(OID.pkcs8ShroudedKeyBag), der.explicit(0, shroudedKey), leafAttributes));
  const certBags = der.sequence(...certificates.map((certificate, i) => der.sequence(
    der.oid(OID.certBag),
    der.explicit(0, der.sequence(der.oid(OID.x509Certificate), der.explicit(0, der.octetString(certificate.raw)))),
    ...(i === 0 ? [leafAttributes] : []),
  )));

  const dataContentInfo = (content: Buffer) => der.sequence(der.oid(OID.data), der.explicit(0, der.octetString(content)));
  const authenticatedSafe = der.sequence(dataContentInfo(certBags), dataContentInfo(keyBags));

  const salt = randomBytes(16);
  const macKey = pkcs12Kdf('sha256', passphrase(password).bmp, salt, iterations, KdfPurpose.mac, 32);
  const mac = createHmac('sha256', macKey).update(authenticatedSafe).digest();
  const macData = der.sequence(
    der.sequence(der.algorithmIdentifier(SHA256, null), der.octetString(mac)),
    der.octetString(salt),
    der.integer(iterations),
  );
  return der.sequence(der.integer(3), dataContentInfo(authenticatedSafe), macData);
}
