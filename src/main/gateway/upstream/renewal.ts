import { GatewayError, errorMessage } from '../errors.js';
import type { ForwardOptions } from './forward-options.js';
import { findNeedsSignIn } from './oauth/needs-sign-in.js';
import { callSettled, renewReplica } from './replica-life.js';
import type { ReplicaSlot } from './replica-slot.js';
import { SessionLostError } from './session-loss.js';

/**
 * Forwards one request to a replica, counting it in flight on the connection it goes to. A
 * call cut short because the gateway closed the connection (a stop, a restart) fails as
 * `server_unavailable`: not the server's failure, so the breaker does not count it.
 */
export async function forwardToReplica(
  slot: ReplicaSlot,
  method: string,
  params: Record<string, unknown> | undefined,
  options: ForwardOptions,
): Promise<Record<string, unknown>> {
  const connection = slot.connection;
  slot.inFlight++;
  slot.calls.set(connection, (slot.calls.get(connection) ?? 0) + 1);
  try {
    return await forwardRenewing(slot, method, params, options);
  } catch (error) {
    // The renewal's own verdicts name what happened; keep them.
    if (error instanceof GatewayError) throw error;
    // A sign-in the person must renew is no failure of the server: the breaker ignores it.
    const needs = findNeedsSignIn(error);
    if (needs) throw new GatewayError('server_unavailable', needs.message, { cause: needs });
    if (!connection.closedByGateway || options.signal?.aborted) throw error;
    throw new GatewayError(
      'server_unavailable',
      `server "${slot.shared.config.id}" was restarted by Switchboard during the call; retry it`,
    );
  } finally {
    callSettled(slot, connection);
  }
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
async function forwardRenewing(
  slot: ReplicaSlot,
  method: string,
  params: Record<string, unknown> | undefined,
  options: ForwardOptions,
  retried = false,
): Promise<Record<string, unknown>> {
  // A call that arrives while a renewal runs waits for it instead of meeting a dead session.
  if (slot.renewing) await slot.renewing.catch(() => undefined);
  const connection = slot.connection;
  try {
    return await connection.request(method, params, options);
  } catch (error) {
    if (!(error instanceof SessionLostError)) throw error;
    const renewal = renewReplica(slot, connection, error.message);
    if (error.inFlight && !connection.isReadOnly(method, params)) {
      renewal.catch(() => undefined);
      throw new GatewayError(
        'upstream_error',
        `server "${slot.shared.config.id}" restarted while ${describe(method, params)} was in ` +
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
        `server "${slot.shared.config.id}" lost its session and could not start a new one: ` +
          errorMessage(failure),
        { cause: failure },
      );
    }
    return forwardRenewing(slot, method, params, options, true);
  }
}

function describe(method: string, params: Record<string, unknown> | undefined): string {
  return method === 'tools/call' ? `the call to ${String(params?.name)}` : method;
}
