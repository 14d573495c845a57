import { describe, expect, it } from 'vitest';
import type { MetricsSample } from '../../../../shared/model';
import {
  cacheSeries,
  gapTimes,
  latencyLines,
  withGaps,
  latencySeries,
  memorySeries,
  serverIds,
  throughputSeries,
} from './metrics-series';

const sample = (t: number, servers: MetricsSample['servers']): MetricsSample => ({
  t,
  gatewayRssBytes: 64 * 1024 * 1024,
  servers,
  totals: { calls: 0, errors: 0, cacheHits: 0, startedAt: 0 },
});

describe('metrics series', () => {
  const samples = [
    sample(1, [
      {
        id: 'b',
        callsPerSec: 2,
        errorsPerSec: 1,
        inFlight: 0,
        p50Ms: 3,
        p95Ms: 9,
        cacheHitRate: 0.5,
        rssBytes: 1024 * 1024,
      },
    ]),
    sample(2, [
      { id: 'a', callsPerSec: 3, errorsPerSec: 0, inFlight: 0, cacheHitRate: 0 },
      { id: 'b', callsPerSec: 1, errorsPerSec: 0, inFlight: 1, cacheHitRate: 1 },
    ]),
    sample(3, []),
  ];

  it('lists servers and sums throughput', () => {
    expect(serverIds(samples)).toEqual(['a', 'b']);
    expect(throughputSeries(samples).map((r) => r.calls)).toEqual([2, 4, 0]);
    expect(throughputSeries(samples)[0]!.errors).toBe(1);
  });

  it('weights the cache hit rate by calls and leaves idle seconds empty', () => {
    expect(cacheSeries(samples).map((r) => r.hitRate)).toEqual([0.5, 0.25, undefined]);
  });

  it('keys latency per server and reports memory in MB', () => {
    expect(latencySeries(samples)[0]).toEqual({ t: 1, 'b:p50': 3, 'b:p95': 9 });
    const memory = memorySeries(samples, ['a', 'b']);
    expect(memory[0]).toEqual({ t: 1, gateway: 64, a: 0, b: 1 });
    // b reports no memory in the later seconds: its last reading carries forward.
    expect(memory[2]).toEqual({ t: 3, gateway: 64, a: 0, b: 1 });
  });
});

describe('gaps', () => {
  const at = (t: number) => ({
    t,
    gatewayRssBytes: 1,
    servers: [{ id: 'a', callsPerSec: 1, errorsPerSec: 0, inFlight: 0, p50Ms: t / 1000 }],
    totals: { calls: 0, errors: 0, cacheHits: 0, startedAt: 0 },
  });

  it('finds the stretches without samples and breaks rows there, not at quiet steps', () => {
    const samples = [at(10_000), at(20_000), at(30_000), at(400_000), at(410_000)];
    const gaps = gapTimes(samples, 10_000);
    expect(gaps).toEqual([215_000]);
    const rows = withGaps(
      samples.map((s) => ({ t: s.t, v: 1 })),
      gaps,
    );
    expect(rows.map((r) => r.t)).toEqual([10_000, 20_000, 30_000, 215_000, 400_000, 410_000]);
    expect(rows[3]!.v).toBeUndefined();
    // A server without calls in a step is bridged; only the gateway's gap breaks its line.
    const quiet = [at(10_000), { ...at(20_000), servers: [] }, at(30_000), at(400_000)];
    const lines = latencyLines(quiet, ['a'], gapTimes(quiet, 10_000));
    expect(lines.get('a')!.map((r) => r.p50)).toEqual([10, 30, undefined, 400]);
  });
});
