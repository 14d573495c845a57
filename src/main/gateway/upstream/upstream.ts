import type { ServerConfig, ServerState, ServerStatus } from '../../../shared/model.js';
import type { CallSignal } from '../call-signal.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../ports.js';
import { CircuitBreaker, type BreakerState } from './breaker.js';
import type { ForwardOptions, Relays, UpstreamAuth } from './forward-options.js';
import type { UpstreamEvents } from './events.js';
import { loadedClientSdk } from './client-sdk.js';
import { probe } from './health.js';
import { untilStarted } from './start-wait.js';
import { ConcurrencyLimiter } from './limiter.js';
import type { StdioLauncher } from './stdio-launch.js';
import { forwardToReplica } from './renewal.js';
import { createReplica, restartReplica, startReplica, stopReplica } from './replica-life.js';
import { liveProbe, replicaState, type ReplicaSlot } from './replica-slot.js';

/** Timing knobs of one upstream. */
export interface UpstreamTimings {
  /** How long one connect attempt may take. */
  connectTimeoutMs: number;
  /** Per-call timeout. */
  callTimeoutMs: number;
  /** How often ready replicas are pinged. */
  healthIntervalMs: number;
  /** Starts stdio servers another way than `spawn`, when it takes them. */
  launcher?: StdioLauncher;
  /** settings.maxResultBytes: bigger answers are refused while they arrive. */
  maxResultBytes?: number;
  /** Where state changes (starts, crashes, restarts, the breaker) are logged. */
  logger?: Logger;
  /** The gateway-wide quiet period (settings.idleStopMs), read when a server goes quiet. */
  idleStopMs?: () => number;
  /** OAuth for remote servers (oauth/sign-ins.ts). */
  auth?: UpstreamAuth;
}

const PING_TIMEOUT_MS = 5_000;
const BROADCAST_TIMEOUT_MS = 5_000;

/**
 * One configured server: its replicas (N stdio processes, or several URLs; each a slot of plain
 * state, replica-slot.ts, around its live connection), a circuit breaker, a bound on calls in
 * flight with a bounded wait queue, health pings, lazy start and idle stop. The state machine
 * is described in README.md beside this file.
 */
export class Upstream {
  private readonly replicas: ReplicaSlot[];
  private readonly breaker = new CircuitBreaker({
    onChange: (state, previous) => this.breakerChanged(state, previous),
  });
  private readonly limiter: ConcurrencyLimiter;
  private healthTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastUsed = Date.now();
  private turn = 0;
  private started = false;
  /** Not running by design (never started yet, or stopped after its quiet period). */
  private asleep = false;
  private starting: Promise<void> | undefined;
  /** Set until the replicas' starts begin: their states still tell of their last run. */
  private waking = false;
  /** A stop under way: a call that wakes the server meanwhile starts once it has finished. */
  private stopping: Promise<unknown> | undefined;

  constructor(
    /** Replaced live when only fields that need no restart changed (overrides, review). */
    public config: ServerConfig,
    private readonly timings: UpstreamTimings,
    private readonly events: UpstreamEvents,
  ) {
    const count =
      config.transport.type === 'stdio' ? config.replicas : 1 + config.replicaUrls.length;
    const logger = timings.logger?.child({ server: config.id });
    const shared = { ...timings, ...(logger ? { logger } : {}), config, events };
    this.replicas = Array.from({ length: count }, (_, index) => createReplica(shared, index));
    this.limiter = new ConcurrencyLimiter({
      maxInFlight: config.maxInFlight,
      maxQueue: config.maxQueue,
    });
  }

  /** Whether it was started (and not stopped since); an asleep server is not. */
  get running(): boolean {
    return this.started;
  }

  /** The server's state: the best of its replicas, `degraded` when some are down. */
  get state(): ServerState {
    if (!this.started) return this.asleep ? 'asleep' : 'starting';
    if (this.waking) return 'starting';
    const states = this.replicas.map(replicaState);
    const ready = states.filter((s) => s === 'ready').length;
    if (ready === states.length && this.breaker.state === 'closed') return 'ready';
    if (ready > 0) return 'degraded';
    if (states.includes('needs-signin')) return 'needs-signin';
    return states.includes('starting') ? 'starting' : 'down';
  }

  /** Starts every replica; resolves when each is ready or failed (a laggard keeps trying). */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.started = true;
      this.asleep = false;
      this.waking = true;
      this.events.onStatus();
      await this.stopping;
      const starts = Promise.allSettled(this.replicas.map(startReplica));
      this.waking = false;
      const results = await starts;
      this.scheduleHealth();
      this.lastUsed = Date.now();
      this.armSleep();
      const failed = results.find((r) => r.status === 'rejected');
      if (failed && results.every((r) => r.status === 'rejected')) throw failed.reason;
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /**
   * Replaces every replica's connection with a fresh one, letting calls in flight finish on
   * the old ones (a sign-in that ended: the new connection shows what that means).
   */
  reconnect(reason: string): void {
    for (const replica of this.replicas) restartReplica(replica, reason);
  }

  /** Stops every replica, health checks and restarts. */
  async stop(): Promise<void> {
    clearInterval(this.healthTimer);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.started = false;
    const stopping = Promise.allSettled(this.replicas.map(stopReplica));
    this.stopping = stopping;
    await stopping;
    if (this.stopping === stopping) this.stopping = undefined;
    this.events.onStatus();
  }

  /**
   * Stops the server until its next call, its lists still listed by the gateway: a server
   * that is not running costs no memory. Also marks a server that was never started as asleep.
   */
  async sleep(): Promise<void> {
    this.asleep = true;
    if (this.started) {
      this.timings.logger?.info(
        { server: this.config.id },
        `server ${this.config.id}: asleep until its next call`,
      );
      await this.stop();
    } else this.events.onStatus();
  }

  /**
   * The quiet period after which the server sleeps, 0 for never: only stdio servers (a remote
   * server holds no memory here), and never one a person keeps warm.
   */
  get quietPeriodMs(): number {
    if (this.config.keepWarm || this.config.transport.type !== 'stdio') return 0;
    return this.config.idleStopMs ?? this.timings.idleStopMs?.() ?? 0;
  }

  /**
   * Takes a changed config entry whose differences need no restart (overrides, review,
   * keepWarm, the quiet period): a server now kept warm wakes, the sleep timer is re-armed.
   */
  reconfigure(config: ServerConfig): void {
    this.config = config;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.started) this.armSleep();
    else if (config.keepWarm) void this.start().catch(() => undefined);
  }

  /**
   * Forwards one request: starts a lazy server on first use, fails fast while the breaker is
   * open, waits in the bounded queue when the server is busy, and picks a healthy replica.
   */
  async request(
    method: string,
    params: Record<string, unknown> | undefined,
    options: ForwardOptions,
  ): Promise<Record<string, unknown>> {
    // One deadline covers the wait for a start, the queue and the call itself.
    const timeout = options.timeout ?? this.timings.callTimeoutMs;
    const deadline = Date.now() + timeout;
    const left = () => Math.max(1, deadline - Date.now());
    // An asleep server starts on its first call; a call made while the server starts (its tools
    // listed from the last run) waits for the start to settle, and says how long it waited.
    if (!this.started || this.starting) {
      const waitFrom = performance.now();
      await untilStarted(this.starting ?? this.start(), this.config.id, options, timeout);
      options.onStartWait?.(Math.round(performance.now() - waitFrom));
    }
    if (!this.breaker.canPass()) throw this.paused();
    this.lastUsed = Date.now();
    let judged = false;
    // The verdict is given inside the slot, before it passes to the next waiter: a failure that
    // opens the breaker fails the queue before a waiter can go out.
    const send = async () => {
      try {
        const replica = this.pick();
        const result = await forwardToReplica(replica, method, params, {
          ...options,
          timeout: left(),
        });
        this.breaker.onSuccess();
        return result;
      } catch (error) {
        judged = true;
        this.judge(error, options.signal);
        throw error;
      }
    };
    try {
      return await this.limiter.run(send, options.signal, left());
    } catch (error) {
      // Refused by the limiter (busy, a queue timeout, the agent's cancel, the pause).
      if (!judged) this.judge(error, options.signal);
      throw error;
    } finally {
      this.lastUsed = Date.now();
    }
  }

  /** The error of a call refused while the breaker is open. */
  private paused(): GatewayError {
    const retry = this.breaker.retryAt
      ? ` (it retries at ${new Date(this.breaker.retryAt).toISOString()})`
      : '';
    return new GatewayError(
      'server_unavailable',
      `server "${this.config.id}" failed repeatedly and is paused${retry}`,
    );
  }

  private breakerChanged(state: BreakerState, previous: BreakerState): void {
    const fields = { server: this.config.id, breaker: state, previous };
    const logger = this.timings.logger;
    if (state === 'open') logger?.warn(fields, `server ${this.config.id}: breaker open`);
    else logger?.info(fields, `server ${this.config.id}: breaker ${state}`);
  }

  /** The server's status for `/health`, the control API and the UI. */
  status(counts: { tools: number; resources: number; prompts: number }): ServerStatus {
    const first = this.replicas[0]!.connection;
    const lastError = this.replicas.map((r) => r.connection.lastError).find(Boolean);
    const readySince = first.state === 'ready' ? first.readySince : undefined;
    return {
      id: this.config.id,
      name: this.config.name ?? this.config.id,
      state: this.state,
      transport: this.config.transport.type,
      ...counts,
      ...(lastError ? { lastError } : {}),
      stderrTail: first.stderr.lines(),
      pid: this.started ? first.pid : undefined,
      protocolVersion: first.protocolVersion,
      ...(readySince ? { readySince: new Date(readySince).toISOString() } : {}),
      replicas: this.replicas.map((r) => ({
        state: this.started ? replicaState(r) : this.state,
        pid: this.started ? r.connection.pid : undefined,
        inFlight: r.inFlight,
      })),
      breaker: this.breaker.state,
    };
  }

  /** What the ready replicas can relay (setLevel, subscribe); undefined while none is ready. */
  relays(): Relays | undefined {
    return this.replicas.find((r) => replicaState(r) === 'ready')?.connection.relays;
  }

  /**
   * Sends per-session state (`logging/setLevel`, `resources/subscribe`) to every ready replica
   * that supports it. It never starts a server, nor passes the breaker or the queue: a replica
   * that connects later gets the state again through `onReady`.
   */
  async broadcast(method: string, params: Record<string, unknown>, needs: keyof Relays) {
    const ready = this.replicas.filter(
      (r) => replicaState(r) === 'ready' && r.connection.relays[needs],
    );
    // Session state is small and answered at once; a hung server must not hold an agent's
    // setLevel or subscribe for a whole call timeout.
    const timeout = Math.min(this.timings.callTimeoutMs, BROADCAST_TIMEOUT_MS);
    await Promise.all(ready.map((r) => forwardToReplica(r, method, params, { timeout })));
  }

  /** Every live child pid (for memory sampling). */
  pids(): number[] {
    if (!this.started) return [];
    return this.replicas
      .map((r) => r.connection.pid)
      .filter((pid): pid is number => pid !== undefined);
  }

  /**
   * Records a failure with the breaker. Not failures: an answer the server gave (a JSON-RPC
   * error), the agent's cancellation, and the gateway's own verdicts (busy, queue timeout, a
   * restart by Switchboard). A breaker that opens fails its queue: none of those calls go out.
   */
  private judge(error: unknown, signal: CallSignal | undefined): void {
    // No server answer exists before the client SDK is loaded: nothing is its ProtocolError.
    const sdk = loadedClientSdk();
    const answered = !!sdk && error instanceof sdk.ProtocolError;
    if (signal?.aborted || answered || error instanceof GatewayError) {
      return this.breaker.onCancelled();
    }
    this.breaker.onFailure();
    if (this.breaker.state === 'open') this.limiter.failWaiting(this.paused());
    this.events.onStatus();
    void this.checkHealth();
  }

  /** A ready replica: the least busy one, or the next in turn. */
  private pick(): ReplicaSlot {
    // A replica renewing a lost session takes calls: they wait for the new session.
    const ready = this.replicas.filter(
      (r) => replicaState(r) === 'ready' || r.renewing !== undefined,
    );
    if (ready.length === 0) {
      const why = this.replicas.map((r) => r.connection.lastError).find(Boolean);
      throw new GatewayError(
        'server_unavailable',
        `server "${this.config.id}" is ${this.state}${why ? `: ${why}` : ''}`,
      );
    }
    if (this.config.balance === 'round-robin') return ready[this.turn++ % ready.length]!;
    return ready.reduce((best, r) => (r.inFlight < best.inFlight ? r : best));
  }

  private scheduleHealth(): void {
    clearInterval(this.healthTimer);
    this.healthTimer = setInterval(() => void this.checkHealth(), this.timings.healthIntervalMs);
    this.healthTimer.unref();
  }

  /**
   * Probes every ready replica (health.ts: bytes arriving or any answer is alive); one that is
   * silent is restarted, its calls in flight left to finish.
   */
  private async checkHealth(): Promise<void> {
    await Promise.allSettled(
      this.replicas.map(async (replica) => {
        if (replicaState(replica) !== 'ready') return;
        if ((await probe(liveProbe(replica), PING_TIMEOUT_MS, PING_TIMEOUT_MS)) === 'alive') return;
        const reason = `health check failed: no answer to a probe in ${PING_TIMEOUT_MS} ms`;
        restartReplica(replica, reason);
      }),
    );
  }

  /**
   * Arms the sleep of a server with a quiet period. Calls only note their time (no timer work
   * per call); when the timer fires early because of them it waits the rest of the period.
   */
  private armSleep(): void {
    const quiet = this.quietPeriodMs;
    if (quiet <= 0) return;
    const quietFor = Date.now() - this.lastUsed;
    const due = this.limiter.inFlight > 0 ? quiet : quiet - quietFor;
    if (due <= 0) {
      this.idleTimer = undefined;
      void this.sleep();
      return;
    }
    this.idleTimer = setTimeout(() => this.armSleep(), due);
    this.idleTimer.unref();
  }
}
