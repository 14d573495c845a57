import { GatewayError, errorMessage } from '../errors.js';
import type { ForwardOptions, UpstreamConnection } from './connection.js';
import { SessionLostError } from './session-loss.js';

/** The part of a replica a renewing forward needs. */
export interface Renewable {
  readonly current: UpstreamConnection;
  readonly serverId: string;
  readonly renewing: Promise<void> | undefined;
  renew(stale: UpstreamConnection, reason: string): Promise<void>;
}

/**
 * Forwards one request on a replica's connection, renewing the session when the server lost
 * it, so agents never see the upstream's session come and go.
 *
 * A request the server refused unseen (404 to the old session id) is sent again on the new
 * session. A request in flight when the session was lost is sent again only if it only reads
 * (a list, `resources/read`, `prompts/get`, a tool with `readOnlyHint`); any other may have
 * run, so it fails with an error that names the server and says it was not retried. Each
 * request is retried at most once.
 */
export async function forwardRenewing(
  replica: Renewable,
  method: string,
  params: Record<string, unknown> | undefined,
  options: ForwardOptions,
  retried = false,
): Promise<Record<string, unknown>> {
  // A call that arrives while a renewal runs waits for it instead of meeting a dead session.
  if (replica.renewing) await replica.renewing.catch(() => undefined);
  const connection = replica.current;
  try {
    return await connection.request(method, params, options);
  } catch (error) {
    if (!(error instanceof SessionLostError)) throw error;
    const renewal = replica.renew(connection, error.message);
    if (error.inFlight && !connection.isReadOnly(method, params)) {
      renewal.catch(() => undefined);
      throw new GatewayError(
        'upstream_error',
        `server "${replica.serverId}" restarted while ${describe(method, params)} was in ` +
          'flight; it was not retried because it is not read-only and may have run. ' +
          'Check its effect before calling again.',
        { cause: error },
      );
    }
    if (retried) throw error;
    try {
      await renewal;
    } catch (failure) {
      throw new GatewayError(
        'server_unavailable',
        `server "${replica.serverId}" lost its session and could not start a new one: ` +
          errorMessage(failure),
        { cause: failure },
      );
    }
    return forwardRenewing(replica, method, params, options, true);
  }
}

function describe(method: string, params: Record<string, unknown> | undefined): string {
  return method === 'tools/call' ? `the call to ${String(params?.name)}` : method;
}
