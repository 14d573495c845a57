import { createStore } from 'zustand/vanilla';
import type { ControlApi } from '../../../shared/control';
import type { MetricsSample, MetricsSnapshot } from '../../../shared/model';
import { messageOf, type LoadStatus } from './load-state';
import { createRingBuffer, pushRing, type RingBuffer } from './ring-buffer';

/** Fifteen minutes of one-second samples. */
export const METRICS_CAPACITY = 900;

export type MetricsTotals = MetricsSnapshot['totals'];

/** Live metrics: the last 15 minutes of samples and running totals. */
export interface MetricsState {
  ring: RingBuffer<MetricsSample>;
  totals: MetricsTotals;
  status: LoadStatus;
  error?: string;
  load(): Promise<void>;
  push(sample: MetricsSample): void;
}

/** The totals a sample carries (the gateway's own counters, never sums of per-second rates). */
export function addSampleToTotals(_totals: MetricsTotals, sample: MetricsSample): MetricsTotals {
  return sample.totals;
}

/** The newest sample, for "memory now" and "calls/s now" columns. */
export function latestSample(state: MetricsState): MetricsSample | undefined {
  return state.ring.items.at(-1);
}

export function createMetricsStore(api: ControlApi) {
  return createStore<MetricsState>()((set, get) => ({
    ring: createRingBuffer<MetricsSample>(METRICS_CAPACITY),
    totals: { calls: 0, errors: 0, cacheHits: 0, startedAt: 0 },
    status: 'loading',
    async load() {
      try {
        const { samples, totals } = await api.getMetrics();
        set({
          ring: createRingBuffer(METRICS_CAPACITY, samples),
          totals,
          status: 'ready',
          error: undefined,
        });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    push(sample) {
      const { ring, totals } = get();
      set({ ring: pushRing(ring, sample), totals: addSampleToTotals(totals, sample) });
    },
  }));
}
export type MetricsStore = ReturnType<typeof createMetricsStore>;
