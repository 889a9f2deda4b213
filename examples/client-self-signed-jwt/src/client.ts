/**
 * The seed's client "Self-Signed JWT Auth" block:
 *
 *   http:Client securedEP = check new("https://localhost:9090", {
 *       auth: { username: "wso2", issuer: "ballerina", audience: ["ballerina", "ballerina.org", "ballerina.io"],
 *           jwtId: "JlbmMiOiJBMTI4Q0JDLUhTMjU2In", keyId: "5a0b754-895f-4279-8843-b745e11a57e9",
 *           customClaims: { "scp": "hello" }, expTime: 3600,
 *           signatureConfig: { algorithm: jwt:RS256, config: { keyFile: "/path/to/private.key" } } },
 *       secureSocket: { cert: "/path/to/public.crt" } });
 *
 * Every request carries `Authorization: Bearer <jwt>`, the JWT signed here with the private key
 * and reused until shortly before it expires.
 */
import { Client, RS256, type JwtIssuerConfig } from '@pointe/http';

/**
 * The seed's `auth` record, with one change: `issuer` is "wso2", not the seed's "ballerina".
 * The seed's JWT-secured service (examples/jwt-listener) accepts only `iss` "wso2", so the
 * seed's two blocks, taken literally, answer 401; this makes them talk to each other.
 */
export function jwtIssuerConfig(keyFile = 'certs/private.key'): JwtIssuerConfig {
  return {
    username: 'wso2',
    issuer: 'wso2',
    audience: ['ballerina', 'ballerina.org', 'ballerina.io'],
    jwtId: 'JlbmMiOiJBMTI4Q0JDLUhTMjU2In',
    keyId: '5a0b754-895f-4279-8843-b745e11a57e9',
    customClaims: { scp: 'hello' },
    expTime: 3600,
    signatureConfig: {
      algorithm: RS256,
      config: {
        keyFile,
      },
    },
  };
}

/** The seed's client of `url`, trusting the certificate (or CA) file `cert`, signing with `keyFile`. */
export function securedClient(url = 'https://localhost:9090', cert = 'certs/public.crt', keyFile?: string): Client {
  return new Client(url, {
    auth: jwtIssuerConfig(keyFile),
    secureSocket: {
      cert,
    },
  });
}
