/**
 * The client credentials grant (RFC 6749 §4.4): the client's own id and secret for a token.
 * It can always obtain a new token, so it needs no refresh token.
 */
import type { GrantSettings } from '../check-config.js';
import { createEndpointClient } from '../endpoint-client.js';
import type { GrantFlow } from '../token-manager.js';
import { requestToken } from './token-request.js';

export function clientCredentialsFlow(settings: Extract<GrantSettings, { kind: 'client_credentials' }>): GrantFlow {
  const client = createEndpointClient(settings.client);
  return {
    obtain: () =>
      requestToken(client, settings.tokenUrl, {
        grantType: 'client_credentials',
        params: [],
        scopes: settings.scopes,
        optionalParams: settings.optionalParams,
        credentials: settings.credentials,
        connectionAuth: settings.client.auth !== undefined,
      }),
    close: () => client.close(),
  };
}
