import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsSample } from '../../../shared/model.js';
import { downsample } from './metrics-downsample.js';
import { MetricsHistoryStore } from './metrics-history.js';

let dir: string;
let file: string;
let clock: number;
const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-history-'));
  file = join(dir, 'metrics-history.json');
  clock = T0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A one-second sample at `t` with `servers` servers each doing `calls` calls/s at `p50` ms. */
function sample(
  t: number,
  over: { calls?: number; p50?: number; p95?: number; servers?: number } = {},
): MetricsSample {
  const servers = Array.from({ length: over.servers ?? 1 }, (_, i) => ({
    id: `server-${i}`,
    callsPerSec: over.calls ?? 10,
    errorsPerSec: 0,
    p50Ms: over.p50 ?? 5,
    p95Ms: over.p95 ?? 9,
    inFlight: 0,
    rssBytes: 50e6,
  }));
  return {
    t,
    gatewayRssBytes: 100e6,
    servers,
    totals: { calls: 0, errors: 0, cacheHits: 0, startedAt: T0 },
  };
}

/** Feeds one sample a second for `seconds` seconds, moving the clock along. */
function run(store: MetricsHistoryStore, seconds: number, make = (t: number) => sample(t)) {
  for (let i = 0; i < seconds; i++) {
    clock += 1000;
    store.add(make(clock));
  }
}

function open(over: Partial<ConstructorParameters<typeof MetricsHistoryStore>[0]> = {}) {
  return new MetricsHistoryStore({ file, now: () => clock, writeDelayMs: 0, ...over });
}

describe('downsample', () => {
  it('means rates and memory, weights p50 by calls, keeps the worst p95 and wait', () => {
    const a = sample(T0, { calls: 30, p50: 10, p95: 20 });
    const b = sample(T0 + 1000, { calls: 10, p50: 50, p95: 400 });
    a.waits = { count: 1, p50Ms: 2000, maxMs: 2000 };
    const c = { ...sample(T0 + 2000), servers: [] };
    const point = downsample(T0, [a, b, c]);
    const s = point.servers[0]!;
    expect(s.callsPerSec).toBeCloseTo(40 / 3);
    expect(s.p50Ms).toBeCloseTo((30 * 10 + 10 * 50) / 40);
    expect(s.p95Ms).toBe(400);
    expect(point.waits).toEqual({ count: 1, p50Ms: 2000, maxMs: 2000 });
    expect(point.gatewayRssBytes).toBe(100e6);
  });
});

describe('MetricsHistoryStore', () => {
  it('keeps one point per step in each range, within its span', () => {
    const store = open();
    run(store, 2 * 60 * 60); // two hours
    const five = store.range('5m');
    expect(five.stepMs).toBe(1000);
    expect(five.samples.length).toBeGreaterThanOrEqual(300);
    expect(five.samples.length).toBeLessThanOrEqual(301);
    const hour = store.range('1h');
    expect(hour.samples.length).toBeGreaterThanOrEqual(360);
    expect(hour.samples.length).toBeLessThanOrEqual(362);
    for (const p of hour.samples) expect(p.t % 10_000).toBe(0);
    const day = store.range('24h');
    // 24 five-minute points over two hours: the last one still open (its last 10 s point is).
    expect(day.samples.length).toBe(24);
    expect(day.samples[0]!.servers[0]!.callsPerSec).toBeCloseTo(10);
    expect(store.range('7d').samples.length).toBe(4);
  });

  it('survives a restart through its file, and a stretch without samples stays empty', async () => {
    const first = open();
    run(first, 600);
    await first.flush();
    clock += 30 * 60_000; // the gateway was stopped for half an hour
    const second = open();
    expect(second.range('1h').samples.length).toBe(first.range('1h').samples.length);
    run(second, 60);
    const ts = second.range('1h').samples.map((p) => p.t);
    const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(30 * 60_000);
    expect(gaps.filter((g) => g > 10_000)).toHaveLength(1);
  });

  it('stays bounded: a week of samples from ten servers is a small file', async () => {
    const store = open({ writeDelayMs: 0 });
    // A week in one-minute strides: enough to fill every tier to its span.
    for (let i = 0; i < 7 * 24 * 60 + 120; i++) {
      clock += 60_000;
      store.add(sample(clock, { servers: 10 }));
    }
    run(store, 400, (t) => sample(t, { servers: 10 }));
    await store.flush();
    expect(store.range('7d').samples.length).toBeLessThanOrEqual(337);
    expect(store.range('24h').samples.length).toBeLessThanOrEqual(290);
    expect(statSync(file).size).toBeLessThan(3 * 1024 * 1024);
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
  });

  it('caps the servers kept per point', () => {
    const store = open({ file: undefined });
    run(store, 2, (t) => sample(t, { servers: 100 }));
    expect(store.range('5m').samples[0]!.servers).toHaveLength(64);
  });

  it('moves a corrupt file aside, says so and starts empty', () => {
    writeFileSync(file, '{"version":1,"tiers":');
    const errors: string[] = [];
    const store = open({ onError: (m) => errors.push(m) });
    expect(store.range('1h').samples).toEqual([]);
    expect(errors[0]).toMatch(/moved to .*corrupt/);
    const aside = readdirSync(dir).find((f) => f.includes('corrupt'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"version":1,"tiers":');
  });
});
