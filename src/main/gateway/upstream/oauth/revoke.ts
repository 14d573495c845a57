import type { OAuthRecord } from './oauth-store.js';

/**
 * Revokes a server's tokens (RFC 7009) at the revocation endpoint of the authorization server
 * that issued them, as its validated metadata names it; false when it has none. The refresh
 * token goes first: revoking it ends the grant, and most servers revoke its access tokens too.
 */
export async function revokeTokens(record: OAuthRecord): Promise<boolean> {
  const metadata = record.discovery?.authorizationServerMetadata;
  // RFC 7009 names the endpoint in RFC 8414 metadata; OpenID metadata may carry it too.
  const endpoint = (metadata as { revocation_endpoint?: string } | undefined)?.revocation_endpoint;
  const tokens = record.tokens;
  const client = record.client;
  // Only the issuer the tokens are stamped with is told about them.
  if (!endpoint || !tokens || !client || (tokens.issuer && tokens.issuer !== metadata?.issuer)) {
    return false;
  }
  const send = async (token: string, hint: string) => {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
    };
    const body = new URLSearchParams({ token, token_type_hint: hint });
    if (client.client_secret) {
      const pair = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else body.set('client_id', client.client_id);
    const response = await fetch(endpoint, { method: 'POST', headers, body });
    await response.body?.cancel();
    return response.ok;
  };
  const results = await Promise.all([
    ...(tokens.refresh_token ? [send(tokens.refresh_token, 'refresh_token')] : []),
    send(tokens.access_token, 'access_token'),
  ]);
  return results.every(Boolean);
}
