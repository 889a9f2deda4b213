/**
 * `@pointe/crypto`: certificates, keys and PKCS#12 key/trust stores for Pointe's HTTPS
 * listener, HTTP client and JWT, as Ballerina's `ballerina/crypto` provides them. Everything
 * here runs at start-up; errors are `CryptoError`s with stable `POINTE_ERR_CRYPTO_*` codes.
 */
export { CryptoCodes, CryptoError, CryptoErrorCode } from './errors.js';
export { loadCertificates } from './certificates.js';
export { loadPublicKey } from './public-key.js';
export { loadPrivateKey } from './private-key.js';
export { type KeyStore, type KeyStoreConfig, loadKeyStore } from './key-store.js';
export { type CertKeyConfig, type TlsPem, certKeyToPem, keyStoreToPem, trustStoreToPem } from './tls-pem.js';
export {
  type ClientSecureSocket,
  type ClientTlsOptions,
  type ListenerMutualSsl,
  type ListenerSecureSocket,
  type ServerTlsOptions,
  clientTlsOptions,
  listenerTlsOptions,
} from './tls.js';
export {
  type SelfSignedCertificate,
  type SelfSignedCertificateOptions,
  generateSelfSignedCertificate,
} from './self-signed-certificate.js';
export { type Pkcs12Contents, writePkcs12 } from './pkcs12/write-pfx.js';
