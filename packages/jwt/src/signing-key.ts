/**
 * Turns an issuer's `signatureConfig` into the private key (or HMAC secret) that signs
 * its tokens, once, at construction: an unreadable key, a wrong password or a key that
 * does not fit the algorithm is a `ConfigError` then, not a failure on the first request.
 */
import type { KeyObject } from 'node:crypto';
import { isPlainObject, describeError } from '@pointe/common';
import { loadKeyStore, loadPrivateKey } from '@pointe/crypto';
import {
  HMAC_MIN_SECRET_BYTES,
  RS256,
  SIGNING_ALGORITHMS,
  algorithmsForKey,
  isHmacAlgorithm,
  isSigningAlgorithm,
  type SigningAlgorithm,
} from './algorithms.js';
import { requireString } from './config-values.js';
import type { IssuerSignatureConfig, KeyStoreKeyConfig, PrivateKeyFileConfig } from './config.js';
import { configError } from './errors.js';

export interface SigningKey {
  readonly algorithm: SigningAlgorithm;
  readonly key: KeyObject | Uint8Array;
}

export function resolveSigningKey(config: IssuerSignatureConfig | undefined, field: string): SigningKey {
  if (!isPlainObject(config) || !isPlainObject(config['config'])) {
    throw configError(field, 'needs config: { keyFile } or { keyStore, keyAlias, keyPassword } or { secret }');
  }
  const algorithm: unknown = config['algorithm'] ?? RS256;
  if (!isSigningAlgorithm(algorithm)) {
    throw configError(`${field}.algorithm`, `'${String(algorithm)}' is not supported; use one of ${SIGNING_ALGORITHMS.join(', ')} (unsigned tokens are not offered)`);
  }
  const keyConfig: IssuerSignatureConfig['config'] = config.config as IssuerSignatureConfig['config'];
  const keyField = `${field}.config`;
  const sources = ['keyFile', 'keyStore', 'secret'].filter((name) => name in keyConfig && keyConfig[name as keyof typeof keyConfig] !== undefined);
  if (sources.length !== 1) {
    throw configError(keyField, sources.length === 0 ? 'needs keyFile, keyStore or secret' : `has ${sources.join(' and ')}: give exactly one`);
  }

  if ('secret' in keyConfig && keyConfig.secret !== undefined) {
    if (!isHmacAlgorithm(algorithm)) throw configError(`${field}.algorithm`, `${algorithm} needs a private key, not a secret (use HS256, HS384 or HS512)`);
    const secret = Buffer.from(requireString(keyConfig.secret, `${keyField}.secret`), 'utf8');
    const needed = HMAC_MIN_SECRET_BYTES[algorithm];
    if (secret.byteLength < needed) {
      throw configError(`${keyField}.secret`, `is ${secret.byteLength} bytes; ${algorithm} needs at least ${needed} (RFC 7518 §3.2)`);
    }
    return { algorithm, key: new Uint8Array(secret) };
  }

  if (isHmacAlgorithm(algorithm)) throw configError(`${field}.algorithm`, `${algorithm} signs with a secret: give config.secret`);
  const key = 'keyFile' in keyConfig ? fromKeyFile(keyConfig, keyField) : fromKeyStore(keyConfig as Partial<KeyStoreKeyConfig>, keyField);
  if (key.type !== 'private') throw configError(keyField, 'is not a private key');
  const fits = algorithmsForKey(key);
  if (typeof fits === 'string') throw configError(keyField, `cannot sign JWTs: ${fits}`);
  if (!fits.includes(algorithm)) {
    throw configError(`${field}.algorithm`, `${algorithm} does not fit the configured ${key.asymmetricKeyType ?? ''} key (it fits ${fits.join(', ')})`);
  }
  return { algorithm, key };
}

function fromKeyFile(config: PrivateKeyFileConfig, field: string): KeyObject {
  const path = requireString(config.keyFile, `${field}.keyFile`);
  try {
    return loadPrivateKey(path, config.keyPassword);
  } catch (error) {
    throw configError(`${field}.keyFile`, `cannot load a private key from '${path}' (${describeError(error)}); check the file and keyPassword`, error);
  }
}

function fromKeyStore(config: Partial<KeyStoreKeyConfig>, field: string): KeyObject {
  if (!isPlainObject(config.keyStore)) throw configError(`${field}.keyStore`, 'must be { path, password }');
  const path = requireString(config.keyStore.path, `${field}.keyStore.path`);
  const alias = requireString(config.keyAlias, `${field}.keyAlias`);
  if (typeof config.keyStore.password !== 'string') throw configError(`${field}.keyStore.password`, 'must be a string');
  let store: ReturnType<typeof loadKeyStore>;
  try {
    store = loadKeyStore({ path, password: config.keyStore.password });
  } catch (error) {
    throw configError(`${field}.keyStore`, `cannot open '${path}' (${describeError(error)}); check the path and password`, error);
  }
  try {
    return store.getPrivateKey(alias, config.keyPassword);
  } catch (error) {
    throw configError(`${field}.keyAlias`, `no usable private key under alias '${alias}' in '${path}' (${describeError(error)})`, error);
  }
}
