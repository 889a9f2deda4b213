/**
 * `ListenerLdapUserStoreBasicAuthHandler` (Ballerina `http:ListenerLdapUserStoreBasicAuthHandler`):
 * Basic credentials checked against an LDAP directory by code that checks auth itself. Built
 * through the same mechanism as an `ldapUserStoreConfig` element, so both behave alike.
 */
import type { LdapUserStoreConfig } from '@pointe/auth';
import { ListenerAuthHandler } from './auth-handlers.js';
import { ldapUserStoreMechanism } from './mechanisms/ldap-user-store.js';

/**
 * Basic auth against an LDAP user store. The config is checked and `secureSocket.cert` read
 * here (a `ConfigError` naming `config.<field>`, code `POINTE_ERR_LDAP_CONFIG` or the TLS
 * loader's); no connection is opened until the first `authenticate()`. A server that can't be
 * reached gives an `Unauthorized`, never a throw. `close()` closes the store's connections.
 *
 * @example
 * const handler = new ListenerLdapUserStoreBasicAuthHandler(ldapConfig);
 * const principal = await handler.authenticate(request.headers.authorization ?? '');
 * if (principal instanceof Unauthorized) return reply.code(401).headers(principal.headers).send();
 * const forbidden = handler.authorize(principal, 'hello');
 */
export class ListenerLdapUserStoreBasicAuthHandler extends ListenerAuthHandler {
  constructor(config: LdapUserStoreConfig) {
    super(ldapUserStoreMechanism, config);
  }
}
