import type { ServerConfig } from '../../../shared/model.js';
import { errorMessage } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { UpstreamConnection } from './connection.js';
import { findNeedsSignIn } from './oauth/needs-sign-in.js';
import { noteStatus, type ReplicaShared, type ReplicaSlot } from './replica-slot.js';

/** A connection replaced after a failed probe is stopped this long after, at the latest. */
const RETIRE_GRACE_MS = 5 * 60_000;

/** Replica `index` of a server, not started yet. */
export function createReplica(shared: ReplicaShared, index: number): ReplicaSlot {
  // Its connection comes next: connect() reads the slot only in the connection's callbacks.
  const slot = {
    index,
    shared,
    inFlight: 0,
    calls: new Map(),
    retired: new Set(),
    attempts: 0,
    restartTimer: undefined,
    stopped: true,
    starting: undefined,
    renewing: undefined,
    logged: undefined,
  } as ReplicaSlot;
  slot.connection = connect(slot);
  return slot;
}

/** Starts a replica; rejects when this attempt failed (a restart is then scheduled). */
export function startReplica(slot: ReplicaSlot): Promise<void> {
  slot.stopped = false;
  slot.starting ??= slot.connection
    .start(slot.shared.connectTimeoutMs)
    .then(() => {
      slot.attempts = 0;
    })
    .catch((error: unknown) => {
      // Retrying cannot sign anyone in; a finished sign-in restarts the server instead.
      if (!findNeedsSignIn(error)) scheduleRestart(slot);
      throw error;
    })
    .finally(() => {
      slot.starting = undefined;
    });
  return slot.starting;
}

/** Stops a replica for good (until its next start): its connections, and restarts. */
export async function stopReplica(slot: ReplicaSlot): Promise<void> {
  slot.stopped = true;
  clearTimeout(slot.restartTimer);
  slot.restartTimer = undefined;
  const retired = [...slot.retired];
  slot.retired.clear();
  await Promise.all([slot.connection.stop(), ...retired.map((c) => c.stop())]);
}

/**
 * Replaces a connection whose session the server lost with a fresh one at once (no backoff)
 * and resolves when it is ready; one renewal serves every call that found the loss. A stale
 * connection already replaced waits for its successor's start instead.
 */
export function renewReplica(
  slot: ReplicaSlot,
  stale: UpstreamConnection,
  reason: string,
): Promise<void> {
  const { config, events } = slot.shared;
  if (slot.stopped) return Promise.reject(new Error(`server ${config.id} is stopped`));
  if (stale !== slot.connection) return slot.renewing ?? slot.starting ?? Promise.resolve();
  stale.sessionLost = true;
  void stale.stop();
  clearTimeout(slot.restartTimer);
  slot.restartTimer = undefined;
  slot.connection = connect(slot);
  events.onReinitialized?.(reason);
  slot.renewing = startReplica(slot).finally(() => {
    slot.renewing = undefined;
  });
  return slot.renewing;
}

/**
 * Replaces a sick connection (a failed health check, a sign-in that ended) with a fresh one.
 * Calls in flight on the old one finish or fail on their own; it is stopped when the last
 * settles (or after RETIRE_GRACE_MS), and new calls go to the new connection.
 */
export function restartReplica(slot: ReplicaSlot, reason: string): void {
  if (slot.stopped || slot.restartTimer) return;
  const old = slot.connection;
  old.lastError = reason;
  slot.shared.logger?.warn(
    { replica: slot.index, reason },
    `server ${slot.shared.config.id}: ${reason}; restarting`,
  );
  retire(slot, old);
  scheduleRestart(slot, 0);
}

/** Notes that a call settled on `connection`; a retired one stops with its last call. */
export function callSettled(slot: ReplicaSlot, connection: UpstreamConnection): void {
  slot.inFlight--;
  const left = (slot.calls.get(connection) ?? 1) - 1;
  if (left > 0) slot.calls.set(connection, left);
  else slot.calls.delete(connection);
  if (left <= 0 && slot.retired.delete(connection)) void connection.stop();
}

function retire(slot: ReplicaSlot, connection: UpstreamConnection): void {
  if (!slot.calls.get(connection)) {
    void connection.stop();
    return;
  }
  slot.retired.add(connection);
  const timer = setTimeout(() => {
    if (slot.retired.delete(connection)) void connection.stop();
  }, RETIRE_GRACE_MS);
  timer.unref();
}

function scheduleRestart(slot: ReplicaSlot, delay = backoffDelay(slot.attempts++)): void {
  if (slot.stopped || slot.restartTimer) return;
  const { logger, config } = slot.shared;
  logger?.info(
    { replica: slot.index, delayMs: Math.round(delay) },
    `server ${config.id} is restarting`,
  );
  slot.restartTimer = setTimeout(() => {
    slot.restartTimer = undefined;
    if (slot.stopped) return;
    const previous = slot.connection;
    const next = connect(slot);
    slot.connection = next;
    // Keep the crash's stderr visible until the new process writes its own.
    for (const line of previous.stderr.lines()) next.stderr.push(`${line}\n`);
    next.lastError = previous.lastError;
    // A failed start already set the connection's reason (down-reason.ts); keep it.
    startReplica(slot).catch((error: unknown) => {
      slot.connection.lastError ??= errorMessage(error);
    });
  }, delay);
  slot.restartTimer.unref();
}

/** A fresh connection for the replica; only the live one speaks for it. */
function connect(slot: ReplicaSlot): UpstreamConnection {
  const { shared, index } = slot;
  const config = index === 0 ? shared.config : replicaConfig(shared.config, index);
  const { launcher, maxResultBytes, auth, events } = shared;
  const connection: UpstreamConnection = new UpstreamConnection(
    config,
    events,
    {
      // The state reported is the replica's, from its live connection.
      onChange: () => {
        if (connection !== slot.connection) return;
        noteStatus(slot);
        events.onStatus();
      },
      // A retired connection closing is expected; only the live one's close restarts.
      onClosed: () => connection === slot.connection && scheduleRestart(slot),
      onSessionLost: () => {
        const reason = 'the server no longer knows the session';
        renewReplica(slot, connection, reason).catch(() => undefined);
      },
    },
    {
      launcher,
      auth,
      ...(maxResultBytes === undefined ? {} : { limits: { maxResultBytes } }),
      // The first replica speaks for the server's lists; the others serve the same ones.
      reportsLists: index === 0,
    },
  );
  return connection;
}

/** The config of replica `index` of a remote server: the same server at its next URL. */
function replicaConfig(config: ServerConfig, index: number): ServerConfig {
  const url = config.replicaUrls[index - 1];
  if (config.transport.type === 'stdio' || !url) return config;
  return { ...config, transport: { ...config.transport, url } };
}
