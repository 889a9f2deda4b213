/**
 * The seed's "JWT Auth" block, brace for brace:
 *
 *   @http:ServiceConfig { auth: [{ jwtValidatorConfig: { issuer: "wso2", audience: "ballerina",
 *       signatureConfig: { certFile: "/path/to/public.crt" }, scopeKey: "scp" }, scopes: ["hello"] }] }
 *   service /foo on securedEP { resource function get bar() returns string { ... } }
 *
 * As in the seed, the tokens are verified with the listener's own certificate (`public.crt`):
 * whoever holds `private.key` issues them. Its path comes from POINTE_CERT_FILE, read when this
 * module loads (the decorator's config is fixed then), default `certs/public.crt`.
 */
import { Get, ServiceConfig } from '@pointe/http';

const certFile = process.env.POINTE_CERT_FILE ?? 'certs/public.crt';

@ServiceConfig({
  auth: [
    {
      jwtValidatorConfig: {
        issuer: 'wso2',
        audience: 'ballerina',
        signatureConfig: {
          certFile,
        },
        scopeKey: 'scp',
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
