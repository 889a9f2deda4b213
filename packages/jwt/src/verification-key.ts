/**
 * Turns a validator's `signatureConfig` into the key that verifies tokens and the
 * algorithms that key allows, once, at construction.
 *
 * Exactly one source is accepted: Ballerina skips signature checks when none is given
 * and silently prefers one when several are; Pointe refuses both at start-up.
 */
import { isPlainObject, describeError } from '@pointe/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { loadKeyStore, loadPublicKey } from '@pointe/crypto';
import {
  ASYMMETRIC_ALGORITHMS,
  HMAC_MIN_SECRET_BYTES,
  algorithmsForKey,
  hmacAlgorithmsForSecret,
  type SigningAlgorithm,
} from './algorithms.js';
import { requireString } from './config-values.js';
import type { JwksConfig, ValidatorSignatureConfig } from './config.js';
import { configError } from './errors.js';
import { JwksKeySet } from './jwks.js';

export type VerificationKey =
  | { readonly kind: 'static'; readonly key: KeyObject; readonly algorithms: readonly SigningAlgorithm[] }
  | { readonly kind: 'jwks'; readonly keySet: JwksKeySet; readonly algorithms: readonly SigningAlgorithm[] };

const SOURCES = ['jwksConfig', 'certFile', 'trustStoreConfig', 'secret'] as const;

export function resolveVerificationKey(
  config: ValidatorSignatureConfig | undefined,
  field: string,
  now: () => number,
): VerificationKey {
  if (!isPlainObject(config)) {
    throw configError(field, 'is required: give one of jwksConfig, certFile, trustStoreConfig or secret');
  }
  const given = SOURCES.filter((source) => config[source] !== undefined);
  if (given.length !== 1) {
    throw configError(
      field,
      given.length === 0
        ? 'needs one signature source: jwksConfig, certFile, trustStoreConfig or secret'
        : `has ${given.join(' and ')}: give exactly one signature source`,
    );
  }

  if (config.jwksConfig !== undefined) {
    const jwksConfig: unknown = config.jwksConfig;
    if (!isPlainObject(jwksConfig)) throw configError(`${field}.jwksConfig`, 'must be an object with a url');
    // Which algorithm a JWKS key allows is decided per key when the set is read.
    return { kind: 'jwks', keySet: new JwksKeySet(config.jwksConfig as JwksConfig, `${field}.jwksConfig`, now), algorithms: ASYMMETRIC_ALGORITHMS };
  }

  if (config.secret !== undefined) {
    const secret = Buffer.from(requireString(config.secret, `${field}.secret`), 'utf8');
    const algorithms = hmacAlgorithmsForSecret(secret.byteLength);
    if (algorithms.length === 0) {
      throw configError(
        `${field}.secret`,
        `is ${secret.byteLength} bytes; an HMAC secret needs at least ${HMAC_MIN_SECRET_BYTES.HS256} bytes (RFC 7518 §3.2)`,
      );
    }
    return { kind: 'static', key: createSecretKey(secret), algorithms };
  }

  if (config.certFile !== undefined) {
    const path = requireString(config.certFile, `${field}.certFile`);
    let key: KeyObject;
    try {
      key = loadPublicKey(path);
    } catch (error) {
      throw configError(`${field}.certFile`, `cannot load a certificate or public key from '${path}' (${describeError(error)})`, error);
    }
    return staticKey(key, `${field}.certFile`);
  }

  const trust = config.trustStoreConfig;
  const trustField = `${field}.trustStoreConfig`;
  if (!isPlainObject(trust) || !isPlainObject(trust.trustStore)) {
    throw configError(trustField, 'needs trustStore: { path, password } and certAlias');
  }
  const path = requireString(trust.trustStore.path, `${trustField}.trustStore.path`);
  const alias = requireString(trust.certAlias, `${trustField}.certAlias`);
  let store: ReturnType<typeof loadKeyStore>;
  try {
    store = loadKeyStore({ path, password: trustStorePassword(trust.trustStore.password, `${trustField}.trustStore.password`) });
  } catch (error) {
    throw configError(`${trustField}.trustStore`, `cannot open '${path}' (${describeError(error)})`, error);
  }
  let key: KeyObject;
  try {
    key = store.getCertificate(alias).publicKey;
  } catch (error) {
    throw configError(`${trustField}.certAlias`, `no certificate under alias '${alias}' (${describeError(error)})`, error);
  }
  return staticKey(key, `${trustField}.certAlias`);
}

function trustStorePassword(value: unknown, field: string): string {
  if (typeof value !== 'string') throw configError(field, 'must be a string');
  return value;
}

function staticKey(key: KeyObject, field: string): VerificationKey {
  const algorithms = algorithmsForKey(key);
  if (typeof algorithms === 'string') throw configError(field, `cannot verify JWTs: ${algorithms}`);
  return { kind: 'static', key, algorithms };
}
