/**
 * PEM text (RFC 7468): splitting a file into its `-----BEGIN X-----` blocks, and writing DER
 * back as PEM for node:tls options.
 */
import { CryptoError, CryptoErrorCode } from './errors.js';

/** One `-----BEGIN <label>-----` … `-----END <label>-----` block. */
export interface PemBlock {
  /** The label: `CERTIFICATE`, `PRIVATE KEY`, `RSA PRIVATE KEY`, … */
  readonly label: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`) of legacy encrypted keys; empty otherwise. */
  readonly headers: ReadonlyMap<string, string>;
  /** The decoded body. */
  readonly der: Buffer;
  /** The block's text, BEGIN to END line. */
  readonly text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

/** Whether `bytes` look like PEM text rather than DER. */
export function looksLikePem(bytes: Buffer): boolean {
  return bytes.includes('-----BEGIN ');
}

/** The PEM blocks of `text` in file order; `where` names the file in errors. */
export function parsePem(text: string, where: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const label = match[1]!;
    const { headers, body } = splitHeaders(match[2]!);
    if (!BASE64.test(body)) {
      throw new CryptoError(CryptoErrorCode.FORMAT, `${where}: the ${label} PEM block is not valid base64`);
    }
    blocks.push({ label, headers, der: Buffer.from(body, 'base64'), text: `${match[0]}\n` });
  }
  return blocks;
}

/** DER as a PEM block with 64-character lines. */
export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The labels of `blocks`, for "found X, Y" in error messages. */
export function describeLabels(blocks: readonly PemBlock[]): string {
  return blocks.length === 0 ? 'no PEM blocks' : `only ${[...new Set(blocks.map((b) => b.label))].join(', ')}`;
}

/** RFC 1421 §4.4: `Name: value` lines, then an empty line, then base64. */
function splitHeaders(content: string): { headers: Map<string, string>; body: string } {
  const headers = new Map<string, string>();
  if (!/^[A-Za-z-]+:/.test(content)) return { headers, body: content };
  const lines = content.split(/\r?\n/);
  let i = 0;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const colon = lines[i]!.indexOf(':');
    if (colon > 0) headers.set(lines[i]!.slice(0, colon).trim(), lines[i]!.slice(colon + 1).trim());
  }
  return { headers, body: lines.slice(i).join('\n') };
}
