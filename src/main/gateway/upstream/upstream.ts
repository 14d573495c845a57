import type { ServerConfig, ServerState, ServerStatus } from '../../../shared/model.js';
import type { ServerLists } from '../catalog.js';
import { GatewayError, errorMessage } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { UpstreamConnection, type ForwardOptions } from './connection.js';

/** What an upstream reports to the gateway. */
export interface UpstreamEvents {
  onStatus(serverId: string): void;
  onLists(serverId: string, lists: ServerLists): void;
}

/** Timing knobs of one upstream. */
export interface UpstreamTimings {
  /** How long one connect attempt may take. */
  connectTimeoutMs: number;
  /** Per-call timeout. */
  callTimeoutMs: number;
}

/**
 * One configured server: its connection, and the restart-with-backoff that follows a crash.
 *
 * A crashed server is restarted with exponential backoff and jitter; while it is down, calls
 * fail at once with a clear error instead of waiting. `stop()` ends restarts for good.
 */
export class Upstream {
  private connection: UpstreamConnection;
  private restartTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private stopped = false;
  private startPromise: Promise<void> | undefined;

  constructor(
    readonly config: ServerConfig,
    private readonly timings: UpstreamTimings,
    private readonly events: UpstreamEvents,
  ) {
    this.connection = this.createConnection();
  }

  get state(): ServerState {
    return this.connection.state;
  }

  /** Starts the server; resolves when it is ready, rejects when this attempt failed. */
  start(): Promise<void> {
    this.stopped = false;
    this.startPromise ??= this.connection
      .start(this.timings.connectTimeoutMs)
      .then(() => {
        this.attempts = 0;
      })
      .catch((error: unknown) => {
        this.scheduleRestart();
        throw error;
      })
      .finally(() => {
        this.startPromise = undefined;
      });
    return this.startPromise;
  }

  /** Stops the server and any pending restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.connection.stop();
  }

  /** Forwards one request; fails fast with a clear error while the server is not ready. */
  async request(
    method: string,
    params: Record<string, unknown> | undefined,
    options: ForwardOptions,
  ): Promise<Record<string, unknown>> {
    if (this.connection.state !== 'ready' && this.connection.state !== 'degraded') {
      throw new GatewayError(
        'server_unavailable',
        `server "${this.config.id}" is ${this.connection.state}${
          this.connection.lastError ? `: ${this.connection.lastError}` : ''
        }`,
      );
    }
    return this.connection.request(method, params, {
      timeout: this.timings.callTimeoutMs,
      ...options,
    });
  }

  /** The server's status for `/health`, the control API and the UI. */
  status(counts: { tools: number; resources: number; prompts: number }): ServerStatus {
    const transport = this.config.transport;
    return {
      id: this.config.id,
      name: this.config.name ?? this.config.id,
      state: this.connection.state,
      transport: transport.type,
      ...counts,
      lastError: this.connection.lastError,
      stderrTail: this.connection.stderr.lines(),
      pid: this.connection.pid,
      protocolVersion: this.connection.protocolVersion,
    };
  }

  private createConnection(): UpstreamConnection {
    const id = this.config.id;
    return new UpstreamConnection(this.config, {
      onStatus: () => this.events.onStatus(id),
      onLists: (lists) => this.events.onLists(id, lists),
      onClosed: () => this.scheduleRestart(),
    });
  }

  private scheduleRestart(): void {
    if (this.stopped || this.restartTimer) return;
    const delay = backoffDelay(this.attempts++);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopped) return;
      const previous = this.connection;
      this.connection = this.createConnection();
      // Keep what the user saw (stderr of the crash) until the new process writes its own.
      for (const line of previous.stderr.lines()) this.connection.stderr.push(`${line}\n`);
      this.start().catch((error: unknown) => {
        this.connection.lastError = errorMessage(error);
      });
    }, delay);
    this.restartTimer.unref();
  }
}
