import { createStore } from 'zustand/vanilla';
import type { ControlApi } from '../../../shared/control';
import {
  METRICS_RANGES,
  type MetricsRange,
  type MetricsSample,
  type MetricsSnapshot,
} from '../../../shared/model';
import { messageOf, type LoadStatus } from './load-state';
import { createRingBuffer, pushRing, type RingBuffer } from './ring-buffer';

/** Fifteen minutes of one-second samples. */
export const METRICS_CAPACITY = 900;

export type MetricsTotals = MetricsSnapshot['totals'];

/** Live metrics (the last 15 minutes of samples, running totals) and the longer ranges. */
export interface MetricsState {
  ring: RingBuffer<MetricsSample>;
  totals: MetricsTotals;
  status: LoadStatus;
  error?: string;
  /** The range the charts show: 5 min live from the ring, longer ones from the history. */
  range: MetricsRange;
  /** The downsampled points of a range longer than 5 min. */
  history: MetricsSample[];
  historyError?: string;
  /** Servers whose series the person switched off (every chart hides them). */
  hidden: string[];
  load(): Promise<void>;
  push(sample: MetricsSample): void;
  setRange(range: MetricsRange): Promise<void>;
  /** Reads the current range's history again (the view does it once per point). */
  refreshHistory(): Promise<void>;
  toggleSeries(id: string): void;
}

/** The samples the charts draw for the current range, oldest first. */
export function rangeSamples(
  state: Pick<MetricsState, 'range' | 'ring' | 'history'>,
): MetricsSample[] {
  if (state.range !== '5m') return state.history;
  const items = state.ring.items;
  const since = (items.at(-1)?.t ?? 0) - METRICS_RANGES['5m'].spanMs;
  return items.filter((s) => s.t >= since);
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
    range: '5m',
    history: [],
    hidden: [],
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
    async setRange(range) {
      set({ range, history: [], historyError: undefined });
      await get().refreshHistory();
    },
    async refreshHistory() {
      const range = get().range;
      if (range === '5m') return;
      try {
        const { samples } = await api.getMetricsHistory({ range });
        if (get().range === range) set({ history: samples, historyError: undefined });
      } catch (error) {
        if (get().range === range) set({ historyError: messageOf(error) });
      }
    },
    toggleSeries(id) {
      const hidden = get().hidden;
      set({ hidden: hidden.includes(id) ? hidden.filter((h) => h !== id) : [...hidden, id] });
    },
  }));
}
export type MetricsStore = ReturnType<typeof createMetricsStore>;
