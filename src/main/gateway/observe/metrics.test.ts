import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MetricsSampleSchema, MetricsSnapshotSchema } from '../../../shared/model.js';
import { Metrics } from './metrics.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A pid that certainly belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not spawn a child');
  return child.pid;
}

describe('Metrics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a window of calls into rates and percentiles', async () => {
    const c = clock();
    const metrics = new Metrics({ now: c.now });
    metrics.setProcesses(() => ({ gateway: process.pid, servers: [{ id: 'fs' }, { id: 'web' }] }));
    for (let ms = 1; ms <= 100; ms++)
      metrics.observeCall('fs', ms, ms % 10 === 0 ? 'error' : 'ok', false);
    metrics.observeCall('web', 5, 'ok', true);
    metrics.observeCall('web', 7, 'ok', false);
    metrics.observeCall('web', 9_999, 'denied', false);
    c.advance(2_000);

    const sample = await metrics.sample();

    expect(MetricsSampleSchema.parse(sample)).toEqual(sample);
    expect(sample.t).toBe(c.now());
    expect(sample.gatewayRssBytes).toBeGreaterThan(0);
    const [fs, web] = sample.servers;
    expect(fs).toMatchObject({ id: 'fs', callsPerSec: 50, errorsPerSec: 5, p50Ms: 50, p95Ms: 95 });
    expect(fs?.cacheHitRate).toBe(0);
    expect(fs?.rssBytes).toBeUndefined();
    // The denied call counts as a call but not as latency.
    expect(web).toMatchObject({ id: 'web', callsPerSec: 1.5, p50Ms: 5, p95Ms: 7 });
    expect(web?.cacheHitRate).toBeCloseTo(1 / 3);
  });

  it('resets the window and reports an idle server without percentiles', async () => {
    const c = clock();
    const metrics = new Metrics({ now: c.now });
    metrics.setProcesses(() => ({ gateway: process.pid, servers: [{ id: 'fs' }] }));
    metrics.observeCall('fs', 3, 'ok', false);
    c.advance(1_000);
    await metrics.sample();
    c.advance(1_000);

    const second = await metrics.sample();

    expect(second.servers).toEqual([
      {
        id: 'fs',
        rssBytes: undefined,
        callsPerSec: 0,
        errorsPerSec: 0,
        p50Ms: undefined,
        p95Ms: undefined,
        inFlight: 0,
        cacheHitRate: undefined,
      },
    ]);
  });

  it('tracks in-flight calls per server', async () => {
    const metrics = new Metrics();
    metrics.inFlight('fs', 1);
    metrics.inFlight('fs', 1);
    metrics.inFlight('fs', -1);

    const sample = await metrics.sample();

    expect(sample.servers).toEqual([expect.objectContaining({ id: 'fs', inFlight: 1 })]);
    expect((await metrics.prometheus()).body).toMatch(/switchboard_in_flight\{server="fs"\} 1/);
  });

  it('keeps only the last windowSamples samples, oldest first, plus running totals', async () => {
    const c = clock(5_000);
    const metrics = new Metrics({ now: c.now, windowSamples: 3 });
    metrics.observeCall('fs', 1, 'ok', true);
    metrics.observeCall('fs', 1, 'error', false);
    for (let i = 0; i < 5; i++) {
      c.advance(1_000);
      await metrics.sample();
    }

    const snapshot = metrics.snapshot();

    expect(MetricsSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.samples.map((s) => s.t)).toEqual([8_000, 9_000, 10_000]);
    expect(snapshot.totals).toEqual({ calls: 2, errors: 1, cacheHits: 1, startedAt: 5_000 });
  });

  it('reads the memory of live child pids and leaves a vanished pid undefined', async () => {
    const metrics = new Metrics();
    const dead = deadPid();
    metrics.setProcesses(() => ({
      gateway: process.pid,
      servers: [{ id: 'live', pid: process.pid }, { id: 'gone', pid: dead }, { id: 'remote' }],
    }));

    const sample = await metrics.sample();

    const byId = new Map(sample.servers.map((s) => [s.id, s]));
    expect(byId.get('live')?.rssBytes).toBeGreaterThan(0);
    expect(byId.get('gone')?.rssBytes).toBeUndefined();
    expect(byId.get('remote')?.rssBytes).toBeUndefined();
    const { body } = await metrics.prometheus();
    expect(body).toMatch(/switchboard_process_rss_bytes\{process="gateway"\} \d+/);
    expect(body).toMatch(/switchboard_process_rss_bytes\{process="live"\} \d+/);
    expect(body).not.toContain('process="gone"');
  });

  it('does not throw when the only child pid has vanished', async () => {
    const metrics = new Metrics();
    metrics.setProcesses(() => ({
      gateway: process.pid,
      servers: [{ id: 'gone', pid: deadPid() }],
    }));

    const sample = await metrics.sample();

    expect(sample.servers[0]?.rssBytes).toBeUndefined();
  });

  it('exposes the Prometheus text with every metric name', async () => {
    const registry = new Registry();
    const metrics = new Metrics({ registry, defaultMetrics: true });
    metrics.observeCall('fs', 12, 'ok', true);
    metrics.inFlight('fs', 1);
    await metrics.sample();

    const { contentType, body } = await metrics.prometheus();

    expect(contentType).toContain('text/plain');
    expect(body).toContain('switchboard_calls_total{server="fs",outcome="ok"} 1');
    expect(body).toContain('switchboard_cache_hits_total{server="fs"} 1');
    expect(body).toContain('switchboard_call_duration_seconds_bucket{le="0.025",server="fs"} 1');
    expect(body).toContain('switchboard_in_flight{server="fs"} 1');
    expect(body).toContain('switchboard_process_rss_bytes{process="gateway"}');
    expect(body).toContain('switchboard_process_resident_memory_bytes');
  });

  it('samples on a timer without overlapping itself, until stopped', async () => {
    vi.useFakeTimers();
    const metrics = new Metrics({ now: () => Date.now() });
    const seen: number[] = [];
    metrics.start(1_000, (s) => seen.push(s.t));

    await vi.advanceTimersByTimeAsync(3_000);
    metrics.stop();
    await vi.advanceTimersByTimeAsync(3_000);

    expect(seen).toHaveLength(3);
    expect(metrics.snapshot().samples).toHaveLength(3);
  });

  it('skips a tick while the previous sample is still running', async () => {
    vi.useFakeTimers();
    let release: () => void = () => {};
    const metrics = new Metrics();
    const sample = vi.spyOn(metrics, 'sample').mockImplementation(
      () =>
        new Promise((resolve) => {
          release = () =>
            resolve({
              t: 0,
              gatewayRssBytes: 0,
              servers: [],
              totals: { calls: 0, errors: 0, cacheHits: 0, startedAt: 0 },
            });
        }),
    );
    metrics.start(1_000);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(sample).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    metrics.stop();

    expect(sample).toHaveBeenCalledTimes(2);
  });
});
