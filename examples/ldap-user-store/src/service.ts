/**
 * The seed's "LDAP User Store" block, brace for brace, with the same field names:
 *
 *   @http:ServiceConfig { auth: [{ ldapUserStoreConfig: { domainName: "ballerina.io", ... }, scopes: ["hello"] }] }
 *   service /foo on securedEP { resource function get bar() returns string { return "Hello, World!"; } }
 *
 * The seed's values are the defaults; the environment points it at another directory (the
 * test server of `test-support/slapd.ts`, for instance):
 * - `POINTE_LDAP_URL` (`connectionUrl`), `POINTE_LDAP_BIND_DN` / `POINTE_LDAP_BIND_PASSWORD`
 *   (`connectionName` / `connectionPassword`);
 * - `POINTE_LDAP_SUFFIX`: the directory's suffix under which `ou=Users` and `ou=Groups` sit
 *   (default `dc=ballerina,dc=io`, as in the seed).
 */
import { Get, ServiceConfig } from '@pointe/http';

const env = process.env;
const suffix = env.POINTE_LDAP_SUFFIX ?? 'dc=ballerina,dc=io';

@ServiceConfig({
  auth: [
    {
      ldapUserStoreConfig: {
        domainName: 'ballerina.io',
        connectionUrl: env.POINTE_LDAP_URL ?? 'ldap://localhost:20000',
        connectionName: env.POINTE_LDAP_BIND_DN ?? 'uid=admin,ou=system',
        connectionPassword: env.POINTE_LDAP_BIND_PASSWORD ?? 'secret',
        userSearchBase: `ou=Users,${suffix}`,
        userEntryObjectClass: 'identityPerson',
        userNameAttribute: 'uid',
        userNameSearchFilter: '(&(objectClass=person)(uid=?))',
        userNameListFilter: '(objectClass=person)',
        groupSearchBase: [`ou=Groups,${suffix}`],
        groupEntryObjectClass: 'groupOfNames',
        groupNameAttribute: 'cn',
        groupNameSearchFilter: '(&(objectClass=groupOfNames)(cn=?))',
        groupNameListFilter: '(objectClass=groupOfNames)',
        membershipAttribute: 'member',
        userRolesCacheEnabled: true,
        connectionPoolingEnabled: false,
        // In seconds, as the seed's field list says. The seed's code block has 5000 and 60000,
        // which look like milliseconds: read as seconds they would be 83 minutes and 16 hours.
        connectionTimeout: 5,
        readTimeout: 60,
      },
      scopes: ['hello'],
    },
  ],
})
export class Foo {
  @Get('bar')
  bar(): string {
    return 'Hello, World!';
  }
}
