import { createStore } from 'zustand/vanilla';
import type { ControlApi } from '../../../shared/control';
import type { Action, DecisionView, Role, Rule, ToolView } from '../../../shared/model';
import { messageOf, type LoadStatus } from './load-state';
import {
  dropFromUndo,
  nextAction,
  pushUndo,
  renameInUndo,
  type UndoEntry,
} from './permissions-logic';

/** Tools × roles: the permissions grid, its rules, and an undo stack of rule changes. */
export interface PermissionsState {
  tools: ToolView[];
  roles: Role[];
  status: LoadStatus;
  error?: string;
  undoStack: UndoEntry[];
  loadTools(): Promise<void>;
  loadRoles(): Promise<void>;
  setRoles(roles: Role[]): void;
  /** Cycles one cell allow → ask → deny with a rule on the exact tool name. */
  cycleCell(tool: ToolView, role: string): Promise<void>;
  /** Sets one pattern's action for a role (bulk: `<server>__*` or `*`). */
  setPattern(role: string, pattern: string, action: Action, label?: string): Promise<void>;
  /** Replaces a role's ordered rules (the rules editor). */
  saveRules(role: string, rules: Rule[]): Promise<void>;
  /** Restores the rules as they were before the latest change. */
  undo(): Promise<void>;
  /** Adds a role, empty or with a copy of another role's rules. */
  createRole(name: string, copyFrom?: string): Promise<Role>;
  /** Renames a role; its keys move with it. */
  renameRole(from: string, to: string): Promise<Role>;
  /** Deletes a role; the gateway refuses (ControlError `conflict`) while keys use it. */
  deleteRole(name: string): Promise<void>;
  /** The gateway's decision for a call with these arguments (a simulation: nothing runs). */
  explain(role: string, tool: string, args: Record<string, unknown>): Promise<DecisionView>;
}

export function createPermissionsStore(api: ControlApi) {
  // Catalog and config events come in bursts; one reload in flight plus one queued is enough.
  let inFlight: Promise<void> | undefined;
  let queued = false;

  return createStore<PermissionsState>()((set, get) => {
    const fetchTools = async () => {
      try {
        set({ tools: await api.listTools(), status: 'ready', error: undefined });
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    };
    const replaceRole = (role: Role) =>
      set({ roles: get().roles.map((r) => (r.name === role.name ? role : r)) });
    const remember = (role: string, label: string) => {
      const before = get().roles.find((r) => r.name === role)?.rules ?? [];
      set({ undoStack: pushUndo(get().undoStack, { role, rules: before, label }) });
    };
    const change = async (role: string, label: string, run: () => Promise<Role>) => {
      remember(role, label);
      try {
        replaceRole(await run());
      } catch (error) {
        set({ undoStack: get().undoStack.slice(0, -1) });
        throw error;
      }
      await get().loadTools();
    };

    return {
      tools: [],
      roles: [],
      status: 'loading',
      undoStack: [],
      loadTools() {
        if (inFlight) {
          queued = true;
          return inFlight;
        }
        inFlight = fetchTools().finally(() => {
          inFlight = undefined;
          if (queued) {
            queued = false;
            void get().loadTools();
          }
        });
        return inFlight;
      },
      async loadRoles() {
        get().setRoles(await api.listRoles());
      },
      setRoles: (roles) => set({ roles }),
      cycleCell(tool, role) {
        const current = tool.decisions[role]?.action ?? 'ask';
        const action = nextAction(current);
        return change(role, `${tool.name} → ${action} for ${role}`, () =>
          api.setRule({ role, pattern: tool.name, action }),
        );
      },
      setPattern(role, pattern, action, label) {
        return change(role, label ?? `${pattern} → ${action} for ${role}`, () =>
          api.setRule({ role, pattern, action }),
        );
      },
      saveRules(role, rules) {
        return change(role, `rules of ${role}`, () => api.setRules({ role, rules }));
      },
      async undo() {
        const entry = get().undoStack.at(-1);
        if (!entry) return;
        replaceRole(await api.setRules({ role: entry.role, rules: entry.rules }));
        set({ undoStack: get().undoStack.slice(0, -1) });
        await get().loadTools();
      },
      async createRole(name, copyFrom) {
        const role = await api.createRole(copyFrom ? { name, copyFrom } : { name });
        // The rolesChanged event may have brought it already.
        set({ roles: [...get().roles.filter((r) => r.name !== role.name), role] });
        await get().loadTools();
        return role;
      },
      async renameRole(from, to) {
        const role = await api.renameRole({ from, to });
        set({
          roles: get().roles.map((r) => (r.name === from ? role : r)),
          undoStack: renameInUndo(get().undoStack, from, to),
        });
        await get().loadTools();
        return role;
      },
      explain: (role, tool, args) => api.explainDecision({ role, tool, args }),
      async deleteRole(name) {
        await api.deleteRole({ name });
        set({
          roles: get().roles.filter((r) => r.name !== name),
          undoStack: dropFromUndo(get().undoStack, name),
        });
        await get().loadTools();
      },
    };
  });
}
export type PermissionsStore = ReturnType<typeof createPermissionsStore>;
