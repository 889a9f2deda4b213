/**
 * The direct token (Ballerina `oauth2:DirectTokenConfig`): a refresh token given by hand,
 * exchanged for access tokens with the refresh-token grant (RFC 6749 §6). When the server
 * rotates the refresh token, the new one is kept and the old one is never sent again
 * (reusing a rotated token makes a server revoke the whole grant, RFC 9700 §4.14.2). A
 * refused refresh has no fallback: the error says so and carries the server's `error`.
 */
import type { GrantSettings } from '../check-config.js';
import { createEndpointClient } from '../endpoint-client.js';
import type { GrantFlow } from '../token-manager.js';
import { requestToken } from './token-request.js';

export function directTokenFlow(settings: Extract<GrantSettings, { kind: 'direct_token' }>): GrantFlow {
  const client = createEndpointClient(settings.client);
  return {
    initialRefreshToken: settings.refreshToken,
    refresh: (refreshToken) =>
      requestToken(client, settings.refreshUrl, {
        grantType: 'refresh_token',
        params: [['refresh_token', refreshToken]],
        scopes: settings.scopes,
        optionalParams: settings.optionalParams,
        credentials: settings.credentials,
        connectionAuth: settings.client.auth !== undefined,
      }),
    close: () => client.close(),
  };
}
