/**
 * The LDAP service-account bind behind `pointe doctor`'s LDAP line, behind a small interface so
 * the check itself does not depend on a client library (and a test can hand it a fault).
 * The implementation uses ldapts directly, as `@pointe/auth`'s LDAP store does.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import type { DoctorLdapConfig } from './doctor-config.js';

/** Binds as a configured service account; rejects with the reason it cannot. */
export interface LdapBindProbe {
  bind(config: DoctorLdapConfig, timeoutMs: number): Promise<void>;
}

/** The ldapts probe: connect (ldap:// or ldaps://, StartTLS when configured), bind, unbind. */
export const ldaptsBindProbe: LdapBindProbe = {
  async bind(config, timeoutMs) {
    const ca = config.secureSocket?.cert === undefined ? undefined : readFileSync(config.secureSocket.cert);
    const client = new Client({
      url: config.connectionUrl,
      connectTimeout: timeoutMs,
      timeout: timeoutMs,
      ...(ca === undefined ? {} : { tlsOptions: { ca } }),
    });
    try {
      if (config.startTls === true) await client.startTLS(ca === undefined ? {} : { ca });
      await client.bind(config.connectionName, config.connectionPassword);
    } catch (error) {
      throw new Error(`bind as ${config.connectionName} failed: ${describeLdapError(error)}`, { cause: error });
    } finally {
      await client.unbind().catch(() => undefined);
    }
  },
};

/** ldapts result errors carry the LDAP result code and a class name but often an empty message. */
function describeLdapError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const name = error.name !== 'Error' ? error.name : error.constructor.name;
  const text = error.message.replace(/\s*Code: 0x[0-9a-f]+\s*/i, '').trim();
  const parts = [name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() || 'error'];
  if (typeof code === 'number') parts.push(`(LDAP result ${code})`);
  else if (typeof code === 'string') parts.push(`(${code})`);
  if (text !== '') parts.push(`: ${text}`);
  return parts.join(' ').replace(' :', ':');
}
