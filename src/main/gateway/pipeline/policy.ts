import type { Action, Role, Rule } from '../../../shared/model.js';
import { globToRegExp } from '../../../shared/glob.js';
import { conditionsHold, describeCondition } from './rule-conditions.js';

export { globToRegExp };

/** The facts about a tool that a decision needs. */
export interface ToolFacts {
  /** The namespaced name (`<server>__<tool>`). */
  name: string;
  serverId: string;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean } | undefined;
}

/** A decision and where it came from, shown to the agent when a call is refused. */
export interface Decision {
  action: Action;
  /** `rule` (with its index and pattern), `server` (the server's default) or `annotations`. */
  source: 'rule' | 'server' | 'annotations' | 'role';
  ruleIndex?: number;
  pattern?: string;
  /** Set when the deciding rule marks the tool's results cacheable. */
  cacheable?: boolean;
  /** One sentence, e.g. `rule 2 of role "coder" ("*__delete_*" → deny)`. */
  reason: string;
  /** Conditional rules passed over on the way, each with the condition that did not hold. */
  skipped?: string[];
  /** Decided without arguments while a conditional rule matched: the most a call could get. */
  conditional?: boolean;
}

/** Whether a rule's glob matches a namespaced name. */
export function ruleMatches(rule: Rule, name: string): boolean {
  return globToRegExp(rule.pattern).test(name);
}

/**
 * The default for a tool no rule matches: the server's own default when set, else from the
 * tool's MCP annotations — read-only → allow; destructive, or no hints at all (a tool of
 * unknown effect is a write) → ask.
 */
export function defaultDecision(tool: ToolFacts, serverDefault: Action | undefined): Decision {
  if (serverDefault) {
    return {
      action: serverDefault,
      source: 'server',
      reason: `the default of server "${tool.serverId}" (${serverDefault})`,
    };
  }
  const hints = tool.annotations ?? {};
  if (hints.readOnlyHint === true && hints.destructiveHint !== true) {
    return { action: 'allow', source: 'annotations', reason: 'the tool says it is read-only' };
  }
  const why = hints.destructiveHint ? 'the tool says it is destructive' : 'the tool may write';
  return { action: 'ask', source: 'annotations', reason: `${why}, so a person approves it` };
}

/**
 * Decides what a role may do with a tool: the first rule whose pattern matches, whose
 * conditions all hold on `args` and whose `until` is after `now` wins, else the default. Without `args` (listing, the grid) a
 * conditional rule cannot be judged: the answer is then the most permissive outcome any
 * arguments could reach, marked `conditional`, so a tool some calls may use stays listed.
 */
export function decide(
  role: Role | undefined,
  tool: ToolFacts,
  serverDefault: Action | undefined,
  args?: Record<string, unknown>,
  now: number = Date.now(),
): Decision {
  if (!role) {
    return { action: 'deny', source: 'role', reason: "the key's role no longer exists" };
  }
  const skipped: string[] = [];
  const possible: Decision[] = [];
  for (let i = 0; i < role.rules.length; i++) {
    const rule = role.rules[i]!;
    if (!ruleMatches(rule, tool.name)) continue;
    if (rule.until !== undefined && Date.parse(rule.until) <= now) {
      skipped.push(`rule ${i + 1} skipped: it lapsed at ${rule.until}`);
      continue;
    }
    const decision = ruleDecision(role.name, rule, i);
    if (rule.conditions && !args) {
      possible.push(decision);
      continue;
    }
    if (rule.conditions && args) {
      const check = conditionsHold(rule.conditions, rule.action, args);
      if (!check.holds) {
        const what = describeCondition(rule.conditions[check.index]!);
        skipped.push(
          `rule ${i + 1} skipped: condition ${check.index + 1} (${what}) does not hold: ${check.why}`,
        );
        continue;
      }
    }
    return mostPermissive([...possible, withSkipped(decision, skipped)]);
  }
  return mostPermissive([...possible, withSkipped(defaultDecision(tool, serverDefault), skipped)]);
}

function ruleDecision(roleName: string, rule: Rule, i: number): Decision {
  const when =
    (rule.conditions ? ` if ${rule.conditions.map(describeCondition).join(' and ')}` : '') +
    (rule.until ? ` until ${rule.until}` : '');
  return {
    action: rule.action,
    source: 'rule',
    ruleIndex: i,
    pattern: rule.pattern,
    ...(rule.cacheable ? { cacheable: true } : {}),
    reason: `rule ${i + 1} of role "${roleName}" (${JSON.stringify(rule.pattern)}${when} → ${rule.action})`,
  };
}

function withSkipped(decision: Decision, skipped: string[]): Decision {
  return skipped.length > 0 ? { ...decision, skipped } : decision;
}

const RANK: Record<Action, number> = { allow: 2, ask: 1, deny: 0 };

/** One outcome, or (for conditional rules judged without arguments) the most permissive. */
function mostPermissive(options: Decision[]): Decision {
  if (options.length === 1) return options[0]!;
  const best = options.reduce((a, b) => (RANK[b.action] > RANK[a.action] ? b : a));
  const all = options.map((o) => `${o.action} by ${o.reason}`).join('; or ');
  return { ...best, conditional: true, reason: `depends on the arguments: ${all}` };
}
