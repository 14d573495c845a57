import {
  RoleNameSchema,
  type Action,
  type Role,
  type Rule,
  type ToolView,
} from '../../../shared/model';

/** The order a click walks a cell through. */
export const ACTION_CYCLE: readonly Action[] = ['allow', 'ask', 'deny'];

/** allow → ask → deny → allow. */
export function nextAction(action: Action): Action {
  return ACTION_CYCLE[(ACTION_CYCLE.indexOf(action) + 1) % ACTION_CYCLE.length]!;
}

/** The pattern that covers every tool of one server (`<server>__*`). */
export function serverPattern(serverId: string): string {
  return `${serverId}__*`;
}

/** The pattern that covers every tool, for a whole-role bulk change. */
export const ALL_TOOLS_PATTERN = '*';

/** The action of the role's rule with exactly this pattern (case-insensitive), if any. */
export function ruleActionFor(role: Role | undefined, pattern: string): Action | undefined {
  const wanted = pattern.toLowerCase();
  return role?.rules.find((r) => r.pattern.toLowerCase() === wanted)?.action;
}

/** One entry of the undo stack: a role's rules as they were before a change. */
export interface UndoEntry {
  role: string;
  rules: Rule[];
  label: string;
}

/** How many changes Undo remembers. */
export const UNDO_LIMIT = 50;

/** Pushes an entry, dropping the oldest past the limit. */
export function pushUndo(stack: UndoEntry[], entry: UndoEntry, limit = UNDO_LIMIT): UndoEntry[] {
  const next = [...stack, entry];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** After a rename, undo entries of the old name restore the rules of the renamed role. */
export function renameInUndo(stack: UndoEntry[], from: string, to: string): UndoEntry[] {
  return stack.map((entry) => (entry.role === from ? { ...entry, role: to } : entry));
}

/** After a delete, nothing is left to restore for that role. */
export function dropFromUndo(stack: UndoEntry[], role: string): UndoEntry[] {
  return stack.filter((entry) => entry.role !== role);
}

/**
 * Why a role name cannot be used (the gateway's own rule, or a name taken by another role),
 * or undefined when it can. `current` is the role being renamed: keeping its name is fine.
 */
export function roleNameProblem(name: string, roles: Role[], current?: string): string | undefined {
  if (name === '') return 'Enter a name.';
  const parsed = RoleNameSchema.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Not a valid role name.';
  if (name !== current && roles.some((r) => r.name === name)) {
    return `A role “${name}” exists already.`;
  }
  return undefined;
}

/** Tools of one server, as one collapsible block of the grid. */
export interface ToolGroup {
  serverId: string;
  tools: ToolView[];
}

/** Groups tools by server (servers and tools sorted by name), keeping only those that match. */
export function groupTools(tools: ToolView[], query: string): ToolGroup[] {
  const q = query.trim().toLowerCase();
  const matches = (t: ToolView) =>
    q === '' ||
    t.name.toLowerCase().includes(q) ||
    (t.title ?? '').toLowerCase().includes(q) ||
    t.description.toLowerCase().includes(q);
  const groups = new Map<string, ToolView[]>();
  for (const tool of tools) {
    if (!matches(tool)) continue;
    const list = groups.get(tool.serverId) ?? [];
    list.push(tool);
    groups.set(tool.serverId, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([serverId, list]) => ({
      serverId,
      tools: list.sort((a, b) => a.name.localeCompare(b.name)),
    }));
}

/** Moves one rule up (-1) or down (+1); out-of-range moves return the list unchanged. */
export function moveRule<T = Rule>(rules: T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= rules.length || target < 0 || target >= rules.length) return rules;
  const next = [...rules];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}
