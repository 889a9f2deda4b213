/**
 * The seed's secured services, one per mechanism, each answering `GET <base>/bar` with
 * `Hello, World!` to a principal holding the scope `hello`. They share one listener, so each
 * gets its own base path where the seed has `/foo` for all of them:
 * - `/foo`: the file user store (`Config.toml` of examples/file-user-store: alice, bob, eve, alex);
 * - `/jwt`: JWTs with `iss` "wso2", `aud` "ballerina", scopes in `scp`, verified with the demo's certificate;
 * - `/ldap`: the LDAP user store (a throwaway slapd; groups are the scopes).
 * The OAuth2 introspection service is in oauth2.ts.
 */
import { fileURLToPath } from 'node:url';
import { Get, type LdapUserStoreConfig, type ListenerAuthConfig, ServiceConfig } from '@pointe/http';

/** The seed's users (examples/file-user-store/Config.toml; the same from src/ and dist/). */
export const CONFIG_TOML = fileURLToPath(new URL('../../file-user-store/Config.toml', import.meta.url));

/**
 * The seed's service body (`resource function get bar() returns string`) under `auth`: every
 * service of the demo is this class with another `@ServiceConfig`.
 */
export function helloService(auth: ListenerAuthConfig[]): object {
  @ServiceConfig({ auth })
  class HelloService {
    @Get('bar')
    bar(): string {
      return 'Hello, World!';
    }
  }
  return new HelloService();
}

/** `service /foo`: Basic against the file user store, scope `hello`. */
export function fileUserStoreService(configToml: string = CONFIG_TOML): object {
  return helloService([{ fileUserStoreConfig: { path: configToml }, scopes: ['hello'] }]);
}

/** `service /jwt`: the seed's `jwtValidatorConfig`, the tokens verified with `certFile`. */
export function jwtService(certFile: string): object {
  return helloService([
    {
      jwtValidatorConfig: { issuer: 'wso2', audience: 'ballerina', signatureConfig: { certFile }, scopeKey: 'scp' },
      scopes: ['hello'],
    },
  ]);
}

/** `service /ldap`: the seed's `ldapUserStoreConfig`, pointed at the demo's directory. */
export function ldapService(ldapUserStoreConfig: LdapUserStoreConfig): object {
  return helloService([{ ldapUserStoreConfig, scopes: ['hello'] }]);
}
