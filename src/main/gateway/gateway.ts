import { isDeepStrictEqual } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config, ServerConfig, ServerStatus } from '../../shared/model.js';
import { digestOf } from './pipeline/canonical.js';
import { Catalog, type ServerLists } from './catalog/catalog.js';
import type { CatalogCache } from './catalog/catalog-memory.js';
import type { ShippedLists } from './catalog/shipped-lists.js';
import { GatewayError, errorMessage } from './errors.js';
import type { Logger } from './ports.js';
import type { StdioLauncher } from './upstream/stdio-launch.js';
import type { ToolReview } from './catalog/review.js';
import { BOOT_GRACE_MS, bootWithin, createStartSlots } from './upstream/start-pacing.js';
import { Upstream } from './upstream/upstream.js';
import type { ForwardOptions, Relays, UpstreamAuth } from './upstream/forward-options.js';
import { ServerSignals } from './relay/server-signals.js';
import { GatewayEvents, type GatewayEvent } from './gateway-events.js';
import { sameServer, startsAsleep, withOverrides } from './server-plan.js';
import { serverStatus } from './server-status.js';

/** The `_meta` key of a result answered by a fallback server: which server answered. */
export const ANSWERED_BY = 'io.switchboard/answeredBy';

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
  /** The observers, and status changes folded into one event per server (gateway-events.ts). */
  private readonly events: GatewayEvents;
  private currentConfig: Config;
  /** Servers listed from memory boot a few at a time (start-pacing.ts). */
  private readonly startSlots = createStartSlots();
  /** Settles when servers listed from memory or shipped lists may boot (`start` sets it). */
  private bootsOpen: Promise<unknown> = Promise.resolve();

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
    this.events = new GatewayEvents(logger, (id) => this.status(id));
  }

  get config(): Config {
    return this.currentConfig;
  }

  /**
   * Starts every enabled server in parallel and resolves once each one is ready, failed, or
   * has used up its start-up bound (a laggard keeps starting in the background and joins the
   * catalog when ready). Servers whose tools are listed already boot after a short grace
   * (`BOOT_GRACE_MS`), so that agents connecting now are answered first.
   */
  async start(): Promise<void> {
    this.bootsOpen = delay(BOOT_GRACE_MS);
    await this.applyConfig(this.currentConfig, { force: true });
  }

  /** Stops every server; no child process outlives this. */
  async stop(): Promise<void> {
    const all = [...this.upstreams.values()];
    this.upstreams.clear();
    await Promise.allSettled(all.map((u) => u.stop()));
    this.events.clearPending();
  }

  /** Subscribes to gateway events; returns the unsubscribe. */
  subscribe(listener: (event: GatewayEvent) => void): () => void {
    return this.events.subscribe(listener);
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
    if (options.force || previous !== config) this.events.emit({ type: 'configChanged' });
    await Promise.all(starts);
  }

  /** Reconnects a running server gently: calls in flight end on the old connection. */
  reconnectServer(serverId: string, reason: string): void {
    this.upstreams.get(serverId)?.reconnect(reason);
  }

  /** Restarts one server (after a user's click, or a changed config). */
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
    return config && serverStatus(config, this.catalog, this.upstreams.get(serverId));
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
    if (cached) {
      if (!options.wake) await this.bootsOpen;
      await this.startSlots.run(() => this.boot(config, upstream));
    } else {
      await this.boot(config, upstream);
    }
    // A lazy server ran once to learn its lists; it starts again on its first call. Others
    // that ran to learn theirs sleep after their quiet period like any server.
    if (config.lazy && !config.keepWarm && upstream.state === 'ready') await upstream.sleep();
  }

  /** Starts a server (in its slot, if any); resolves when it is up or failed, or at the start-up bound. */
  private async boot(config: ServerConfig, upstream: Upstream): Promise<void> {
    // Meanwhile the server may have been removed, or started by a call.
    if (this.upstreams.get(config.id) !== upstream || upstream.running) return;
    const bound = config.startTimeoutMs ?? this.currentConfig.settings.startTimeoutMs;
    await bootWithin(upstream, bound, this.logger);
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
      this.events.emit({ type: 'catalogChanged', version: this.catalog.version });
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
    this.events.emit({ type: 'catalogChanged', version: this.catalog.version });
    if (this.review) this.events.emit({ type: 'changesChanged' });
    this.emitServer(serverId);
  }

  /** Tells listeners a server's status changed; changes close together become one event. */
  emitServer(serverId: string): void {
    this.events.emitServer(serverId);
  }
}
