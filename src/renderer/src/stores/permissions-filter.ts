import { globToRegExp } from '../../../shared/glob';
import type { Action, ToolView } from '../../../shared/model';

/** Which decisions a tool row must show to stay in the grid. */
export type StateFilter = 'all' | 'ask-deny' | 'explicit' | 'differs';

/** The grid's search and filters. */
export interface ToolFilter {
  /** Words that must all appear in the name, title, description or annotations. */
  query: string;
  /** One server id, or '' for every server. */
  server: string;
  state: StateFilter;
  /** Role columns the person hid. */
  hiddenRoles: readonly string[];
}

export const NO_FILTER: ToolFilter = { query: '', server: '', state: 'all', hiddenRoles: [] };

/** The annotations as the words the grid shows for them, so a search can find them. */
export function annotationWords(tool: ToolView): string[] {
  const { readOnly, destructive, idempotent, openWorld } = tool.annotations;
  return [
    readOnly && 'read-only',
    destructive && 'destructive',
    idempotent && 'idempotent',
    openWorld && 'open-world',
  ].filter((w): w is string => typeof w === 'string');
}

/** Every word of the query (case-insensitive) appears somewhere in the tool's text. */
export function matchesQuery(tool: ToolView, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [tool.name, tool.title ?? '', tool.description, ...annotationWords(tool)]
    .join('\n')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

/** Whether any of the given roles' decisions for the tool passes the state filter. */
export function matchesState(tool: ToolView, state: StateFilter, roles: readonly string[]) {
  if (state === 'all') return true;
  return roles.some((role) => {
    const d = tool.decisions[role];
    if (!d) return false;
    if (state === 'ask-deny') return d.action !== 'allow';
    if (state === 'explicit') return d.source === 'rule';
    return (
      d.source === 'rule' && tool.defaultAction !== undefined && d.action !== tool.defaultAction
    );
  });
}

/** The tools the grid shows under a filter, judged on the visible roles only. */
export function filterTools(
  tools: readonly ToolView[],
  filter: ToolFilter,
  roles: readonly string[],
): ToolView[] {
  const visible = roles.filter((r) => !filter.hiddenRoles.includes(r));
  return tools.filter(
    (t) =>
      (filter.server === '' || t.serverId === filter.server) &&
      matchesQuery(t, filter.query) &&
      matchesState(t, filter.state, visible),
  );
}

/** How many tools a rule pattern matches, with the gateway's own glob; 0 for a blank one. */
export function countMatches(tools: readonly ToolView[], pattern: string): number {
  const p = pattern.trim();
  if (p === '') return 0;
  const re = globToRegExp(p);
  return tools.filter((t) => re.test(t.name)).length;
}

/** What a bulk change would touch: the tools its pattern matches, and how many change. */
export function bulkImpact(
  tools: readonly ToolView[],
  role: string,
  pattern: string,
  action: Action,
): { matched: number; changed: number } {
  const re = globToRegExp(pattern);
  const hit = tools.filter((t) => re.test(t.name));
  // A bulk rule goes first in the role's rules, so every matching tool ends at `action`.
  const changed = hit.filter((t) => t.decisions[role]?.action !== action).length;
  return { matched: hit.length, changed };
}
