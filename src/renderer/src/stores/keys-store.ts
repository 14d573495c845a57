import { createStore } from 'zustand/vanilla';
import type { ClientWiringView, ControlApi, CreatedKey } from '../../../shared/control';
import type { KeyView, Snippet } from '../../../shared/model';
import { messageOf, type LoadStatus } from './load-state';

/**
 * Agent keys, the secret of the key just created (shown once, kept in memory only), and the
 * gateway's connection snippets, filled with that secret or a placeholder.
 */
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
  snippets: Snippet[];
  snippetsError?: string;
  /** Asks the gateway for snippets with the new key's secret, or its placeholder. */
  loadSnippets(): Promise<void>;
  /** Client configs pointed at Switchboard that drifted (another URL, a key no longer accepted). */
  wiring: ClientWiringView[];
  wiringError?: string;
  loadWiring(): Promise<void>;
  /** Points a client config back at Switchboard (backed up first); returns the backup's path. */
  repairWiring(client: ClientWiringView['client'], file: string): Promise<string>;
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
      void get().loadSnippets();
      return created;
    },
    async revoke(name) {
      await api.revokeKey({ name });
      const wasCreated = get().created?.key.name === name;
      set({
        keys: get().keys.filter((k) => k.name !== name),
        ...(wasCreated ? { created: undefined } : {}),
      });
      if (wasCreated) void get().loadSnippets();
    },
    forgetSecret() {
      set({ created: undefined });
      void get().loadSnippets();
    },
    wiring: [],
    async loadWiring() {
      try {
        set({ wiring: await api.listClientWiring(), wiringError: undefined });
      } catch (error) {
        set({ wiringError: messageOf(error) });
      }
    },
    async repairWiring(client, file) {
      const { backup } = await api.updateClientWiring({ client, file });
      await Promise.all([get().loadWiring(), get().load()]);
      return backup;
    },
    snippets: [],
    async loadSnippets() {
      const secret = get().created?.secret;
      try {
        const snippets = await api.getSnippets(secret === undefined ? {} : { key: secret });
        // A later call (another key, or the secret hidden) owns the result.
        if (get().created?.secret === secret) set({ snippets, snippetsError: undefined });
      } catch (error) {
        if (get().created?.secret === secret) set({ snippetsError: messageOf(error) });
      }
    },
  }));
}
export type KeysStore = ReturnType<typeof createKeysStore>;
