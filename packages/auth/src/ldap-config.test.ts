import { describe, expect, it } from 'vitest';
import { type LdapUserStoreConfig, checkLdapUserStoreConfig } from './ldap-config.js';
import { LdapUserStore } from './ldap-user-store.js';

const seed: LdapUserStoreConfig = {
  domainName: 'ballerina.io',
  connectionUrl: 'ldap://localhost:20000',
  connectionName: 'uid=admin,ou=system',
  connectionPassword: 'secret',
  userSearchBase: 'ou=Users,dc=ballerina,dc=io',
  userEntryObjectClass: 'identityPerson',
  userNameAttribute: 'uid',
  userNameSearchFilter: '(&(objectClass=person)(uid=?))',
  userNameListFilter: '(objectClass=person)',
  groupSearchBase: ['ou=Groups,dc=ballerina,dc=io'],
  groupEntryObjectClass: 'groupOfNames',
  groupNameAttribute: 'cn',
  groupNameSearchFilter: '(&(objectClass=groupOfNames)(cn=?))',
  groupNameListFilter: '(objectClass=groupOfNames)',
  membershipAttribute: 'member',
  userRolesCacheEnabled: true,
  connectionPoolingEnabled: false,
  connectionTimeout: 5,
  readTimeout: 60,
};

const fails = (config: unknown, message: RegExp) => {
  expect(() => checkLdapUserStoreConfig(config)).toThrow(message);
  try {
    checkLdapUserStoreConfig(config);
  } catch (err) {
    expect((err as { code: string }).code).toBe('POINTE_ERR_LDAP_CONFIG');
  }
};

describe('checkLdapUserStoreConfig', () => {
  it("accepts the seed's record as is, and builds a store from it without connecting", async () => {
    expect(checkLdapUserStoreConfig(seed)).toBe(seed);
    await new LdapUserStore(seed).close();
  });

  it('names an unknown field and lists the known ones', () => {
    fails({ ...seed, connectionURL: 'ldap://x' }, /ldapUserStoreConfig has unknown field\(s\) 'connectionURL'; it takes domainName, connectionUrl/);
  });

  it.each(['domainName', 'connectionUrl', 'connectionName', 'connectionPassword', 'userSearchBase', 'userNameSearchFilter', 'groupNameListFilter', 'membershipAttribute'])(
    'a missing or empty %s',
    (field) => {
      const { [field as keyof LdapUserStoreConfig]: _, ...missing } = seed;
      fails(missing, new RegExp(`ldapUserStoreConfig\\.${field} is required`));
      fails({ ...seed, [field]: '' }, new RegExp(`ldapUserStoreConfig\\.${field} is required`));
    },
  );

  it('types of booleans, seconds and groupSearchBase', () => {
    fails({ ...seed, userRolesCacheEnabled: 'yes' }, /userRolesCacheEnabled must be true or false/);
    fails({ ...seed, connectionTimeout: 0 }, /connectionTimeout must be a positive number of seconds/);
    fails({ ...seed, readTimeout: '60' }, /readTimeout must be a positive number of seconds/);
    fails({ ...seed, readTimeout: 3e6 }, /readTimeout must be at most 2147483 seconds, got 3000000 \(it is in seconds, not milliseconds\)/);
    expect(() => checkLdapUserStoreConfig({ ...seed, connectionTimeout: 0.25, readTimeout: 60_000 })).not.toThrow();
    fails({ ...seed, groupSearchBase: 'ou=Groups,dc=x' }, /groupSearchBase is required: an array/);
    fails({ ...seed, groupSearchBase: [] }, /groupSearchBase is required: an array/);
  });

  it('URL scheme ldap/ldaps, host, nothing else', () => {
    fails({ ...seed, connectionUrl: 'http://localhost:389' }, /connectionUrl must use ldap:\/\/ or ldaps:\/\/, got 'http:\/\/'/);
    fails({ ...seed, connectionUrl: 'localhost:389' }, /connectionUrl must use ldap/);
    fails({ ...seed, connectionUrl: 'not a url' }, /connectionUrl must be a URL/);
    fails({ ...seed, connectionUrl: 'ldap://localhost/dc=x' }, /must be only scheme, host and port/);
    expect(() => checkLdapUserStoreConfig({ ...seed, connectionUrl: 'ldaps://[::1]:636' })).not.toThrow();
  });

  it('filters must parse and the user filter must hold ?', () => {
    fails({ ...seed, userNameSearchFilter: '(uid=alice)' }, /userNameSearchFilter must contain '\?'/);
    fails({ ...seed, userNameSearchFilter: 'uid=?' }, /userNameSearchFilter must be a parenthesized LDAP filter/);
    fails({ ...seed, groupNameListFilter: '(&(objectClass=groupOfNames)' }, /groupNameListFilter has unbalanced parentheses/);
    fails({ ...seed, groupNameListFilter: '(a=b))(c=d)' }, /groupNameListFilter has unbalanced parentheses/);
    fails({ ...seed, userNameListFilter: '(objectClass~~person)' }, /userNameListFilter is not a valid LDAP filter/);
  });

  it('attribute names', () => {
    fails({ ...seed, membershipAttribute: 'member)(x=*' }, /membershipAttribute must be an attribute or object class name/);
    fails({ ...seed, groupNameAttribute: 'c n' }, /groupNameAttribute must be an attribute/);
  });

  it('TLS settings that cannot mean what they say', () => {
    fails({ ...seed, connectionUrl: 'ldaps://localhost', startTls: true }, /startTls is for ldap:\/\/ URLs/);
    fails({ ...seed, secureSocket: { cert: '/x.pem' } }, /secureSocket is set but .*ldap:\/\/ without startTls/);
    fails({ ...seed, connectionUrl: 'ldaps://localhost', secureSocket: { cert: '/x.pem', key: {} } }, /secureSocket has unknown field\(s\) 'key'/);
    fails({ ...seed, connectionUrl: 'ldaps://localhost', secureSocket: {} }, /secureSocket must be \{ cert \}/);
  });

  it('an unreadable secureSocket.cert fails construction, naming the field', () => {
    expect(() => new LdapUserStore({ ...seed, connectionUrl: 'ldaps://localhost', secureSocket: { cert: '/nonexistent/ca.pem' } })).toThrow(
      /ldapUserStoreConfig\.secureSocket\.cert/,
    );
  });

  it('the field prefix names where the record sits', () => {
    expect(() => checkLdapUserStoreConfig({ ...seed, readTimeout: -1 }, "service '/foo' resource 'get bar': auth[0].ldapUserStoreConfig")).toThrow(
      expect.objectContaining({
        code: 'POINTE_ERR_LDAP_CONFIG',
        message: "service '/foo' resource 'get bar': auth[0].ldapUserStoreConfig.readTimeout must be a positive number of seconds",
      }),
    );
  });
});
