import { createStore } from 'zustand/vanilla';
import type { ControlApi } from '../../../shared/control';
import type { AuditEntry } from '../../../shared/model';
import { matchesAuditFilters, NO_FILTERS, toAuditQuery, type AuditFilters } from './audit-filter';
import { messageOf, type LoadStatus } from './load-state';

/** How many audit rows the table keeps. */
export const ACTIVITY_LIMIT = 500;

/** The audit log, newest first, filtered, and live. */
export interface ActivityState {
  entries: AuditEntry[];
  filters: AuditFilters;
  status: LoadStatus;
  error?: string;
  load(): Promise<void>;
  setFilters(patch: Partial<AuditFilters>): Promise<void>;
  append(entry: AuditEntry): void;
}

export function createActivityStore(api: ControlApi) {
  let generation = 0;
  return createStore<ActivityState>()((set, get) => ({
    entries: [],
    filters: NO_FILTERS,
    status: 'loading',
    async load() {
      // Filters change faster than answers come back: only the latest query may land.
      const mine = ++generation;
      try {
        const entries = await api.queryAudit(toAuditQuery(get().filters, ACTIVITY_LIMIT));
        if (mine === generation) set({ entries, status: 'ready', error: undefined });
      } catch (error) {
        if (mine === generation) set({ status: 'error', error: messageOf(error) });
      }
    },
    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      return get().load();
    },
    append(entry) {
      if (!matchesAuditFilters(entry, get().filters)) return;
      set({ entries: [entry, ...get().entries].slice(0, ACTIVITY_LIMIT) });
    },
  }));
}
export type ActivityStore = ReturnType<typeof createActivityStore>;
