import type { ServerConfig, ServerState } from '../../../shared/model.js';
import type { Logger } from '../ports.js';
import type { UpstreamAuth } from './forward-options.js';
import type { UpstreamConnection } from './connection.js';
import type { UpstreamEvents } from './events.js';
import type { Probed } from './health.js';
import type { StdioLauncher } from './stdio-launch.js';

/** What every replica of one server shares; its `Upstream` makes it once. */
export interface ReplicaShared {
  readonly config: ServerConfig;
  readonly events: UpstreamEvents;
  /** How long one connect attempt may take. */
  readonly connectTimeoutMs: number;
  readonly launcher?: StdioLauncher | undefined;
  readonly maxResultBytes?: number | undefined;
  /** The server's logger (its id bound). */
  readonly logger?: Logger | undefined;
  readonly auth?: UpstreamAuth | undefined;
}

/**
 * One replica of a server as its `Upstream` holds it: the live connection, and what outlives
 * each connection (restarts with backoff, a renewal under way, sick connections retired while
 * their calls finish, calls in flight). Plain state: replica-life.ts starts, restarts and renews
 * it, renewal.ts forwards on it.
 */
export interface ReplicaSlot {
  /** 0 for the first replica, which speaks for the server's lists. */
  readonly index: number;
  readonly shared: ReplicaShared;
  /** The live connection: calls go to it, the server reads its state from it. */
  connection: UpstreamConnection;
  /** Calls in flight on this replica, over all its connections. */
  inFlight: number;
  /** Calls in flight per connection: a retired one is stopped when its last call settles. */
  readonly calls: Map<UpstreamConnection, number>;
  /** Replaced connections whose calls are still finishing. */
  readonly retired: Set<UpstreamConnection>;
  /** Failed starts since the last success: the backoff's exponent. */
  attempts: number;
  restartTimer: NodeJS.Timeout | undefined;
  /** Set by a stop, cleared by a start: a stopped replica neither restarts nor renews. */
  stopped: boolean;
  /** The start under way; every caller shares it. */
  starting: Promise<void> | undefined;
  /** The renewal of a lost session under way; calls wait for it instead of failing. */
  renewing: Promise<void> | undefined;
  /** The state last logged, so that each change is logged once. */
  logged: ServerState | undefined;
}

/** A replica retrying after a failure is `down` (with its last error), not `starting`. */
export function replicaState(slot: ReplicaSlot): ServerState {
  const state = slot.connection.state;
  return state === 'starting' && slot.attempts > 0 ? 'down' : state;
}

/**
 * The replica as health.ts probes it: the probe goes to whichever connection is live when it
 * is sent, and the bytes last received are read from the live one.
 */
export function liveProbe(slot: ReplicaSlot): Probed {
  return {
    get lastReceivedAt() {
      return slot.connection.lastReceivedAt;
    },
    ping: (timeoutMs) => slot.connection.ping(timeoutMs),
  };
}

/** Logs each change of a replica's state, once. */
export function noteStatus(slot: ReplicaSlot): void {
  const state = replicaState(slot);
  if (state === slot.logged) return;
  slot.logged = state;
  const { logger, config } = slot.shared;
  const lastError = slot.connection.lastError;
  const fields = { replica: slot.index, state, ...(lastError ? { err: lastError } : {}) };
  const message = `server ${config.id} is ${state}`;
  if (state === 'down') logger?.warn(fields, message);
  else logger?.info(fields, message);
}
