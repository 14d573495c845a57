import { describeCondition } from '../../../../shared/condition-text';
import { SqlKindSchema, type RuleCondition } from '../../../../shared/model';

/** One way to answer "always": for every call of the tool, or only for calls like this one. */
export interface AlwaysScope {
  id: string;
  /** What the person picks: "this folder (/home/me/project)". */
  label: string;
  /** None for "every call"; else the conditions the written rule carries. */
  conditions?: RuleCondition[];
  /** The written rule lapses after this many minutes. */
  forMinutes?: number;
}

/** "For the next hour": every call, for a while. */
export const NEXT_HOUR: AlwaysScope = { id: 'hour', label: 'the next hour', forMinutes: 60 };

export const EVERY_CALL: AlwaysScope = { id: 'every', label: 'every call of this tool' };

const ABSOLUTE_PATH = /^(?:\/|~\/|[A-Za-z]:[\\/])/;
const SQL_ARGS = /^(?:sql|query|statement|stmt)$/i;

/** The folder holding a path, or the path itself when it ends with a separator. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut <= 0) return path.slice(0, cut + 1) || path;
  if (/^[A-Za-z]:$/.test(path.slice(0, cut))) return path.slice(0, cut + 1);
  return path.slice(0, cut);
}

function hostScope(arg: string, value: string): AlwaysScope | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!/^(?:https?|wss?|ftp):$/.test(url.protocol) || url.hostname === '') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    id: `host:${arg}`,
    label: `this host (${host})`,
    conditions: [{ kind: 'host', arg, op: 'in', hosts: [host] }],
  };
}

function sqlScope(arg: string, value: string): AlwaysScope | undefined {
  // The first keyword names the kind; the gateway's SQL parser checks the rule covers the
  // whole text (stacked statements included) before it writes it.
  const word = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(value)?.[1];
  const kind = word && SqlKindSchema.safeParse(word.toLowerCase()).data;
  if (!kind || kind === 'write' || kind === 'ddl') return undefined;
  return {
    id: `sql:${arg}`,
    label: `this statement kind (${kind.toUpperCase()})`,
    conditions: [{ kind: 'sql', arg, op: 'is', kinds: [kind] }],
  };
}

/**
 * The narrower "always" answers a call's arguments allow: this folder (for an absolute path),
 * this host (for a URL), this statement kind (for SQL), and every call for the next hour. Each
 * covers the call it answers; the gateway refuses one that does not, so a guess here can never
 * write a wider rule.
 */
export function alwaysScopes(args: Record<string, unknown>): AlwaysScope[] {
  const scopes: AlwaysScope[] = [EVERY_CALL];
  for (const [arg, value] of Object.entries(args)) {
    if (typeof value !== 'string' || value.length > 2000) continue;
    if (SQL_ARGS.test(arg)) {
      const scope = sqlScope(arg, value);
      if (scope) scopes.push(scope);
      continue;
    }
    const host = hostScope(arg, value);
    if (host) {
      scopes.push(host);
    } else if (ABSOLUTE_PATH.test(value)) {
      const folder = folderOf(value);
      scopes.push({
        id: `path:${arg}`,
        label: `this folder (${folder})`,
        conditions: [{ kind: 'path', arg, op: 'inside', folder }],
      });
    }
  }
  scopes.push(NEXT_HOUR);
  return scopes;
}

/** The rule an "always" answer given at `now` writes, in the words of `explain`. */
export function ruleText(
  tool: string,
  scope: AlwaysScope,
  action: 'allow' | 'deny',
  now: number,
): string {
  const when = scope.conditions
    ? ` if ${scope.conditions.map(describeCondition).join(' and ')}`
    : '';
  const until = scope.forMinutes
    ? ` until ${new Date(now + scope.forMinutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z')}`
    : '';
  return `${tool}${when}${until} → ${action}`;
}
