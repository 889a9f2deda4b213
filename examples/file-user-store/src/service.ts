/**
 * The seed's "File User Store" block, brace for brace:
 *
 *   @http:ServiceConfig { auth: [{ fileUserStoreConfig: {}, scopes: ["hello"] }] }
 *   service /foo on securedEP { resource function get bar() returns string { ... } }
 *
 * The users live in Config.toml beside this example.
 */
import { Get, ServiceConfig } from '@pointe/http';

@ServiceConfig({
  auth: [
    {
      fileUserStoreConfig: {},
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
