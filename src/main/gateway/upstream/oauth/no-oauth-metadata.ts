/**
 * A server that answered 401 and publishes no OAuth metadata: neither RFC 9728
 * protected-resource metadata nor RFC 8414 / OpenID authorization-server metadata. There is
 * nothing to sign in to; it wants a credential the person gives it (an API key or token in the
 * Authorization header). Without this, the SDK guesses endpoints at the server's origin and
 * reports whatever the guess meets ("Dynamic Client Registration rejected (HTTP 404)").
 */
export class NoOAuthMetadataError extends Error {
  constructor(readonly serverUrl: string) {
    super(noOAuthMetadataReason(serverUrl));
    this.name = 'NoOAuthMetadataError';
  }
}

/** The down reason, in words a person can act on. */
export function noOAuthMetadataReason(serverUrl: string): string {
  const { host } = new URL(serverUrl);
  return (
    `${host} answered 401 Unauthorized and publishes no OAuth metadata, so there is no ` +
    `sign-in to offer: add the Authorization header it expects (an API key or token) ` +
    `to this server's settings`
  );
}

/** The NoOAuthMetadataError in `error` or its causes, if any (the SDK may wrap what we throw). */
export function findNoOAuthMetadata(error: unknown): NoOAuthMetadataError | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof NoOAuthMetadataError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
