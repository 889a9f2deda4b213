/**
 * Turning a store's safe bags into aliased entries, the way Java's PKCS12KeyStore (and so
 * Ballerina) does: a key bag and the certificate bag with the same `localKeyId` form a key
 * entry named by their `friendlyName`; other certificates with a `friendlyName` are
 * certificate entries; chains are followed issuer by issuer through every certificate in
 * the store.
 */
import { X509Certificate } from 'node:crypto';
import { CryptoError, CryptoErrorCode } from '../errors.js';
import { type SafeBag } from './pfx.js';

/** A private key and the certificate it belongs to (if the store has one). */
export interface KeyEntry {
  readonly kind: 'key';
  readonly alias: string;
  readonly bag: Extract<SafeBag, { kind: 'key' | 'shrouded-key' }>;
  readonly leaf: X509Certificate | undefined;
}

/** A certificate on its own, e.g. in a trust store. */
export interface CertificateEntry {
  readonly kind: 'certificate';
  readonly alias: string;
  readonly certificate: X509Certificate;
}

/** One alias of a store. */
export type Entry = KeyEntry | CertificateEntry;

/** The entries of a store and all its certificates. */
export interface Entries {
  /** In file order, key entries first; aliases unique ignoring case. */
  readonly entries: readonly Entry[];
  /** Every certificate in the store, in file order, without duplicates. */
  readonly certificates: readonly X509Certificate[];
  /** Certificates that are neither a key's nor named, so have no alias (see the alias error's hint). */
  readonly unnamedCertificates: number;
}

/** Builds the entries of the bags of the store `where`. */
export function buildEntries(bags: readonly SafeBag[], where: string): Entries {
  const keyBags = bags.filter((b): b is KeyEntry['bag'] => b.kind !== 'certificate');
  const certBags = bags.filter((b): b is Extract<SafeBag, { kind: 'certificate' }> => b.kind === 'certificate');
  const parsed = new Map(certBags.map((bag) => [bag, parseCertificate(bag.der, where)]));

  // Names for entries without a friendlyName: Java's "1", "2", … so an alias still exists.
  let unnamed = 0;
  const unfriendlyName = () => String(++unnamed);
  const claimed = new Set<SafeBag>();
  const entries: Entry[] = [];
  const taken = new Set<string>();
  const add = (entry: Entry) => {
    if (taken.has(entry.alias.toLowerCase())) return;
    taken.add(entry.alias.toLowerCase());
    entries.push(entry);
  };

  for (const bag of keyBags) {
    const leafBag = leafBagOf(bag, keyBags.length, certBags);
    if (leafBag !== undefined) claimed.add(leafBag);
    const alias = bag.attributes.friendlyName ?? leafBag?.attributes.friendlyName ?? unfriendlyName();
    add({ kind: 'key', alias, bag, leaf: leafBag === undefined ? undefined : parsed.get(leafBag) });
  }
  let unnamedCertificates = 0;
  for (const bag of certBags) {
    if (claimed.has(bag)) continue;
    const name = bag.attributes.friendlyName ?? (bag.attributes.javaTrusted ? unfriendlyName() : undefined);
    if (name === undefined) unnamedCertificates++;
    else add({ kind: 'certificate', alias: name, certificate: parsed.get(bag)! });
  }
  return { entries, certificates: unique([...parsed.values()]), unnamedCertificates };
}

/**
 * `leaf` followed by its issuers found among `certificates`, up to a self-signed one or one
 * whose issuer the store lacks.
 */
export function chainOf(leaf: X509Certificate, certificates: readonly X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  for (let current = leaf; !current.checkIssued(current);) {
    const issuer = certificates.find((c) => current.checkIssued(c) && current.verify(c.publicKey)
      && !chain.some((seen) => seen.raw.equals(c.raw)));
    if (issuer === undefined) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

/** The key's certificate bag: same localKeyId, else same friendlyName, else (one key only) the first unmarked certificate. */
function leafBagOf(
  key: KeyEntry['bag'], keyCount: number, certBags: readonly Extract<SafeBag, { kind: 'certificate' }>[],
): Extract<SafeBag, { kind: 'certificate' }> | undefined {
  const { localKeyId, friendlyName } = key.attributes;
  if (localKeyId !== undefined) {
    const byId = certBags.find((c) => c.attributes.localKeyId === localKeyId);
    if (byId !== undefined) return byId;
  }
  if (friendlyName !== undefined) {
    const byName = certBags.find((c) => c.attributes.friendlyName === friendlyName);
    if (byName !== undefined) return byName;
  }
  return keyCount === 1 ? certBags.find((c) => c.attributes.localKeyId === undefined) : undefined;
}

function parseCertificate(der: Buffer, where: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (err) {
    throw new CryptoError(CryptoErrorCode.FORMAT, `${where} holds a certificate that cannot be read`, { cause: err });
  }
}

function unique(certificates: readonly X509Certificate[]): X509Certificate[] {
  return certificates.filter((c, i) => certificates.findIndex((d) => d.raw.equals(c.raw)) === i);
}
