import { renameSync } from 'node:fs';
import { z } from 'zod';
import {
  METRICS_RANGES,
  MetricsRangeSchema,
  MetricsSampleSchema,
  type MetricsHistory,
  type MetricsRange,
  type MetricsSample,
} from '../../../shared/model.js';
import { BackgroundFile, readTextIfExists } from '../config/files.js';
import { downsample } from './metrics-downsample.js';

/** How the history store is set up. */
export interface MetricsHistoryOptions {
  /** The file in the data directory; omitted, the history lives in memory only. */
  file?: string;
  now?: () => number;
  /** Where a failed write or a corrupt file (moved aside) is reported. */
  onError?: (message: string) => void;
  /** How long new samples wait before the file is rewritten (one write per burst). */
  writeDelayMs?: number;
}

/** Servers kept per point: a bound on the file's size whatever is configured. */
const MAX_SERVERS = 64;
const RANGES = MetricsRangeSchema.options;

const TierSchema = z.object({
  points: z.array(MetricsSampleSchema),
  /** The bucket being filled: its start and the finer points in it so far. */
  open: z.object({ key: z.number(), items: z.array(MetricsSampleSchema) }).optional(),
});
type Tier = z.infer<typeof TierSchema>;
const FileSchema = z.object({
  version: z.literal(1),
  tiers: z.object({ '5m': TierSchema, '1h': TierSchema, '24h': TierSchema, '7d': TierSchema }),
});

/**
 * The metrics of the last 5 minutes, hour, day and week, downsampled in a cascade (1 s → 10 s
 * → 5 min → 30 min, each tier fed by the points the finer one closes) and kept in one file in
 * the data directory, rewritten in the background. Each tier holds at most its span in
 * points, and each point at most 64 servers, so the file stays small (about 1.5 MB with ten
 * servers) however long the gateway runs. Time the gateway was not running has no points.
 */
export class MetricsHistoryStore {
  private readonly now: () => number;
  private loaded: Record<MetricsRange, Tier> | undefined;
  private readonly writer: BackgroundFile | undefined;

  constructor(private readonly options: MetricsHistoryOptions = {}) {
    this.now = options.now ?? Date.now;
    this.writer = options.file
      ? new BackgroundFile(
          options.file,
          () => JSON.stringify({ version: 1, tiers: this.tiers }),
          (error) => options.onError?.(`could not write the metrics history: ${String(error)}`),
          options.writeDelayMs ?? 30_000,
        )
      : undefined;
  }

  /**
   * The tiers, read from the file at first use (the first sample, a second after start, or a
   * view): validating up to 1.5 MB of history is no work for the start to wait on.
   */
  private get tiers(): Record<MetricsRange, Tier> {
    return (this.loaded ??= this.load());
  }

  /** Takes one one-second sample into every tier. */
  add(sample: MetricsSample): void {
    const kept =
      sample.servers.length > MAX_SERVERS
        ? { ...sample, servers: sample.servers.slice(0, MAX_SERVERS) }
        : sample;
    this.push('5m', kept);
    this.feed(1, kept);
    this.writer?.schedule();
  }

  /** One range's points, oldest first: the closed ones plus the bucket being filled. */
  range(range: MetricsRange): MetricsHistory {
    const { spanMs, stepMs } = METRICS_RANGES[range];
    const since = this.now() - spanMs;
    const tier = this.tiers[range];
    const samples = tier.points.filter((p) => p.t >= since);
    if (tier.open?.items.length) samples.push(downsample(tier.open.key, tier.open.items));
    return { range, stepMs, samples };
  }

  /** Writes pending points now (at shutdown). */
  flush(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  /** Puts a point into tier `index`'s open bucket; a point past the bucket closes it first. */
  private feed(index: number, point: MetricsSample): void {
    const range = RANGES[index];
    if (!range) return;
    const { stepMs } = METRICS_RANGES[range];
    const tier = this.tiers[range];
    const key = Math.floor(point.t / stepMs) * stepMs;
    if (tier.open && tier.open.key !== key) {
      const closed = downsample(tier.open.key, tier.open.items);
      tier.open = undefined;
      this.push(range, closed);
      this.feed(index + 1, closed);
    }
    if (!tier.open) tier.open = { key, items: [] };
    tier.open.items.push(point);
  }

  private push(range: MetricsRange, point: MetricsSample): void {
    const { spanMs, stepMs } = METRICS_RANGES[range];
    const tier = this.tiers[range];
    tier.points.push(point);
    const since = point.t - spanMs;
    const max = Math.ceil(spanMs / stepMs) + 1;
    let drop = 0;
    while (drop < tier.points.length && tier.points[drop]!.t < since) drop++;
    drop = Math.max(drop, tier.points.length - max);
    if (drop > 0) tier.points.splice(0, drop);
  }

  /** The file's tiers; a file that does not parse is moved aside (kept, reported) for a fresh one. */
  private load(): Record<MetricsRange, Tier> {
    const empty = () => ({
      '5m': { points: [] },
      '1h': { points: [] },
      '24h': { points: [] },
      '7d': { points: [] },
    });
    const file = this.options.file;
    if (!file) return empty();
    let text: string | undefined;
    try {
      text = readTextIfExists(file);
    } catch (error) {
      this.options.onError?.(`could not read the metrics history: ${String(error)}`);
      return empty();
    }
    if (text === undefined) return empty();
    let parsed: z.infer<typeof FileSchema> | undefined;
    try {
      parsed = FileSchema.parse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (parsed) return parsed.tiers;
    const aside = `${file}.corrupt-${this.now()}`;
    try {
      renameSync(file, aside);
      this.options.onError?.(`the metrics history did not parse; it was moved to ${aside}`);
    } catch (error) {
      this.options.onError?.(`the metrics history did not parse: ${String(error)}`);
    }
    return empty();
  }
}
