import { createStore } from 'zustand/vanilla';
import type { ControlApi, ImportResult } from '../../../shared/control';
import type { ServerConfig, ServerView } from '../../../shared/model';
import { messageOf, type LoadStatus } from './load-state';

/** The configured servers and their live status. */
export interface ServersState {
  servers: ServerView[];
  status: LoadStatus;
  error?: string;
  load(): Promise<void>;
  replaceAll(servers: ServerView[]): void;
  upsert(server: ServerView): void;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  restart(id: string): Promise<void>;
  add(server: ServerConfig): Promise<void>;
  update(id: string, server: ServerConfig): Promise<void>;
  remove(id: string): Promise<void>;
  importJson(json: string): Promise<ImportResult>;
}

/** Replaces the server with the same id, or appends a new one. */
export function upsertServer(servers: ServerView[], server: ServerView): ServerView[] {
  const index = servers.findIndex((s) => s.status.id === server.status.id);
  if (index === -1) return [...servers, server];
  return servers.map((s, i) => (i === index ? server : s));
}

export function createServersStore(api: ControlApi) {
  return createStore<ServersState>()((set, get) => ({
    servers: [],
    status: 'loading',
    async load() {
      try {
        set({ servers: await api.listServers(), status: 'ready', error: undefined });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    replaceAll: (servers) => set({ servers, status: 'ready', error: undefined }),
    upsert: (server) => set({ servers: upsertServer(get().servers, server) }),
    async setEnabled(id, enabled) {
      get().upsert(await api.setServerEnabled({ id, enabled }));
    },
    async restart(id) {
      get().upsert(await api.restartServer({ id }));
    },
    async add(server) {
      get().upsert(await api.addServer({ server }));
    },
    async update(id, server) {
      const view = await api.updateServer({ id, server });
      set({ servers: get().servers.map((s) => (s.status.id === id ? view : s)) });
    },
    async remove(id) {
      await api.removeServer({ id });
      set({ servers: get().servers.filter((s) => s.status.id !== id) });
    },
    async importJson(json) {
      const result = await api.importServers({ json });
      await get().load();
      return result;
    },
  }));
}
export type ServersStore = ReturnType<typeof createServersStore>;
