import type { ServerConfig, ServerState } from '../../../shared/model.js';
import { GatewayError, errorMessage } from '../errors.js';
import type { Logger } from '../ports.js';
import { backoffDelay } from './backoff.js';
import { UpstreamConnection, type ForwardOptions, type UpstreamAuth } from './connection.js';
import type { UpstreamEvents } from './events.js';
import { findNeedsSignIn } from './oauth/needs-sign-in.js';
import type { StdioLauncher } from './process-transport.js';
import { forwardRenewing } from './renewal.js';

/** A connection replaced after a failed probe is stopped this long after, at the latest. */
const RETIRE_GRACE_MS = 5 * 60_000;

/**
 * One running instance of a server: its connection, the calls in flight on it, and restarts
 * with exponential backoff and jitter after a crash. `stop()` ends restarts for good.
 */
export class Replica {
  inFlight = 0;
  private connection: UpstreamConnection;
  private restartTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private stopped = true;
  private startPromise: Promise<void> | undefined;
  /** The renewal of a lost session under way; calls wait for it instead of failing. */
  renewing: Promise<void> | undefined;
  /** Calls in flight per connection: a replaced one is stopped when its last call settles. */
  private readonly calls = new Map<UpstreamConnection, number>();
  private readonly retired = new Set<UpstreamConnection>();
  private logged: ServerState | undefined;

  constructor(
    private readonly config: ServerConfig,
    private readonly index: number,
    private readonly options: {
      connectTimeoutMs: number;
      launcher?: StdioLauncher;
      maxResultBytes?: number;
      logger?: Logger;
      auth?: UpstreamAuth;
    },
    private readonly events: UpstreamEvents,
  ) {
    this.connection = this.createConnection();
  }

  /** A replica retrying after a failure is `down` (with its last error), not `starting`. */
  get state(): ServerState {
    const state = this.connection.state;
    return state === 'starting' && this.attempts > 0 ? 'down' : state;
  }

  /** Epoch ms at which the live connection last received bytes (health.ts's `Probed`). */
  get lastReceivedAt(): number {
    return this.connection.lastReceivedAt;
  }

  /** A probe goes to whichever connection is live when it is sent (health.ts). */
  ping(timeoutMs: number): Promise<void> {
    return this.connection.ping(timeoutMs);
  }

  /** Starts the instance; rejects when this attempt failed (a restart is then scheduled). */
  start(): Promise<void> {
    this.stopped = false;
    this.startPromise ??= this.connection
      .start(this.options.connectTimeoutMs)
      .then(() => {
        this.attempts = 0;
      })
      .catch((error: unknown) => {
        // Retrying cannot sign anyone in; a finished sign-in restarts the server instead.
        if (!findNeedsSignIn(error)) this.scheduleRestart();
        throw error;
      })
      .finally(() => {
        this.startPromise = undefined;
      });
    return this.startPromise;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const retired = [...this.retired];
    this.retired.clear();
    await Promise.all([this.connection.stop(), ...retired.map((c) => c.stop())]);
  }

  /**
   * Forwards one request on the current connection. A call cut short because the gateway
   * closed the connection (a stop, a restart) fails as `server_unavailable`: not the server's
   * failure, so the breaker does not count it.
   */
  async request(
    method: string,
    params: Record<string, unknown> | undefined,
    options: ForwardOptions,
  ): Promise<Record<string, unknown>> {
    const connection = this.connection;
    this.inFlight++;
    this.calls.set(connection, (this.calls.get(connection) ?? 0) + 1);
    try {
      return await forwardRenewing(this, method, params, options);
    } catch (error) {
      // The renewal's own verdicts name what happened; keep them.
      if (error instanceof GatewayError) throw error;
      // A sign-in the person must renew is no failure of the server: the breaker ignores it.
      const needs = findNeedsSignIn(error);
      if (needs) throw new GatewayError('server_unavailable', needs.message, { cause: needs });
      if (!connection.closedByGateway || options.signal?.aborted) throw error;
      throw new GatewayError(
        'server_unavailable',
        `server "${this.config.id}" was restarted by Switchboard during the call; retry it`,
      );
    } finally {
      this.inFlight--;
      const left = (this.calls.get(connection) ?? 1) - 1;
      if (left > 0) this.calls.set(connection, left);
      else this.calls.delete(connection);
      if (left <= 0 && this.retired.delete(connection)) void connection.stop();
    }
  }

  /** The live connection: renewal.ts forwards on it, the server reads its state from it. */
  get current(): UpstreamConnection {
    return this.connection;
  }

  /** The server id, for messages. */
  get serverId(): string {
    return this.config.id;
  }

  /**
   * Replaces a connection whose session the server lost with a fresh one at once (no backoff)
   * and resolves when it is ready; one renewal serves every call that found the loss. A stale
   * connection already replaced waits for its successor's start instead.
   */
  renew(stale: UpstreamConnection, reason: string): Promise<void> {
    if (this.stopped) return Promise.reject(new Error(`server ${this.config.id} is stopped`));
    if (stale !== this.connection) return this.renewing ?? this.startPromise ?? Promise.resolve();
    stale.sessionLost = true;
    void stale.stop();
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.connection = this.createConnection();
    this.events.onReinitialized?.(reason);
    this.renewing = this.start().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /**
   * Replaces a sick connection (a failed health check) with a fresh one. Calls in flight on the
   * old one finish or fail on their own; it is stopped when the last settles (or after
   * RETIRE_GRACE_MS), and new calls go to the new connection.
   */
  restart(reason: string): void {
    if (this.stopped || this.restartTimer) return;
    const old = this.connection;
    old.lastError = reason;
    this.options.logger?.warn(
      { replica: this.index, reason },
      `server ${this.config.id}: ${reason}; restarting`,
    );
    this.retire(old);
    this.scheduleRestart(0);
  }

  private retire(connection: UpstreamConnection): void {
    if (!this.calls.get(connection)) {
      void connection.stop();
      return;
    }
    this.retired.add(connection);
    const timer = setTimeout(() => {
      if (this.retired.delete(connection)) void connection.stop();
    }, RETIRE_GRACE_MS);
    timer.unref();
  }

  /** Logs each change of this replica's state, once. */
  private noteStatus(): void {
    const state = this.state;
    if (state === this.logged) return;
    this.logged = state;
    const logger = this.options.logger;
    const fields = {
      replica: this.index,
      state,
      ...(this.connection.lastError ? { err: this.connection.lastError } : {}),
    };
    const message = `server ${this.config.id} is ${state}`;
    if (state === 'down') logger?.warn(fields, message);
    else logger?.info(fields, message);
  }

  private createConnection(): UpstreamConnection {
    const config = this.index === 0 ? this.config : replicaConfig(this.config, this.index);
    const { launcher, maxResultBytes, auth } = this.options;
    const connection: UpstreamConnection = new UpstreamConnection(
      config,
      this.events,
      {
        // Only the live connection speaks for the replica; the state reported is the replica's.
        onChange: () => {
          if (connection !== this.connection) return;
          this.noteStatus();
          this.events.onStatus();
        },
        // A retired connection closing is expected; only the current one's close restarts.
        onClosed: () => connection === this.connection && this.scheduleRestart(),
        onSessionLost: () => {
          const reason = 'the server no longer knows the session';
          this.renew(connection, reason).catch(() => undefined);
        },
      },
      {
        launcher,
        auth,
        ...(maxResultBytes === undefined ? {} : { limits: { maxResultBytes } }),
        // The first replica speaks for the server's lists; the others serve the same ones.
        reportsLists: this.index === 0,
      },
    );
    return connection;
  }

  private scheduleRestart(delay = backoffDelay(this.attempts++)): void {
    if (this.stopped || this.restartTimer) return;
    this.options.logger?.info(
      { replica: this.index, delayMs: Math.round(delay) },
      `server ${this.config.id} is restarting`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopped) return;
      const previous = this.connection;
      this.connection = this.createConnection();
      // Keep the crash's stderr visible until the new process writes its own.
      for (const line of previous.stderr.lines()) this.connection.stderr.push(`${line}\n`);
      this.connection.lastError = previous.lastError;
      // A failed start already set the connection's reason (down-reason.ts); keep it.
      this.start().catch((error: unknown) => {
        this.connection.lastError ??= errorMessage(error);
      });
    }, delay);
    this.restartTimer.unref();
  }
}

/** The config of replica `index` of a remote server: the same server at its next URL. */
function replicaConfig(config: ServerConfig, index: number): ServerConfig {
  const url = config.replicaUrls[index - 1];
  if (config.transport.type === 'stdio' || !url) return config;
  return { ...config, transport: { ...config.transport, url } };
}
