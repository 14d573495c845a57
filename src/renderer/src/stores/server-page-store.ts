import { createStore } from 'zustand/vanilla';
import type {
  ControlApi,
  ServerCatalog,
  ServerLogs,
  TryToolInput,
  TryToolResult,
} from '../../../shared/control';
import { messageOf, type LoadStatus } from './load-state';

/** The server whose page is open: what it offers, and its stderr as the gateway masks it. */
export interface ServerPageState {
  serverId?: string;
  catalog?: ServerCatalog;
  status: LoadStatus;
  error?: string;
  logs?: ServerLogs;
  logsError?: string;
  /** Opens a server's page: forgets the previous server's and loads this one's. */
  open(id: string): Promise<void>;
  /** Loads the open server's catalog again (its tools or their decisions changed). */
  reload(): Promise<void>;
  /** Reads the open server's stderr tail again (the server wrote something). */
  loadLogs(): Promise<void>;
  /** Calls a tool as the person, through the agents' pipeline; resolves once it is answered. */
  tryTool(input: TryToolInput): Promise<TryToolResult>;
}

export function createServerPageStore(api: ControlApi) {
  return createStore<ServerPageState>()((set, get) => {
    // Reads of the log overlap when lines arrive fast: only the latest one's answer is kept.
    let logsRead = 0;
    // An answer for a server whose page has been left since is dropped.
    const forOpen = (id: string, patch: Partial<ServerPageState>) => {
      if (get().serverId === id) set(patch);
    };
    return {
      status: 'loading',
      async open(id) {
        set({
          serverId: id,
          catalog: undefined,
          status: 'loading',
          error: undefined,
          logs: undefined,
        });
        await Promise.all([get().reload(), get().loadLogs()]);
      },
      async reload() {
        const id = get().serverId;
        if (!id) return;
        try {
          forOpen(id, {
            catalog: await api.getServerCatalog({ id }),
            status: 'ready',
            error: undefined,
          });
        } catch (error) {
          forOpen(id, { status: 'error', error: messageOf(error) });
        }
      },
      async loadLogs() {
        const id = get().serverId;
        if (!id) return;
        const read = ++logsRead;
        try {
          const logs = await api.getServerLogs({ id });
          if (read === logsRead) forOpen(id, { logs, logsError: undefined });
        } catch (error) {
          if (read === logsRead) forOpen(id, { logsError: messageOf(error) });
        }
      },
      tryTool: (input) => api.tryTool(input),
    };
  });
}
export type ServerPageStore = ReturnType<typeof createServerPageStore>;
