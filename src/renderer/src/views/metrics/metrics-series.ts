import type { MetricsSample } from '../../../../shared/model';

/** One chart row: a time and any number of named values. */
export type SeriesRow = { t: number } & Record<string, number | undefined>;

/** Every server id seen in the window, sorted, so lines keep their colours. */
export function serverIds(samples: readonly MetricsSample[]): string[] {
  const ids = new Set<string>();
  for (const sample of samples) for (const s of sample.servers) ids.add(s.id);
  return [...ids].sort();
}

/** p50/p95 per server: keys `<id>:p50` and `<id>:p95`. */
export function latencySeries(samples: readonly MetricsSample[]): SeriesRow[] {
  return samples.map((sample) => {
    const row: SeriesRow = { t: sample.t };
    for (const s of sample.servers) {
      row[`${s.id}:p50`] = s.p50Ms;
      row[`${s.id}:p95`] = s.p95Ms;
    }
    return row;
  });
}

/** Calls/s and errors/s summed over servers. */
export function throughputSeries(samples: readonly MetricsSample[]): SeriesRow[] {
  return samples.map((sample) => ({
    t: sample.t,
    calls: sample.servers.reduce((sum, s) => sum + s.callsPerSec, 0),
    errors: sample.servers.reduce((sum, s) => sum + s.errorsPerSec, 0),
  }));
}

/** The cache hit rate over all servers, weighted by calls; undefined in a second without calls. */
export function cacheSeries(samples: readonly MetricsSample[]): SeriesRow[] {
  return samples.map((sample) => {
    let calls = 0;
    let hits = 0;
    for (const s of sample.servers) {
      if (s.cacheHitRate === undefined) continue;
      calls += s.callsPerSec;
      hits += s.callsPerSec * s.cacheHitRate;
    }
    return { t: sample.t, hitRate: calls > 0 ? hits / calls : undefined };
  });
}

/**
 * Resident memory in MB: the gateway plus each server. A second without a reading repeats the
 * server's last one (memory is sampled less often than calls), so the stack does not flicker;
 * 0 until a server first reports.
 */
export function memorySeries(samples: readonly MetricsSample[], ids: string[]): SeriesRow[] {
  const mb = (bytes: number) => bytes / (1024 * 1024);
  const last = new Map<string, number>();
  return samples.map((sample) => {
    const row: SeriesRow = { t: sample.t, gateway: mb(sample.gatewayRssBytes) };
    for (const id of ids) {
      const bytes = sample.servers.find((s) => s.id === id)?.rssBytes;
      if (bytes !== undefined) last.set(id, mb(bytes));
      row[id] = last.get(id) ?? 0;
    }
    return row;
  });
}
