import { createRequire } from 'node:module';
import type pidusageType from 'pidusage';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type {
  MetricsSample,
  MetricsSnapshot,
  Outcome,
  ServerSample,
} from '../../../shared/model.js';
import type { Logger } from '../ports.js';

/** The processes whose memory a sample reads: the gateway and each server's child (if any). */
export interface ProcessIds {
  gateway: number;
  servers: { id: string; pid?: number }[];
}

/** How a Metrics core is built. */
export interface MetricsOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Where the Prometheus metrics live; one Metrics per registry (names would clash). */
  registry?: Registry;
  /** How many samples the ring buffer keeps (900 = 15 minutes at one per second). */
  windowSamples?: number;
  /** Also collect prom-client's default process metrics, prefixed `switchboard_`. */
  defaultMetrics?: boolean;
  /** Where a failed background sample is reported. */
  logger?: Pick<Logger, 'warn'>;
}

/** Durations kept per server per window for p50/p95; beyond this, a uniform reservoir sample. */
const DURATIONS_CAP = 2048;
/** 0.5 ms … 60 s: cache hits land in the first buckets, slow tools in the last. */
const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
const OUTCOMES: readonly Outcome[] = ['ok', 'error', 'denied', 'cancelled'];

/** The Prometheus instruments; label values are server ids only. */
type Instruments = ReturnType<typeof createInstruments>;
/** One server's prom-client children and its current window. */
type ServerStats = ReturnType<typeof createServerStats>;

function createInstruments(registry: Registry) {
  const common = <L extends string>(name: string, help: string, labelNames: readonly L[]) => ({
    name,
    help,
    labelNames,
    registers: [registry],
  });
  const byServer = ['server'] as const;
  const byOutcome = ['server', 'outcome'] as const;
  return {
    calls: new Counter(common('switchboard_calls_total', 'Calls by outcome.', byOutcome)),
    cacheHits: new Counter(common('switchboard_cache_hits_total', 'Cache hits.', byServer)),
    duration: new Histogram({
      ...common('switchboard_call_duration_seconds', 'Call duration, denied excluded.', byServer),
      buckets: DURATION_BUCKETS,
    }),
    inFlight: new Gauge(common('switchboard_in_flight', 'Calls in flight.', byServer)),
    reinitializations: new Counter(
      common(
        'switchboard_upstream_reinitializations_total',
        'Upstream sessions renewed after the server lost them (it restarted).',
        byServer,
      ),
    ),
    rss: new Gauge(common('switchboard_process_rss_bytes', 'Resident memory.', ['process'])),
    coldStart: new Histogram({
      ...common(
        'switchboard_cold_start_seconds',
        'How long calls waited for their server to start (it was asleep or starting).',
        byServer,
      ),
      buckets: COLD_START_BUCKETS,
    }),
    serverState: new Gauge(
      common('switchboard_server_state', 'Each server: 1 for its current state.', [
        'server',
        'state',
      ]),
    ),
  };
}

/** 10 ms … 60 s: a small Node server starts in a few hundred ms, a package fetch in seconds. */
const COLD_START_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Children are bound once per server, so the hot path allocates nothing. */
function createServerStats(m: Instruments, server: string) {
  const calls = {} as Record<Outcome, { inc(): void }>;
  for (const outcome of OUTCOMES) calls[outcome] = m.calls.labels({ server, outcome });
  return {
    calls,
    cacheHitsCounter: m.cacheHits.labels({ server }),
    duration: m.duration.labels({ server }),
    inFlightGauge: m.inFlight.labels({ server }),
    inFlight: 0,
    // The current window:
    count: 0,
    errors: 0,
    cacheHits: 0,
    durations: new Float64Array(DURATIONS_CAP),
    durationsSeen: 0,
  };
}

/**
 * The metrics core: counts calls as they finish, and once a second turns the window into a
 * `MetricsSample` (rates, p50/p95, memory) kept in a ring buffer and mirrored to Prometheus.
 * Label values are server ids only, never arguments or secrets.
 */
export class Metrics {
  private readonly now: () => number;
  private readonly registry: Registry;
  private readonly logger: Pick<Logger, 'warn'> | undefined;
  private readonly m: Instruments;
  private readonly servers = new Map<string, ServerStats>();
  private readonly windowSamples: number;
  /** Oldest first; shifting 900 references once a second costs next to nothing. */
  private readonly samples: MetricsSample[] = [];
  private windowStart: number;
  private readonly totals: MetricsSnapshot['totals'];
  private getPids: () => ProcessIds = () => ({ gateway: process.pid, servers: [] });
  private rssProcesses = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private sampling = false;
  /** Approval waits that ended in the current window (a person's time, never in latency). */
  private waits: number[] = [];

  constructor(options: MetricsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.registry = options.registry ?? new Registry();
    this.logger = options.logger;
    this.windowSamples = Math.max(1, options.windowSamples ?? 900);
    this.windowStart = this.now();
    this.totals = { calls: 0, errors: 0, cacheHits: 0, startedAt: this.windowStart };
    this.m = createInstruments(this.registry);
    if (options.defaultMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
    }
  }

  /**
   * Records one finished call; O(1) and allocation-free after a server's first call.
   * Denied calls count as calls but stay out of the latency figures (they never reach a server).
   */
  observeCall(serverId: string, durationMs: number, outcome: Outcome, cacheHit: boolean): void {
    const s = this.stats(serverId);
    s.calls[outcome].inc();
    s.count++;
    this.totals.calls++;
    if (outcome === 'error') {
      s.errors++;
      this.totals.errors++;
    }
    if (cacheHit) {
      s.cacheHitsCounter.inc();
      s.cacheHits++;
      this.totals.cacheHits++;
    }
    if (outcome === 'denied') return;
    s.duration.observe(durationMs / 1000);
    const seen = s.durationsSeen++;
    // Algorithm R: past the cap, each duration replaces a slot with probability cap/seen.
    const slot = seen < DURATIONS_CAP ? seen : Math.floor(Math.random() * (seen + 1));
    if (slot < DURATIONS_CAP) s.durations[slot] = durationMs;
  }

  /** Records one approval wait; kept apart from the servers' latency. */
  observeWait(waitMs: number): void {
    // Bounded like durations: a flood of denials must not grow the window without end.
    if (this.waits.length < DURATIONS_CAP) this.waits.push(waitMs);
  }

  /** Records how long a call waited for its server to start. */
  observeColdStart(serverId: string, ms: number): void {
    this.m.coldStart.labels({ server: serverId }).observe(ms / 1000);
  }

  /** Where `switchboard_server_state` reads each server's state, at each scrape. */
  setServerStates(states: () => { id: string; state: string }[]): void {
    const gauge = this.m.serverState;
    // Read when scraped: a state is a fact of the moment, not a running count.
    (gauge as unknown as { collect: () => void }).collect = () => {
      gauge.reset();
      for (const { id, state } of states()) gauge.labels({ server: id, state }).set(1);
    };
  }

  /** Counts one renewal of a server's lost session. */
  observeReinitialization(serverId: string): void {
    this.m.reinitializations.labels({ server: serverId }).inc();
  }

  /** Moves a server's in-flight count by one (call it in a `finally` so it always returns). */
  inFlight(serverId: string, delta: 1 | -1): void {
    const s = this.stats(serverId);
    s.inFlight += delta;
    if (delta > 0) s.inFlightGauge.inc();
    else s.inFlightGauge.dec();
  }

  /** Tells the sampler which processes to measure; called on every sample, so keep it cheap. */
  setProcesses(getPids: () => ProcessIds): void {
    this.getPids = getPids;
  }

  /**
   * Closes the current window into a sample: rates over the time since the last sample, p50/p95
   * of this window, memory of every process (a vanished pid gives `rssBytes: undefined`).
   * The sample joins the ring buffer and the Prometheus gauges.
   */
  async sample(): Promise<MetricsSample> {
    const pids = this.getPids();
    const rss = await readRss(pids);
    // The window closes after the await so calls that finished meanwhile are not lost.
    const t = this.now();
    const seconds = Math.max(t - this.windowStart, 1) / 1000;
    this.windowStart = t;
    const gatewayRssBytes = rss.get(pids.gateway) ?? process.memoryUsage().rss;
    const pidOf = new Map(pids.servers.map((s) => [s.id, s.pid]));
    const servers = this.serverIds(pids).map((id) =>
      this.closeWindow(id, seconds, rss.get(pidOf.get(id) ?? -1)),
    );
    const sample: MetricsSample = { t, gatewayRssBytes, servers, totals: { ...this.totals } };
    const waits = this.closeWaits();
    if (waits) sample.waits = waits;
    this.updateRssGauges(sample);
    this.prune(pids);
    this.samples.push(sample);
    if (this.samples.length > this.windowSamples) this.samples.shift();
    return sample;
  }

  /** Samples every `intervalMs` on an unref'd timer; a slow sample is skipped, never overlapped. */
  start(intervalMs = 1000, onSample?: (sample: MetricsSample) => void): void {
    this.stop();
    this.timer = setInterval(() => void this.tick(onSample), intervalMs);
    this.timer.unref();
  }

  /** Stops the sampling timer (a sample already running still completes). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The ring buffer, oldest sample first, plus running totals since start; JSON-safe. */
  snapshot(): MetricsSnapshot {
    return { samples: [...this.samples], totals: { ...this.totals } };
  }

  /** The Prometheus text exposition of the registry, for `GET /metrics`. */
  async prometheus(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async tick(onSample?: (sample: MetricsSample) => void): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const sample = await this.sample();
      onSample?.(sample);
    } catch (error) {
      this.logger?.warn({ err: error }, 'metrics sample failed');
    } finally {
      this.sampling = false;
    }
  }

  private stats(serverId: string): ServerStats {
    let s = this.servers.get(serverId);
    if (!s) this.servers.set(serverId, (s = createServerStats(this.m, serverId)));
    return s;
  }

  /** The configured servers in their order, then any other server seen in this window. */
  private serverIds(pids: ProcessIds): string[] {
    const ids = pids.servers.map((s) => s.id);
    const listed = new Set(ids);
    for (const [id, s] of this.servers) {
      if (!listed.has(id) && (s.count > 0 || s.inFlight > 0)) ids.push(id);
    }
    return ids;
  }

  private closeWindow(id: string, seconds: number, rssBytes: number | undefined): ServerSample {
    const s = this.servers.get(id);
    if (!s) return { id, rssBytes, callsPerSec: 0, errorsPerSec: 0, inFlight: 0 };
    const kept = Math.min(s.durationsSeen, DURATIONS_CAP);
    const sorted = s.durations.subarray(0, kept).sort();
    const sample: ServerSample = {
      id,
      rssBytes,
      callsPerSec: s.count / seconds,
      errorsPerSec: s.errors / seconds,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      inFlight: s.inFlight,
      cacheHitRate: s.count > 0 ? s.cacheHits / s.count : undefined,
    };
    s.count = s.errors = s.cacheHits = s.durationsSeen = 0;
    return sample;
  }

  private closeWaits(): MetricsSample['waits'] {
    if (this.waits.length === 0) return undefined;
    const sorted = Float64Array.from(this.waits).sort();
    this.waits = [];
    return { count: sorted.length, p50Ms: percentile(sorted, 0.5), maxMs: sorted.at(-1) };
  }

  private updateRssGauges(sample: MetricsSample): void {
    const seen = new Set<string>(['gateway']);
    this.m.rss.set({ process: 'gateway' }, sample.gatewayRssBytes);
    for (const s of sample.servers) {
      if (s.rssBytes === undefined) continue;
      this.m.rss.set({ process: s.id }, s.rssBytes);
      seen.add(s.id);
    }
    // A process that stopped or vanished leaves the exposition instead of showing a stale value.
    for (const old of this.rssProcesses) if (!seen.has(old)) this.m.rss.remove({ process: old });
    this.rssProcesses = seen;
  }

  /** Forgets idle servers that are no longer configured, so removed servers do not pile up. */
  private prune(pids: ProcessIds): void {
    const listed = new Set(pids.servers.map((s) => s.id));
    for (const [id, s] of this.servers) {
      if (!listed.has(id) && s.inFlight === 0 && s.count === 0) {
        this.servers.delete(id);
        this.m.inFlight.remove({ server: id });
      }
    }
  }
}

/** Nearest-rank percentile of an ascending array; undefined when it is empty. */
function percentile(sorted: Float64Array, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/**
 * RSS per pid, in one pidusage call for all of them; a pid that vanished is simply absent.
 * The gateway's own pid is read from `process.memoryUsage()`, which costs no syscall batch.
 */
async function readRss(pids: ProcessIds): Promise<Map<number, number>> {
  const rss = new Map<number, number>();
  if (pids.gateway === process.pid) rss.set(process.pid, process.memoryUsage().rss);
  const wanted = new Set<number>();
  for (const s of pids.servers) if (s.pid !== undefined && s.pid > 0) wanted.add(s.pid);
  if (pids.gateway !== process.pid && pids.gateway > 0) wanted.add(pids.gateway);
  if (wanted.size === 0) return rss;
  try {
    const stats = await loadPidusage()([...wanted]);
    for (const pid of wanted) {
      const stat = stats[pid] as pidusageType.Status | undefined;
      if (stat) rss.set(pid, stat.memory);
    }
  } catch {
    // pidusage fails a one-pid batch whose pid is gone (larger batches just omit it): no figure.
  }
  return rss;
}

let pidusage: typeof pidusageType | undefined;

/** pidusage, loaded with the first sample that has a server process to read (not at start). */
function loadPidusage(): typeof pidusageType {
  pidusage ??= createRequire(import.meta.url)('pidusage') as typeof pidusageType;
  return pidusage;
}
