import { createStore } from 'zustand/vanilla';
import type { ControlApi, DecideChangeResult } from '../../../shared/control';
import type { ChangeView } from '../../../shared/model';
import { sortChanges } from './changes-logic';
import { messageOf, type LoadStatus } from './load-state';

/** Tools waiting for a person's review: changed after acceptance, new, or flagged. */
export interface ChangesState {
  changes: ChangeView[];
  status: LoadStatus;
  error?: string;
  load(): Promise<void>;
  /** The `changesChanged` event carries the whole list. */
  replaceAll(changes: ChangeView[]): void;
  decide(id: string, decision: 'accept' | 'reject'): Promise<DecideChangeResult>;
}

export function createChangesStore(api: ControlApi) {
  return createStore<ChangesState>()((set, get) => ({
    changes: [],
    status: 'loading',
    async load() {
      try {
        get().replaceAll(await api.listChanges());
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    replaceAll: (changes) =>
      set({ changes: sortChanges(changes), status: 'ready', error: undefined }),
    async decide(id, decision) {
      const result = await api.decideChange({ id, decision });
      // No longer waiting either way: decided now, or already (a newer version has a new id).
      set({ changes: get().changes.filter((c) => c.id !== id) });
      return result;
    },
  }));
}
export type ChangesStore = ReturnType<typeof createChangesStore>;
