/**
 * The OAuth2 client auth records (`http:OAuth2ClientCredentialsGrantConfig`,
 * `http:OAuth2PasswordGrantConfig`, `http:OAuth2DirectTokenConfig`) are `@pointe/oauth2`'s,
 * re-exported; their field lists, which `classify-auth.ts` tells the records apart by, are
 * declared here, checked against those types.
 */
import type {
  OAuth2ClientCredentialsGrantConfig, OAuth2DirectTokenConfig, OAuth2PasswordGrantConfig,
} from '@pointe/oauth2';
import { authRecordFields } from './auth-record-fields.js';

export {
  AUTH_HEADER_BEARER, POST_BODY_BEARER, type CredentialBearer, type OAuth2ClientConfig, type OAuth2ClientCredentialsGrantConfig,
  type OAuth2DirectTokenConfig, type OAuth2GrantConfig, type OAuth2PasswordGrantConfig, type OAuth2RefreshConfig,
} from '@pointe/oauth2';

const GRANT_COMMON = ['scopes', 'defaultTokenExpTime', 'clockSkew', 'optionalParams', 'credentialBearer', 'clientConfig'] as const;

/** The fields of {@link OAuth2ClientCredentialsGrantConfig}, checked against the type. */
export const OAUTH2_CLIENT_CREDENTIALS_FIELDS = authRecordFields<OAuth2ClientCredentialsGrantConfig>()({
  name: 'OAuth2ClientCredentialsGrantConfig',
  required: ['tokenUrl', 'clientId', 'clientSecret'],
  optional: GRANT_COMMON,
});

/** The fields of {@link OAuth2PasswordGrantConfig}, checked against the type. */
export const OAUTH2_PASSWORD_FIELDS = authRecordFields<OAuth2PasswordGrantConfig>()({
  name: 'OAuth2PasswordGrantConfig',
  required: ['tokenUrl', 'username', 'password'],
  optional: ['clientId', 'clientSecret', 'refreshConfig', ...GRANT_COMMON],
});

/** The fields of {@link OAuth2DirectTokenConfig}, checked against the type. */
export const OAUTH2_DIRECT_TOKEN_FIELDS = authRecordFields<OAuth2DirectTokenConfig>()({
  name: 'OAuth2DirectTokenConfig',
  required: ['refreshUrl', 'refreshToken', 'clientId', 'clientSecret'],
  optional: GRANT_COMMON,
});
