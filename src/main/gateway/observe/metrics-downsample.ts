import type { MetricsSample, ServerSample, WaitSample } from '../../../shared/model.js';

/**
 * Folds consecutive samples (each standing for the same length of time) into one that stands
 * for all of them, dated `t`. Rates and memory are means over the samples given (a server
 * absent from a sample had no calls in it); p50 is the call-weighted mean of the p50s, p95 and
 * in-flight the worst seen, so a short spike survives downsampling. Totals are the last ones.
 */
export function downsample(t: number, samples: readonly MetricsSample[]): MetricsSample {
  const n = Math.max(samples.length, 1);
  const last = samples.at(-1);
  const byServer = new Map<string, ServerSample[]>();
  for (const sample of samples) {
    for (const s of sample.servers) {
      const list = byServer.get(s.id);
      if (list) list.push(s);
      else byServer.set(s.id, [s]);
    }
  }
  const out: MetricsSample = {
    t,
    gatewayRssBytes: samples.reduce((sum, s) => sum + s.gatewayRssBytes, 0) / n,
    servers: [...byServer].map(([id, list]) => foldServer(id, list, n)),
    totals: last ? { ...last.totals } : { calls: 0, errors: 0, cacheHits: 0, startedAt: 0 },
  };
  const waits = foldWaits(samples.map((s) => s.waits).filter((w) => w !== undefined));
  if (waits) out.waits = waits;
  return out;
}

function foldServer(id: string, list: ServerSample[], n: number): ServerSample {
  const calls = list.reduce((sum, s) => sum + s.callsPerSec, 0);
  const rss = list.filter((s) => s.rssBytes !== undefined);
  const out: ServerSample = {
    id,
    callsPerSec: calls / n,
    errorsPerSec: list.reduce((sum, s) => sum + s.errorsPerSec, 0) / n,
    inFlight: Math.max(...list.map((s) => s.inFlight)),
  };
  if (rss.length) out.rssBytes = rss.reduce((sum, s) => sum + s.rssBytes!, 0) / rss.length;
  const p50 = weightedMean(list.map((s) => [s.p50Ms, s.callsPerSec]));
  if (p50 !== undefined) out.p50Ms = p50;
  const p95s = list.map((s) => s.p95Ms).filter((v) => v !== undefined);
  if (p95s.length) out.p95Ms = Math.max(...p95s);
  const hit = weightedMean(list.map((s) => [s.cacheHitRate, s.callsPerSec]));
  if (hit !== undefined) out.cacheHitRate = hit;
  return out;
}

function foldWaits(waits: WaitSample[]): WaitSample | undefined {
  if (waits.length === 0) return undefined;
  const out: WaitSample = { count: waits.reduce((sum, w) => sum + w.count, 0) };
  const p50 = weightedMean(waits.map((w) => [w.p50Ms, w.count]));
  if (p50 !== undefined) out.p50Ms = p50;
  const maxes = waits.map((w) => w.maxMs).filter((v) => v !== undefined);
  if (maxes.length) out.maxMs = Math.max(...maxes);
  return out;
}

/** The mean of the defined values, weighted (equal weights when every weight is 0). */
function weightedMean(pairs: [number | undefined, number][]): number | undefined {
  const defined = pairs.filter((p): p is [number, number] => p[0] !== undefined);
  if (defined.length === 0) return undefined;
  const weight = defined.reduce((sum, [, w]) => sum + w, 0);
  if (weight <= 0) return defined.reduce((sum, [v]) => sum + v, 0) / defined.length;
  return defined.reduce((sum, [v, w]) => sum + v * w, 0) / weight;
}
