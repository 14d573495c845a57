import { createStore } from 'zustand/vanilla';
import type {
  AddPresetInput,
  ApplyImportInput,
  ApplyImportResult,
  ControlApi,
  ImportResult,
} from '../../../shared/control';
import type { ImportPreview, PresetView, ServerConfig, ServerView } from '../../../shared/model';
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
  setKeepWarm(id: string, keepWarm: boolean): Promise<void>;
  restart(id: string): Promise<void>;
  /** Starts an OAuth sign-in; returns the page to open (the state arrives as serverChanged). */
  startSignIn(id: string): Promise<string>;
  signOut(id: string): Promise<void>;
  add(server: ServerConfig): Promise<void>;
  update(id: string, server: ServerConfig): Promise<void>;
  remove(id: string): Promise<void>;
  importJson(json: string): Promise<ImportResult>;
  /** The built-in presets, loaded the first time a dialog asks. */
  presets: PresetView[];
  presetsStatus: LoadStatus;
  presetsError?: string;
  loadPresets(): Promise<void>;
  /** Adds a server from a preset; throws the ControlError (a missing setting, say). */
  addPreset(input: AddPresetInput): Promise<ServerView>;
  /** Every known client config on this machine, with ids as an import would give them. */
  detectImports(): Promise<ImportPreview[]>;
  /** One client's config file. */
  previewImport(client: ImportPreview['client'], file: string): Promise<ImportPreview>;
  /** Imports chosen servers of one previewed file (disabled); optionally points the client here. */
  applyImport(input: ApplyImportInput): Promise<ApplyImportResult>;
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
    async setKeepWarm(id, keepWarm) {
      get().upsert(await api.setServerKeepWarm({ id, keepWarm }));
    },
    async restart(id) {
      get().upsert(await api.restartServer({ id }));
    },
    async startSignIn(id) {
      return (await api.startSignIn({ id })).url;
    },
    async signOut(id) {
      await api.signOut({ id });
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
    presets: [],
    presetsStatus: 'loading',
    async loadPresets() {
      try {
        set({ presets: await api.listPresets(), presetsStatus: 'ready', presetsError: undefined });
      } catch (error) {
        set({ presetsStatus: 'error', presetsError: messageOf(error) });
      }
    },
    async addPreset(input) {
      const view = await api.addPreset(input);
      get().upsert(view);
      return view;
    },
    async detectImports() {
      const found = await api.previewImport({});
      // Detection names servers as the file does; reading each file again gives the ids an
      // import will use (a name already taken here gets a suffix), so the choices match.
      return Promise.all(
        found.map(async (p) => {
          if (p.servers.length === 0) return p;
          try {
            return (await api.previewImport({ client: p.client, file: p.file }))[0] ?? p;
          } catch (error) {
            return { ...p, servers: [], warnings: [...p.warnings, messageOf(error)] };
          }
        }),
      );
    },
    async previewImport(client, file) {
      const [preview] = await api.previewImport({ client, file });
      if (!preview) throw new Error(`Nothing to import from ${file}.`);
      return preview;
    },
    async applyImport(input) {
      const result = await api.applyImport(input);
      await get().load();
      return result;
    },
  }));
}
export type ServersStore = ReturnType<typeof createServersStore>;
