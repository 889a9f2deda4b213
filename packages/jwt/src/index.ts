/**
 * `@pointe/jwt`: JWT validation (listener side, on node:crypto, synchronous unless a JWKS must
 * be fetched) and self-signed JWT issuing (client side, on jose). Mirrors Ballerina's
 * `ballerina/jwt`; knows nothing of HTTP servers.
 */
export {
  RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384, HS512,
  SIGNING_ALGORITHMS,
  algorithmsForKey,
  type SigningAlgorithm,
} from './algorithms.js';
export type {
  IssuerSignatureConfig,
  JwksClientConfig,
  JwksConfig,
  JwtCacheConfig,
  JwtIssuerConfig,
  JwtValidatorConfig,
  KeyStoreConfig,
  KeyStoreFile,
  KeyStoreKeyConfig,
  PrivateKeyFileConfig,
  SecretKeyConfig,
  ValidatorSignatureConfig,
} from './config.js';
export { JWT_VALIDATOR_FIELDS } from './config.js';
export {
  JWT_CONFIG, JWT_INVALID, JWT_ISSUE, JwksUnavailableError, JwtCodes, JwtIssueError, JwtValidationError, type JwtValidationFailure,
} from './errors.js';
export { JwtValidator, MAX_TOKEN_LENGTH, validate, type JwtPayload, type JwtValidatorOptions } from './validate.js';
export { extractScopes } from './scopes.js';
export { JwtIssuer, REGISTERED_CLAIMS, issue, type IssuedJwt, type JwtIssuerOptions } from './issue.js';
export { createJwksFetcher, toVerificationKey, type JwksFetcher, type JwksKey } from './jwks-fetch.js';
