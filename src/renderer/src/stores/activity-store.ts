import { createStore } from 'zustand/vanilla';
import { matchesAuditFilter, type AuditFilter } from '../../../shared/audit-query';
import type { ControlApi } from '../../../shared/control';
import type { AuditEntry } from '../../../shared/model';
import { exportByPages, type ExportFormat } from '../api/audit-export';
import { NO_FILTERS, toAuditFilter, type AuditFilters } from './audit-filter';
import { messageOf, type LoadStatus } from './load-state';

/** Lines per page read from the log on disk. */
export const PAGE_SIZE = 200;
/** Rows the table holds at most; past it the oldest go (and are read again on scroll). */
export const MAX_ROWS = 100_000;
/** Lines held while paused; past it, resuming reads the log again instead. */
const MAX_HELD = 5_000;
/** How often live lines join the table: one update per batch, never one per call. */
export const FLUSH_MS = 250;

/** A table row: the line and a key that stays the row's own while rows arrive above it. */
export interface ActivityRow {
  key: number;
  entry: AuditEntry;
}

/** The audit log as the Activity view browses it: pages read from disk, plus live lines. */
export interface ActivityState {
  rows: ActivityRow[];
  filters: AuditFilters;
  /** The filter the rows were read with (a relative time range fixed at that moment). */
  applied: AuditFilter;
  /** Where the next, older page starts; absent once the whole log (or range) is read. */
  cursor?: string;
  /** The arrival time of the oldest line read so far. */
  scannedTo?: number;
  status: LoadStatus;
  loadingMore: boolean;
  error?: string;
  /** Live: new lines join the top. Paused: they are held (and counted) until resumed. */
  mode: 'live' | 'paused';
  held: number;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  setFilters(patch: Partial<AuditFilters>): Promise<void>;
  setMode(mode: 'live' | 'paused'): void;
  /** Takes one live line; lines are batched and join the table every FLUSH_MS. */
  append(entry: AuditEntry): void;
  /** The filtered set as a file, read page by page (where no HTTP download is possible). */
  exportFile(format: ExportFormat): Promise<Blob>;
}

export function createActivityStore(api: ControlApi, now: () => number = Date.now) {
  let generation = 0;
  let nextKey = 0;
  let incoming: AuditEntry[] = [];
  let heldRows: ActivityRow[] = [];
  let heldOverflow = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const toRows = (entries: AuditEntry[]) => entries.map((entry) => ({ key: nextKey++, entry }));

  const store = createStore<ActivityState>()((set, get) => ({
    rows: [],
    filters: NO_FILTERS,
    applied: {},
    status: 'loading',
    loadingMore: false,
    mode: 'live',
    held: 0,
    async load() {
      // Filters change faster than answers come back: only the latest query may land.
      const mine = ++generation;
      const applied = toAuditFilter(get().filters, now());
      heldRows = [];
      heldOverflow = false;
      set({ status: 'loading', applied, held: 0 });
      try {
        const page = await api.queryAuditPage({ ...applied, limit: PAGE_SIZE });
        if (mine !== generation) return;
        set({
          rows: toRows(page.entries),
          cursor: page.cursor,
          scannedTo: page.scannedTo,
          status: 'ready',
          error: undefined,
        });
      } catch (error) {
        if (mine === generation) set({ status: 'error', error: messageOf(error) });
      }
    },
    async loadMore() {
      const { cursor, loadingMore, applied } = get();
      if (!cursor || loadingMore) return;
      const mine = generation;
      set({ loadingMore: true });
      try {
        const page = await api.queryAuditPage({ ...applied, cursor, limit: PAGE_SIZE });
        if (mine !== generation) return;
        const rows = [...get().rows, ...toRows(page.entries)];
        set({
          rows: rows.length > MAX_ROWS ? rows.slice(rows.length - MAX_ROWS) : rows,
          cursor: page.cursor,
          scannedTo: page.scannedTo ?? get().scannedTo,
        });
      } catch (error) {
        if (mine === generation) set({ error: messageOf(error) });
      } finally {
        if (mine === generation) set({ loadingMore: false });
      }
    },
    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      return get().load();
    },
    setMode(mode) {
      if (mode === get().mode) return;
      set({ mode });
      if (mode === 'paused') return;
      if (heldOverflow) return void get().load();
      const rows = [...heldRows.reverse(), ...get().rows].slice(0, MAX_ROWS);
      heldRows = [];
      set({ rows, held: 0 });
    },
    append(entry) {
      incoming.push(entry);
      timer ??= setTimeout(flush, FLUSH_MS);
    },
    exportFile(format) {
      return exportByPages(api, get().applied, format);
    },
  }));

  /** One store update for every line that arrived since the last one. */
  function flush() {
    timer = undefined;
    const batch = incoming;
    incoming = [];
    const state = store.getState();
    if (state.status !== 'ready') return;
    const { applied } = state;
    const fresh = batch.filter((entry) => matchesAuditFilter(entry, applied));
    if (fresh.length === 0) return;
    const rows = toRows(fresh);
    if (state.mode === 'paused') {
      heldRows.push(...rows);
      if (heldRows.length > MAX_HELD) {
        heldRows = heldRows.slice(-MAX_HELD);
        heldOverflow = true;
      }
      store.setState({ held: state.held + fresh.length });
      return;
    }
    rows.reverse();
    const next = rows.concat(state.rows);
    store.setState({ rows: next.length > MAX_ROWS ? next.slice(0, MAX_ROWS) : next });
  }

  return store;
}
export type ActivityStore = ReturnType<typeof createActivityStore>;
