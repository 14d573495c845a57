import pidusage from 'pidusage';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsSample, MetricsSnapshot, Outcome, ServerSample } from '../../shared/model.js';
import type { Logger } from './ports.js';

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

interface Inc {
  inc(value?: number): void;
}

/** One server's prom-client children (bound once, so the hot path allocates nothing) and window. */
interface ServerStats {
  calls: Record<Outcome, Inc>;
  cacheHitsCounter: Inc;
  duration: { observe(value: number): void };
  inFlightGauge: Inc & { dec(value?: number): void };
  inFlight: number;
  /** The current window: */
  count: number;
  errors: number;
  cacheHits: number;
  durations: Float64Array;
  durationsSeen: number;
}

/** The Prometheus instruments; label values are server ids only. */
interface Instruments {
  calls: Counter<'server' | 'outcome'>;
  cacheHits: Counter<'server'>;
  duration: Histogram<'server'>;
  inFlight: Gauge<'server'>;
  rss: Gauge<'process'>;
}

function createInstruments(registry: Registry): Instruments {
  const registers = [registry];
  return {
    calls: new Counter({
      name: 'switchboard_calls_total',
      help: 'Calls through the gateway, by server and outcome.',
      labelNames: ['server', 'outcome'],
      registers,
    }),
    cacheHits: new Counter({
      name: 'switchboard_cache_hits_total',
      help: 'Calls answered from the response cache, by server.',
      labelNames: ['server'],
      registers,
    }),
    duration: new Histogram({
      name: 'switchboard_call_duration_seconds',
      help: 'Call duration as the agent saw it (denied calls excluded), by server.',
      labelNames: ['server'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    inFlight: new Gauge({
      name: 'switchboard_in_flight',
      help: 'Calls currently forwarded to a server.',
      labelNames: ['server'],
      registers,
    }),
    rss: new Gauge({
      name: 'switchboard_process_rss_bytes',
      help: 'Resident memory of the gateway and of each server child process.',
      labelNames: ['process'],
      registers,
    }),
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
  private readonly ring: (MetricsSample | undefined)[];
  private ringNext = 0;
  private ringCount = 0;
  private windowStart: number;
  private readonly totals: MetricsSnapshot['totals'];
  private getPids: () => ProcessIds = () => ({ gateway: process.pid, servers: [] });
  private rssProcesses = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private sampling = false;

  constructor(options: MetricsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.registry = options.registry ?? new Registry();
    this.logger = options.logger;
    this.ring = new Array<MetricsSample | undefined>(Math.max(1, options.windowSamples ?? 900));
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
    const servers = this.serverIds(pids).map((id) => {
      const pid = pidOf.get(id);
      return this.closeWindow(id, seconds, pid === undefined ? undefined : rss.get(pid));
    });
    const sample: MetricsSample = { t, gatewayRssBytes, servers };
    this.updateRssGauges(sample);
    this.prune(pids);
    this.ring[this.ringNext] = sample;
    this.ringNext = (this.ringNext + 1) % this.ring.length;
    this.ringCount = Math.min(this.ringCount + 1, this.ring.length);
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
    const samples: MetricsSample[] = [];
    const first = (this.ringNext - this.ringCount + this.ring.length) % this.ring.length;
    for (let i = 0; i < this.ringCount; i++) {
      const s = this.ring[(first + i) % this.ring.length];
      if (s) samples.push(s);
    }
    return { samples, totals: { ...this.totals } };
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
    if (!s) {
      const server = serverId;
      const calls = {} as Record<Outcome, Inc>;
      for (const outcome of OUTCOMES) calls[outcome] = this.m.calls.labels({ server, outcome });
      s = {
        calls,
        cacheHitsCounter: this.m.cacheHits.labels({ server }),
        duration: this.m.duration.labels({ server }),
        inFlightGauge: this.m.inFlight.labels({ server }),
        inFlight: 0,
        count: 0,
        errors: 0,
        cacheHits: 0,
        durations: new Float64Array(DURATIONS_CAP),
        durationsSeen: 0,
      };
      this.servers.set(serverId, s);
    }
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
    s.count = 0;
    s.errors = 0;
    s.cacheHits = 0;
    s.durationsSeen = 0;
    return sample;
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
    const stats = await pidusage([...wanted]);
    for (const pid of wanted) {
      const stat = stats[pid] as pidusage.Status | undefined;
      if (stat) rss.set(pid, stat.memory);
    }
  } catch {
    // pidusage fails a one-pid batch whose pid is gone (larger batches just omit it): no figure.
  }
  return rss;
}
