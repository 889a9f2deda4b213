/**
 * The resource owner password credentials grant (RFC 6749 §4.3). The access token is
 * renewed with the refresh-token grant (§6) when there is a refresh token — at
 * `refreshConfig.refreshUrl` with its settings, or, without `refreshConfig`, at the token
 * URL with the grant's own — and with the password grant again when the refresh is
 * refused (a refresh token expired or revoked) or there is none (beyond Ballerina, which
 * fails then).
 */
import type { GrantSettings } from '../check-config.js';
import { createEndpointClient } from '../endpoint-client.js';
import type { GrantFlow } from '../token-manager.js';
import { requestToken } from './token-request.js';

export function passwordFlow(settings: Extract<GrantSettings, { kind: 'password' }>): GrantFlow {
  const client = createEndpointClient(settings.client);
  const refresh = settings.refresh;
  const refreshClient = refresh === undefined ? client : createEndpointClient(refresh.client);
  return {
    obtain: () =>
      requestToken(client, settings.tokenUrl, {
        grantType: 'password',
        params: [
          ['username', settings.username],
          ['password', settings.password],
        ],
        scopes: settings.scopes,
        optionalParams: settings.optionalParams,
        credentials: settings.credentials,
        connectionAuth: settings.client.auth !== undefined,
      }),
    refresh: (refreshToken) =>
      requestToken(refreshClient, refresh?.url ?? settings.tokenUrl, {
        grantType: 'refresh_token',
        params: [['refresh_token', refreshToken]],
        scopes: refresh === undefined ? settings.scopes : refresh.scopes,
        optionalParams: refresh === undefined ? settings.optionalParams : refresh.optionalParams,
        credentials: refresh === undefined ? settings.credentials : refresh.credentials,
        connectionAuth: (refresh === undefined ? settings.client : refresh.client).auth !== undefined,
      }),
    close: async () => {
      await Promise.all([client.close(), refreshClient === client ? undefined : refreshClient.close()]);
    },
  };
}
