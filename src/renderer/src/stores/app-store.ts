import { createStore } from 'zustand/vanilla';
import type { ControlApi } from '../../../shared/control';
import type { Overview } from '../../../shared/model';
import type { ConnectionState } from '../api/connection';
import { messageOf, type LoadStatus } from './load-state';

/** The gateway at a glance: endpoint, version, pause switch, and the event stream's state. */
export interface AppState {
  status: LoadStatus;
  error?: string;
  endpoint: string;
  version: string;
  dataDir: string;
  paused: boolean;
  connection: ConnectionState;
  applyOverview(overview: Overview): void;
  failed(error: unknown): void;
  setConnection(state: ConnectionState): void;
  setPausedState(paused: boolean): void;
  setPaused(paused: boolean): Promise<void>;
}

export function createAppStore(api: ControlApi) {
  return createStore<AppState>()((set) => ({
    status: 'loading',
    endpoint: '',
    version: '',
    dataDir: '',
    paused: false,
    connection: 'connecting',
    applyOverview: ({ endpoint, version, dataDir, paused }) =>
      set({ status: 'ready', error: undefined, endpoint, version, dataDir, paused }),
    failed: (error) => set({ status: 'error', error: messageOf(error) }),
    setConnection: (connection) => set({ connection }),
    setPausedState: (paused) => set({ paused }),
    async setPaused(paused) {
      await api.setPaused({ paused });
      set({ paused });
    },
  }));
}
export type AppStore = ReturnType<typeof createAppStore>;
