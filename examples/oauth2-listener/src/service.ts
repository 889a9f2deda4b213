/**
 * The seed's "OAuth2" listener block, brace for brace:
 *
 *   @http:ServiceConfig { auth: [{ oauth2IntrospectionConfig: {
 *       url: "https://localhost:9999/oauth2/token/introspect", tokenTypeHint: "access_token", scopeKey: "scp",
 *       clientConfig: { secureSocket: { cert: "/path/to/public.crt" } } }, scopes: ["hello"] }] }
 *   service /foo on securedEP { resource function get bar() returns string { ... } }
 *
 * One addition: `clientConfig.auth`, the resource server's own credentials at the introspection
 * endpoint. The seed's block has none; RFC 7662 §2.1 has the endpoint require them, and the
 * development STS (oidc-provider) does: its `introspector` client. The URL comes from
 * POINTE_STS_URL (default `https://localhost:9445`, where `pointe-sts` listens), the certificate
 * the client trusts from POINTE_CERT_FILE (default `certs/public.crt`); both are read when this
 * module loads (the decorator's config is fixed then).
 */
import { Get, ServiceConfig } from '@pointe/http';

const stsUrl = process.env.POINTE_STS_URL ?? 'https://localhost:9445';
const cert = process.env.POINTE_CERT_FILE ?? 'certs/public.crt';

@ServiceConfig({
  auth: [
    {
      oauth2IntrospectionConfig: {
        url: `${stsUrl}/oauth2/token/introspect`,
        tokenTypeHint: 'access_token',
        scopeKey: 'scp',
        clientConfig: {
          auth: { username: 'introspector', password: 'introspector-secret' },
          secureSocket: {
            cert,
          },
        },
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
