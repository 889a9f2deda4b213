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
    } finally {
      await client.unbind().catch(() => undefined);
    }
  },
};
