/**
 * The seed's second listener block: auth on one resource.
 *
 *   service /foo on securedEP {
 *       @http:ResourceConfig { auth: [ ... ] }
 *       resource function get bar() returns string { return "Hello, World!"; }
 *   }
 *
 * The seed leaves the `auth` elements open (`// ...`); here the file user store requiring
 * "hello". The service itself has no auth, so `get baz` (not in the seed) stays public: the
 * resource annotation secures only its own resource.
 */
import { Get, ResourceConfig } from '@pointe/http';

export class Foo {
  @ResourceConfig({
    auth: [
      { fileUserStoreConfig: {}, scopes: ['hello'] },
    ],
  })
  @Get('bar')
  bar(): string {
    return 'Hello, World!';
  }

  @Get('baz')
  baz(): string {
    return 'public';
  }
}
