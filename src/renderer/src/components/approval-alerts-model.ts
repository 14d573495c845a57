import type { ApprovalView } from '../../../shared/model';

/** The tab title: the pending count in front, so a background tab shows that calls wait. */
export function pendingTitle(count: number, base = 'Switchboard'): string {
  return count > 0 ? `(${count}) ${base}` : base;
}

/** The tool's own name, without the `<server>__` prefix the gateway adds. */
export function shortToolName(approval: Pick<ApprovalView, 'tool' | 'serverId'>): string {
  const prefix = `${approval.serverId}__`;
  return approval.tool.startsWith(prefix) ? approval.tool.slice(prefix.length) : approval.tool;
}

/**
 * The approvals that arrived since the last look: listed now, never seen before. `seen` is
 * updated in place and forgets ids no longer pending, so it stays as small as the list.
 */
export function arrivals(approvals: ApprovalView[], seen: Set<string>): ApprovalView[] {
  const fresh = approvals.filter((a) => !seen.has(a.id));
  const pending = new Set(approvals.map((a) => a.id));
  for (const id of seen) if (!pending.has(id)) seen.delete(id);
  for (const a of fresh) seen.add(a.id);
  return fresh;
}
