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

/**
 * Where the gateway was not sampling (stopped, or the machine asleep): the middle of every
 * stretch between consecutive samples longer than three steps. A row at such a time with no
 * values breaks each line there, so a gap is drawn as a gap and not as a slope.
 */
export function gapTimes(samples: readonly MetricsSample[], stepMs: number): number[] {
  const threshold = Math.max(3 * stepMs, stepMs + 4000);
  const gaps: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!.t;
    const after = samples[i]!.t;
    if (after - before > threshold) gaps.push((before + after) / 2);
  }
  return gaps;
}

/** Rows (ascending by time) with an empty row at each gap that falls between two of them. */
export function withGaps(rows: SeriesRow[], gaps: readonly number[]): SeriesRow[] {
  if (gaps.length === 0 || rows.length < 2) return rows;
  const out: SeriesRow[] = [];
  let g = 0;
  for (const row of rows) {
    let inserted = false;
    while (g < gaps.length && gaps[g]! < row.t) {
      if (out.length > 0 && !inserted) {
        out.push({ t: gaps[g]! });
        inserted = true;
      }
      g++;
    }
    out.push(row);
  }
  return out;
}

/**
 * Each server's latency as its own rows: only the steps where it answered calls (so quiet
 * steps are bridged), broken at the gateway's gaps. Keys `p50` and `p95`.
 */
export function latencyLines(
  samples: readonly MetricsSample[],
  ids: readonly string[],
  gaps: readonly number[],
): Map<string, SeriesRow[]> {
  const lines = new Map<string, SeriesRow[]>(ids.map((id) => [id, []]));
  for (const sample of samples) {
    for (const s of sample.servers) {
      if (s.p50Ms === undefined) continue;
      lines.get(s.id)?.push({ t: sample.t, p50: s.p50Ms, p95: s.p95Ms });
    }
  }
  for (const [id, rows] of lines) lines.set(id, withGaps(rows, gaps));
  return lines;
}

/** Approval waits in seconds (median and longest), only the steps where any ended. */
export function waitSeries(
  samples: readonly MetricsSample[],
  gaps: readonly number[],
): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const sample of samples) {
    if (!sample.waits?.count) continue;
    rows.push({
      t: sample.t,
      p50: sample.waits.p50Ms === undefined ? undefined : sample.waits.p50Ms / 1000,
      max: sample.waits.maxMs === undefined ? undefined : sample.waits.maxMs / 1000,
      count: sample.waits.count,
    });
  }
  return withGaps(rows, gaps);
}
