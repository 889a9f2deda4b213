/**
 * The seed's first listener block: auth on the whole service.
 *
 *   @http:ServiceConfig { auth: [ ... ] }
 *   service /foo on securedEP { resource function get bar() returns string { return "Hello, World!"; } }
 *
 * The seed leaves the `auth` elements open (`// ...`); here it holds the file user store
 * (Config.toml beside this file) requiring the scope "hello". Any mix of fileUserStoreConfig,
 * ldapUserStoreConfig, jwtValidatorConfig and oauth2IntrospectionConfig elements fits the same array.
 */
import { Get, ServiceConfig } from '@pointe/http';

@ServiceConfig({
  auth: [
    { fileUserStoreConfig: {}, scopes: ['hello'] },
  ],
})
export class Foo {
  @Get('bar')
  bar(): string {
    return 'Hello, World!';
  }
}
