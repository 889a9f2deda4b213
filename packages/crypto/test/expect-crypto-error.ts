/** The `CryptoError` `fn` throws; fails the test if it throws anything else or nothing. */
import { expect } from 'vitest';
import { CryptoError } from '../src/errors.js';

export function thrown(fn: () => unknown): CryptoError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CryptoError);
    return err as CryptoError;
  }
  throw new Error('expected a CryptoError');
}
