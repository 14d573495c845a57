import { availableParallelism } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import type { Config, ServerConfig, ServerStatus } from '../../shared/model.js';
import { digestOf } from './pipeline/canonical.js';
import { Catalog, type ServerLists } from './catalog/catalog.js';
import type { CatalogCache } from './catalog/catalog-memory.js';
import type { ShippedLists } from './catalog/shipped-lists.js';
import { GatewayError, errorMessage } from './errors.js';
import type { Logger } from './ports.js';
import type { StdioLauncher } from './upstream/stdio-launch.js';
import type { ToolReview } from './catalog/review.js';
import { ConcurrencyLimiter } from './upstream/limiter.js';
import { Upstream } from './upstream/upstream.js';
import type { ForwardOptions, Relays, UpstreamAuth } from './upstream/connection.js';
import { ServerSignals } from './relay/server-signals.js';

/** Something the gateway tells its observers (the endpoint, the control service, the tray). */
export type GatewayEvent =
  | { type: 'serverChanged'; server: ServerStatus }
  | { type: 'catalogChanged'; version: number }
  | { type: 'configChanged' }
  | { type: 'changesChanged' };

/** The `_meta` key of a result answered by a fallback server: which server answered. */
export const ANSWERED_BY = 'io.switchboard/answeredBy';

/** Status changes of one server within this window are published as one event. */
const STATUS_COALESCE_MS = 50;

/** How long one connect attempt of a server may take before it counts as failed. */
const CONNECT_TIMEOUT_MS = 60_000;

/**
 * The orchestrator: owns the configured upstream servers and the aggregated catalog, applies
 * config changes, and forwards requests to the owning server.
 *
 * It knows nothing about HTTP, keys or the UI: the endpoint and the control service sit on
 * top of it. It never imports electron.
 */
export class Gateway {
  readonly catalog = new Catalog();
  /** Log lines, resource updates and reconnections of the servers, for the agent relays. */
  readonly signals = new ServerSignals();
  private readonly upstreams = new Map<string, Upstream>();
  /** Each running server's lists as it sent them (before review and overrides). */
  private readonly rawLists = new Map<string, ServerLists>();
  private readonly listeners = new Set<(event: GatewayEvent) => void>();
  private readonly statusTimers = new Map<string, NodeJS.Timeout>();
  private currentConfig: Config;
  /**
   * Servers listed from memory boot a few at a time, one more than the cores: their tools are
   * already listed, and ten Node servers spawned at once on a laptop take the CPU the gateway
   * needs to answer agents meanwhile. A server with nothing remembered boots at once: agents
   * wait for its tools, and on a first start the CPU is best spent booting every server
   * together (`npm run bench`, start rows, compares both). A call to a waiting server starts it
   * at once.
   */
  private readonly startSlots = new ConcurrencyLimiter({
    maxInFlight: availableParallelism() + 1,
    maxQueue: Number.MAX_SAFE_INTEGER,
  });

  /** OAuth for remote servers: the provider each HTTP connection signs its requests with. */
  upstreamAuth?: UpstreamAuth;

  /** Lists shipped for the presets' packages: what a first start lists while servers boot. */
  shippedLists?: ShippedLists;
  /** Servers whose shown lists came from `shippedLists`, not from this data dir's memory. */
  private readonly listedFromShipped = new Set<string>();

  /** Told each time a server's lost session is renewed (the metrics count it). */
  onUpstreamReinitialized?: (serverId: string) => void;

  constructor(
    config: Config,
    private readonly logger: Logger,
    private readonly catalogCache?: CatalogCache,
    /** Starts stdio servers some other way than `spawn` (the packaged app); see process-transport.ts. */
    private readonly launcher?: StdioLauncher,
    /** Tool pinning and review; without it every listed tool is exposed. */
    readonly review?: ToolReview,
  ) {
    this.currentConfig = config;
  }

  get config(): Config {
    return this.currentConfig;
  }

  /**
   * Starts every enabled server in parallel and resolves once each one is ready, failed, or
   * has used up its start-up bound (a laggard keeps starting in the background and joins the
   * catalog when ready).
   */
  async start(): Promise<void> {
    await this.applyConfig(this.currentConfig, { force: true });
  }

  /** Stops every server; no child process outlives this. */
  async stop(): Promise<void> {
    const all = [...this.upstreams.values()];
    this.upstreams.clear();
    await Promise.allSettled(all.map((u) => u.stop()));
    for (const timer of this.statusTimers.values()) clearTimeout(timer);
    this.statusTimers.clear();
  }

  /** Subscribes to gateway events; returns the unsubscribe. */
  subscribe(listener: (event: GatewayEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Brings the running servers in line with a config: starts new or enabled servers, stops
   * removed or disabled ones, restarts changed ones. Resolves when each started server is
   * ready, failed, or past its start-up bound.
   */
  async applyConfig(config: Config, options: { force?: boolean } = {}): Promise<void> {
    const previous = this.currentConfig;
    this.currentConfig = config;
    this.catalog.setOrder(config.servers.map((s) => s.id));
    const wanted = new Map(config.servers.filter((s) => s.enabled).map((s) => [s.id, s]));
    const stops: Promise<void>[] = [];
    for (const [id, upstream] of this.upstreams) {
      const next = wanted.get(id);
      if (!next || !sameServer(upstream.config, next)) stops.push(this.dropServer(id));
    }
    await Promise.all(stops);
    // Overrides, review settings, keep-warm and quiet periods apply without a restart.
    const quietChanged = previous.settings.idleStopMs !== config.settings.idleStopMs;
    for (const [id, upstream] of this.upstreams) {
      const lists = this.rawLists.get(id);
      const next = wanted.get(id);
      if (!next || (isDeepStrictEqual(next, upstream.config) && !quietChanged)) continue;
      upstream.reconfigure(next);
      if (lists) this.updateLists(id, lists);
    }
    const configured = new Set(config.servers.map((s) => s.id));
    for (const server of previous.servers) {
      if (!configured.has(server.id)) this.review?.forget(server.id);
    }
    const starts: Promise<void>[] = [];
    for (const server of wanted.values()) {
      if (!this.upstreams.has(server.id)) starts.push(this.startServer(server));
    }
    for (const server of config.servers) {
      if (!server.enabled) this.emitServer(server.id);
    }
    if (options.force || previous !== config) this.emit({ type: 'configChanged' });
    await Promise.all(starts);
  }

  /** Restarts one server (after a user's click, or a changed config). */
  /** Reconnects a running server gently: calls in flight end on the old connection. */
  reconnectServer(serverId: string, reason: string): void {
    this.upstreams.get(serverId)?.reconnect(reason);
  }

  async restartServer(serverId: string): Promise<void> {
    const config = this.currentConfig.servers.find((s) => s.id === serverId);
    if (!config) throw new GatewayError('config_invalid', `no server "${serverId}" is configured`);
    await this.dropServer(serverId, { keepCatalog: true });
    // A person asked for it to run: it starts now even where it would otherwise wait asleep.
    if (config.enabled) await this.startServer(config, { wake: true });
  }

  /**
   * Forwards one request to a server by id. When the server is unavailable and names a
   * fallback, the fallback answers instead and the result's `_meta` says so.
   */
  async forward(
    serverId: string,
    method: string,
    params: Record<string, unknown> | undefined,
    options: ForwardOptions,
  ): Promise<Record<string, unknown>> {
    try {
      return await this.forwardTo(serverId, method, params, options);
    } catch (error) {
      const fallback = this.currentConfig.servers.find((s) => s.id === serverId)?.fallback;
      const unavailable = error instanceof GatewayError && error.code === 'server_unavailable';
      if (!fallback || !unavailable || options.signal?.aborted) throw error;
      this.logger.warn(
        { server: serverId, fallback },
        `server ${serverId} is unavailable; ${fallback} answers`,
      );
      const result = await this.forwardTo(fallback, method, params, options);
      const meta = (result._meta as Record<string, unknown> | undefined) ?? {};
      return { ...result, _meta: { ...meta, [ANSWERED_BY]: fallback } };
    }
  }

  /** What a running server can relay (setLevel, subscribe); undefined while it is not ready. */
  relays(serverId: string): Relays | undefined {
    return this.upstreams.get(serverId)?.relays();
  }

  /** Sends per-session state to a running server's ready replicas (see Upstream.broadcast). */
  async broadcast(
    serverId: string,
    method: string,
    params: Record<string, unknown>,
    needs: keyof Relays,
  ) {
    await this.upstreams.get(serverId)?.broadcast(method, params, needs);
  }

  /** Every live child pid per server (for memory sampling). */
  processes(): { id: string; pid?: number }[] {
    return [...this.upstreams.entries()].flatMap(([id, u]) => u.pids().map((pid) => ({ id, pid })));
  }

  private forwardTo(
    serverId: string,
    method: string,
    params: Record<string, unknown> | undefined,
    options: ForwardOptions,
  ): Promise<Record<string, unknown>> {
    const upstream = this.upstreams.get(serverId);
    if (!upstream) {
      return Promise.reject(
        new GatewayError('server_unavailable', `server "${serverId}" is not running`),
      );
    }
    return upstream.request(method, params, options);
  }

  /** Every configured server's status, in config order. */
  statuses(): ServerStatus[] {
    return this.currentConfig.servers.map((s) => this.status(s.id)!);
  }

  /** One server's status, or undefined when no such server is configured. */
  status(serverId: string): ServerStatus | undefined {
    const config = this.currentConfig.servers.find((s) => s.id === serverId);
    if (!config) return undefined;
    const lists = this.catalog.listsOf(serverId);
    const counts = {
      tools: this.catalog.toolsOf(serverId).length,
      resources: lists.resources.length,
      prompts: lists.prompts.length,
    };
    const upstream = this.upstreams.get(serverId);
    if (upstream) {
      const status = upstream.status(counts);
      const problems = this.catalog.problemsOf(serverId);
      return problems.length > 0 && status.state === 'ready'
        ? { ...status, state: 'degraded', lastError: problems.join('; ') }
        : status;
    }
    return {
      id: config.id,
      name: config.name ?? config.id,
      state: 'disabled',
      transport: config.transport.type,
      ...counts,
      stderrTail: [],
      replicas: [],
      breaker: 'closed',
    };
  }

  private async startServer(config: ServerConfig, options: { wake?: boolean } = {}): Promise<void> {
    // A remembered era is only trusted for the same command line or URL.
    const fingerprint = digestOf(config.transport);
    const id = config.id;
    const upstream = new Upstream(
      config,
      {
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        callTimeoutMs: config.callTimeoutMs ?? this.currentConfig.settings.callTimeoutMs,
        healthIntervalMs: this.currentConfig.settings.healthIntervalMs,
        maxResultBytes: this.currentConfig.settings.maxResultBytes,
        idleStopMs: () => this.currentConfig.settings.idleStopMs,
        logger: this.logger,
        ...(this.launcher ? { launcher: this.launcher } : {}),
        ...(this.upstreamAuth ? { auth: this.upstreamAuth } : {}),
      },
      {
        onStatus: () => this.emitServer(id),
        onLists: (lists) => this.listsArrived(id, lists, fingerprint),
        prior: () => this.catalogCache?.loadPrior?.(id, fingerprint),
        onPrior: (prior) => this.catalogCache?.savePrior?.(id, fingerprint, prior),
        onNotice: (message) => this.logger.warn({ server: id }, `server ${id}: ${message}`),
        onReinitialized: (reason) => {
          this.logger.info({ server: id, reason }, `server ${id}: session renewed`);
          this.onUpstreamReinitialized?.(id);
        },
        onNotification: (method, params) =>
          this.signals.emit({ type: 'notification', serverId: id, method, params }),
        onReady: () => this.signals.emit({ type: 'ready', serverId: id }),
      },
    );
    this.upstreams.set(config.id, upstream);
    const remembered = this.catalogCache?.load(config.id, fingerprint);
    // Nothing remembered (a first start, a new server): the package's shipped lists, if any.
    const shipped = remembered ? undefined : this.shippedLists?.lookup(config);
    if (shipped) this.listedFromShipped.add(id);
    else this.listedFromShipped.delete(id);
    const cached = remembered ?? shipped;
    if (cached) {
      // What the server listed last time is listed at once (through review, like fresh lists):
      // an agent that connects while servers start sees every tool, and a call waits for its
      // server. A server that sleeps when quiet starts on its first call; the others start
      // now, and their fresh lists replace these (agents get list_changed when they differ).
      // Lists shipped with the package are not this configuration's yet: the server starts
      // anyway, so a wrong folder or setting shows as its down reason now, not at first call.
      this.updateLists(config.id, cached);
      if (!options.wake && !shipped && startsAsleep(config, upstream)) return upstream.sleep();
    }
    if (cached) await this.startSlots.run(() => this.boot(config, upstream));
    else await this.boot(config, upstream);
    // A lazy server ran once to learn its lists; it starts again on its first call. Others
    // that ran to learn theirs sleep after their quiet period like any server.
    if (config.lazy && !config.keepWarm && upstream.state === 'ready') await upstream.sleep();
  }

  /** Starts a server (in its slot, if any); resolves when it is up or failed, or at the start-up bound. */
  private async boot(config: ServerConfig, upstream: Upstream): Promise<void> {
    // Meanwhile the server may have been removed, or started by a call.
    if (this.upstreams.get(config.id) !== upstream || upstream.running) return;
    const bound = config.startTimeoutMs ?? this.currentConfig.settings.startTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const laggard = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.logger.warn(
          { server: config.id },
          `server ${config.id} is still starting after ${bound} ms`,
        );
        resolve();
      }, bound);
    });
    const started = upstream.start().catch((error: unknown) => {
      this.logger.warn(
        { server: config.id, err: errorMessage(error) },
        `server ${config.id} failed to start`,
      );
    });
    // A laggard gives its slot up at the bound and goes on starting on its own.
    await Promise.race([started, laggard]);
    clearTimeout(timer);
  }

  private async dropServer(
    serverId: string,
    options: { keepCatalog?: boolean } = {},
  ): Promise<void> {
    const upstream = this.upstreams.get(serverId);
    this.upstreams.delete(serverId);
    if (!options.keepCatalog) {
      this.rawLists.delete(serverId);
      this.catalog.removeServer(serverId);
      this.emit({ type: 'catalogChanged', version: this.catalog.version });
    }
    await upstream?.stop();
    this.emitServer(serverId);
  }

  /** Accepts or rejects a tool waiting for review; an accepted one joins the catalog at once. */
  decideChange(id: string, decision: 'accept' | 'reject'): boolean {
    const decided = this.review?.decide(id, decision);
    if (!decided) return false;
    this.updateLists(decided.serverId, decided.lists);
    return true;
  }

  /**
   * Fresh lists from a server. The same lists as shown already (a restart whose tools did not
   * change, listed from memory while it started) change nothing: no second review, no
   * list_changed for agents.
   */
  private listsArrived(serverId: string, lists: ServerLists, fingerprint: string): void {
    const shown = this.rawLists.get(serverId);
    const fromShipped = this.listedFromShipped.delete(serverId);
    if (shown && isDeepStrictEqual(shown, lists)) {
      // The shipped lists were right: remember them as this server's, like any fresh lists.
      if (fromShipped) this.remember(serverId, lists, fingerprint);
      this.emitServer(serverId);
      return;
    }
    // Only new fresh lists are remembered: what is shown came from the memory or was kept when
    // it arrived (a config change or a review decision shows the same lists again).
    this.remember(serverId, lists, fingerprint);
    this.updateLists(serverId, lists);
  }

  private remember(serverId: string, lists: ServerLists, fingerprint: string): void {
    try {
      this.catalogCache?.save(serverId, lists, fingerprint);
    } catch (error) {
      this.logger.warn(
        { server: serverId, err: errorMessage(error) },
        'could not keep the catalog',
      );
    }
  }

  private updateLists(serverId: string, lists: ServerLists): void {
    if (!this.upstreams.has(serverId)) return;
    this.rawLists.set(serverId, lists);
    const config = this.currentConfig.servers.find((s) => s.id === serverId);
    const reviewed = this.review
      ? this.review.filter(serverId, lists, config?.newToolsWait ?? true)
      : lists;
    // A person's title/description overrides apply after review, which judges the server's own.
    const visible = withOverrides(reviewed, config?.toolOverrides ?? {});
    const problems = this.catalog.setServer(serverId, visible);
    for (const problem of problems) this.logger.warn({ server: serverId }, problem);
    this.emit({ type: 'catalogChanged', version: this.catalog.version });
    if (this.review) this.emit({ type: 'changesChanged' });
    this.emitServer(serverId);
  }

  /**
   * Tells listeners a server's status changed. Changes within STATUS_COALESCE_MS become one
   * event: a server that writes a stderr line per request (or fails calls in a row) would
   * otherwise make every call build, mask and broadcast its whole status.
   */
  emitServer(serverId: string): void {
    if (this.statusTimers.has(serverId)) return;
    const timer = setTimeout(() => {
      this.statusTimers.delete(serverId);
      const server = this.status(serverId);
      if (server) this.emit({ type: 'serverChanged', server });
    }, STATUS_COALESCE_MS);
    timer.unref();
    this.statusTimers.set(serverId, timer);
  }

  private emit(event: GatewayEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: errorMessage(error) }, 'a gateway event listener failed');
      }
    }
  }
}

/** Lists with a person's tool title/description overrides applied. */
function withOverrides(lists: ServerLists, overrides: ServerConfig['toolOverrides']): ServerLists {
  if (Object.keys(overrides).length === 0) return lists;
  return {
    ...lists,
    tools: lists.tools.map((t) => (overrides[t.name] ? { ...t, ...overrides[t.name] } : t)),
  };
}

/**
 * Whether a server whose lists are remembered waits asleep for its first call: a lazy one, and
 * by default any that sleeps when quiet (stdio, not kept warm), since idle servers should cost
 * no memory.
 */
function startsAsleep(config: ServerConfig, upstream: Upstream): boolean {
  if (config.keepWarm) return false;
  return config.lazy || upstream.quietPeriodMs > 0;
}

/** Whether a running server can keep running under a new config entry. */
function sameServer(a: ServerConfig, b: ServerConfig): boolean {
  return JSON.stringify(runtimeFields(a)) === JSON.stringify(runtimeFields(b));
}

/** The fields a running server depends on; the rest (name, overrides, review) apply live. */
function runtimeFields(s: ServerConfig): unknown {
  const {
    name: _n,
    toolOverrides: _o,
    newToolsWait: _w,
    defaultAction: _d,
    fallback: _f,
    lazy: _l,
    keepWarm: _k,
    idleStopMs: _i,
    ...rest
  } = s;
  return rest;
}
