import { createStore } from 'zustand/vanilla';
import type { ControlApi, DecideApprovalResult } from '../../../shared/control';
import type { ApprovalView, RuleCondition } from '../../../shared/model';
import { messageOf, type LoadStatus } from './load-state';

/** Calls waiting for a person, newest first. */
export interface ApprovalsState {
  approvals: ApprovalView[];
  status: LoadStatus;
  error?: string;
  load(): Promise<void>;
  replaceAll(approvals: ApprovalView[]): void;
  add(approval: ApprovalView): void;
  settle(id: string): void;
  decide(
    id: string,
    decision: 'approve' | 'deny',
    always?: boolean,
    conditions?: RuleCondition[],
    forMinutes?: number,
  ): Promise<DecideApprovalResult>;
}

/** Newest first; an approval already listed is replaced, not duplicated. */
export function sortApprovals(approvals: ApprovalView[]): ApprovalView[] {
  const byId = new Map(approvals.map((a) => [a.id, a]));
  return [...byId.values()].sort((a, b) => b.createdAt - a.createdAt);
}

export function createApprovalsStore(api: ControlApi) {
  return createStore<ApprovalsState>()((set, get) => ({
    approvals: [],
    status: 'loading',
    async load() {
      try {
        get().replaceAll(await api.listApprovals());
      } catch (error) {
        set({ status: 'error', error: messageOf(error) });
      }
    },
    replaceAll: (approvals) =>
      set({ approvals: sortApprovals(approvals), status: 'ready', error: undefined }),
    add: (approval) => set({ approvals: sortApprovals([...get().approvals, approval]) }),
    settle: (id) => set({ approvals: get().approvals.filter((a) => a.id !== id) }),
    async decide(id, decision, always = false, conditions, forMinutes) {
      const result = await api.decideApproval({
        id,
        decision,
        always,
        ...(conditions ? { conditions } : {}),
        ...(forMinutes ? { forMinutes } : {}),
      });
      // Settled either way: by us, or already by another decision or the timeout.
      get().settle(id);
      return result;
    },
  }));
}
export type ApprovalsStore = ReturnType<typeof createApprovalsStore>;
