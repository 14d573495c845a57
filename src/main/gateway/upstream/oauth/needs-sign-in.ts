/**
 * A server that can only be reached after a person signs in (no tokens, or a refresh the
 * authorization server refused). Not an outage: the server is `needs-signin`, not `down`,
 * and no restart can fix it. The message never carries a token.
 */
export class NeedsSignInError extends Error {
  constructor(
    readonly serverId: string,
    readonly reason: string,
    /** The scope a new sign-in must ask for, when the server named one. */
    readonly scope?: string,
    /** A step-up: the tokens still serve the scope they have, only a wider one is missing. */
    readonly stepUp = false,
  ) {
    super(`server ${serverId} needs sign-in: ${reason} (switchboard signin ${serverId})`);
    this.name = 'NeedsSignInError';
  }
}

/** The NeedsSignInError in `error` or its causes, if any (the SDK may wrap what we throw). */
export function findNeedsSignIn(error: unknown): NeedsSignInError | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof NeedsSignInError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
