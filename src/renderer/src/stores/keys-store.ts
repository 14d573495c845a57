import { createStore } from 'zustand/vanilla';
import type { ControlApi, CreatedKey } from '../../../shared/control';
import type { KeyView } from '../../../shared/model';
import { messageOf, type LoadStatus } from './load-state';

/** Agent keys, and the secret of the key just created (shown once, kept in memory only). */
export interface KeysState {
  keys: KeyView[];
  status: LoadStatus;
  error?: string;
  created?: CreatedKey;
  load(): Promise<void>;
  setKeys(keys: KeyView[]): void;
  create(name: string, role: string): Promise<CreatedKey>;
  revoke(name: string): Promise<void>;
  forgetSecret(): void;
}

export function createKeysStore(api: ControlApi) {
  return createStore<KeysState>()((set, get) => ({
    keys: [],
    status: 'loading',
    async load() {
      try {
        get().setKeys(await api.listKeys());
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    setKeys: (keys) => set({ keys, status: 'ready', error: undefined }),
    async create(name, role) {
      const created = await api.createKey({ name, role });
      set({ created, keys: [...get().keys.filter((k) => k.name !== name), created.key] });
      return created;
    },
    async revoke(name) {
      await api.revokeKey({ name });
      set({
        keys: get().keys.filter((k) => k.name !== name),
        ...(get().created?.key.name === name ? { created: undefined } : {}),
      });
    },
    forgetSecret: () => set({ created: undefined }),
  }));
}
export type KeysStore = ReturnType<typeof createKeysStore>;
