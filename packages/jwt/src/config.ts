/**
 * The configuration records of `@pointe/jwt`, with Ballerina's field names
 * (`jwt:ValidatorConfig`, `jwt:IssuerConfig`) so a Ballerina config moves over by braces.
 */
import { VALUE, type FieldShape } from '@pointe/common';
import type { ClientSecureSocket, KeyStoreConfig } from '@pointe/crypto';
import type { SigningAlgorithm } from './algorithms.js';

export type { KeyStoreConfig } from '@pointe/crypto';

/** @deprecated The same record as `@pointe/crypto`'s {@link KeyStoreConfig}; use that name. */
export type KeyStoreFile = KeyStoreConfig;

/** A bounded cache. */
export interface JwtCacheConfig {
  /** The most entries kept; the least recently used is evicted first. */
  capacity?: number;
  /** Seconds an entry may live at most. */
  defaultMaxAge?: number;
}

/** How the JWT validator verifies signatures: exactly one of the four sources. */
export interface ValidatorSignatureConfig {
  /** JWKS configurations: the keys are fetched from a JSON Web Key Set endpoint. */
  jwksConfig?: JwksConfig;
  /** Public certificate file (PEM or DER; a bare public key works too) whose key signs the tokens. */
  certFile?: string;
  /** JWT TrustStore configurations: the signing certificate is taken from a PKCS#12 trust store. */
  trustStoreConfig?: {
    /** TrustStore used for signature verification. */
    trustStore: KeyStoreConfig;
    /** Token-signed public key certificate alias. */
    certAlias: string;
  };
  /** HMAC secret (UTF-8) shared with the issuer; at least 32 bytes. Allows the HS algorithms its length is enough for. */
  secret?: string;
}

/** Where and how the validator fetches a JSON Web Key Set. */
export interface JwksConfig {
  /** URL of the JWKS endpoint. `https:` (plain `http:` only to a loopback address). Redirects are not followed. */
  url: string;
  /**
   * Configurations of the cache of the fetched keys. `capacity`: most keys kept (default 100);
   * `defaultMaxAge`: seconds before the set is fetched again (default 600).
   */
  cacheConfig?: JwtCacheConfig;
  /** HTTP client configurations, which call the JWKS endpoint. */
  clientConfig?: JwksClientConfig;
  /**
   * Least seconds between two fetches of the set (default 10). A token naming an unknown
   * `kid` causes a refetch, so this bounds what a flood of forged `kid`s costs the endpoint.
   */
  minRefetchInterval?: number;
}

/** The HTTP client that fetches the JWKS. */
export interface JwksClientConfig {
  /**
   * TLS settings for an `https:` JWKS URL: `cert` (trusted CA or server certificate file, or a
   * PKCS#12 trust store; replaces the default CAs), `key` (client certificate for mutual TLS),
   * `disable` (tests only: anyone on the path can then forge keys).
   */
  secureSocket?: ClientSecureSocket;
  /** Seconds a fetch (connect, response and body) may take. Default 10. */
  timeout?: number;
}

/** The JWT validator (Ballerina's `jwt:ValidatorConfig`). */
export interface JwtValidatorConfig {
  /** Expected issuer, which is mapped to the `iss` claim (exact match). Unset: `iss` is not checked. */
  issuer?: string;
  /** Expected audience, which is mapped to the `aud` claim: the token passes when any configured audience is in its `aud`. */
  audience?: string | string[];
  /** Clock skew (in seconds) allowed when checking `exp` and `nbf`, for clocks out of sync. Default 0. */
  clockSkew?: number;
  /** The claim holding the scopes: a space-separated string or an array of strings. Default `'scope'`. */
  scopeKey?: string;
  /** JWT signature configurations. Required: Pointe always verifies the signature. */
  signatureConfig: ValidatorSignatureConfig;
  /**
   * Configurations of the cache of validated tokens. Without it nothing is cached.
   * `capacity` default 1000; an entry never outlives the token's `exp`, nor `defaultMaxAge` seconds when set.
   */
  cacheConfig?: JwtCacheConfig;
}

/** A PEM private key file (PKCS#8 or PKCS#1/SEC1), possibly encrypted. */
export interface PrivateKeyFileConfig {
  /** Private key to be used in JWT signing. */
  keyFile: string;
  /** Password of the private key (if encrypted). */
  keyPassword?: string;
}

/** A private key in a PKCS#12 key store. */
export interface KeyStoreKeyConfig {
  /** KeyStore to be used in JWT signing. */
  keyStore: KeyStoreConfig;
  /** Signing key alias. */
  keyAlias: string;
  /** Signing key password. */
  keyPassword: string;
}

/** An HMAC secret. */
export interface SecretKeyConfig {
  /** HMAC secret (UTF-8), at least as long as the algorithm's hash: 32 bytes for HS256, 48 for HS384, 64 for HS512. */
  secret: string;
}

/** JWT signature configurations of the issuer. */
export interface IssuerSignatureConfig {
  /** Cryptographic signing algorithm for JWS. Default `RS256`. `NONE` (unsigned) is not offered. */
  algorithm?: SigningAlgorithm;
  /** KeyStore configurations, private key configurations, or an HMAC secret. */
  config: PrivateKeyFileConfig | KeyStoreKeyConfig | SecretKeyConfig;
}

/** The self-signed JWT issuer (Ballerina's `jwt:IssuerConfig`). */
export interface JwtIssuerConfig {
  /** JWT username, which is mapped to the `sub` claim. */
  username?: string;
  /** JWT issuer, which is mapped to the `iss` claim. */
  issuer?: string;
  /** JWT audience, which is mapped to the `aud` claim. */
  audience?: string | string[];
  /** JWT ID, which is mapped to the `jti` claim. Unset: a fresh random UUID for every token issued. */
  jwtId?: string;
  /** JWT key ID, which is mapped to the `kid` header parameter. */
  keyId?: string;
  /**
   * Map of custom claims, added to the claims set. It may not name a registered claim
   * (`iss sub aud exp nbf iat jti`): use the fields above (a ConfigError says so).
   */
  customClaims?: Record<string, unknown>;
  /** Expiry time in seconds (`exp` = `iat` + expTime). Default 300. */
  expTime?: number;
  /** JWT signature configurations. */
  signatureConfig: IssuerSignatureConfig;
}

const CACHE_FIELDS: FieldShape = { capacity: VALUE, defaultMaxAge: VALUE };

/**
 * Every field {@link JwtValidatorConfig} has, nested, declared beside the type. The validator
 * refuses any other (`certfile`, `audiences`), which would otherwise silently drop a check or
 * a key; the listener checks the same list at `attach()`.
 */
export const JWT_VALIDATOR_FIELDS: FieldShape = {
  issuer: VALUE,
  audience: VALUE,
  clockSkew: VALUE,
  scopeKey: VALUE,
  signatureConfig: {
    jwksConfig: {
      url: VALUE,
      cacheConfig: CACHE_FIELDS,
      // `secureSocket` is a ClientSecureSocket (cert, key for mutual TLS, disable): @pointe/crypto's reader checks its values.
      clientConfig: { secureSocket: { cert: VALUE, key: VALUE, disable: VALUE }, timeout: VALUE },
      minRefetchInterval: VALUE,
    },
    certFile: VALUE,
    trustStoreConfig: { trustStore: { path: VALUE, password: VALUE }, certAlias: VALUE },
    secret: VALUE,
  },
  cacheConfig: CACHE_FIELDS,
};
