import { describeCondition } from '../../../shared/condition-text.js';
import type { Action, RuleCondition } from '../../../shared/model.js';
import { judgePath } from './condition-path.js';
import { expandKinds, judgeSql } from './condition-sql.js';
import { judgeUrl } from './condition-url.js';

/** What one condition made of a call's arguments. */
export interface ConditionResult {
  /** `holds`, `fails`, or `unknown` when the argument cannot be judged (missing, malformed). */
  verdict: 'holds' | 'fails' | 'unknown';
  /** Why, in a few words: `"/etc/x" is outside`. */
  why: string;
}

export { describeCondition };

/** Longest string a `matches` condition tests; longer values cannot be judged. */
const MAX_MATCH_LENGTH = 10_000;

/** Judges one condition against a call's arguments (never throws). */
export function evaluateCondition(
  c: RuleCondition,
  args: Record<string, unknown>,
): ConditionResult {
  const has = Object.hasOwn(args, c.arg) && args[c.arg] !== undefined;
  if (c.kind === 'present') {
    const holds = has === c.present;
    return {
      verdict: holds ? 'holds' : 'fails',
      why: `"${c.arg}" is ${has ? 'present' : 'absent'}`,
    };
  }
  if (!has) return { verdict: 'unknown', why: `"${c.arg}" is absent` };
  const raw = args[c.arg];
  // A list (the filesystem server's `paths`) is judged item by item: a positive condition
  // holds when every item does; its negation when any item does not.
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return { verdict: 'unknown', why: `"${c.arg}" is an empty list` };
  let allPositive = true;
  let firstMiss = '';
  for (const value of values) {
    const one = positive(c, value);
    if (one.verdict === 'unknown') return one;
    if (one.verdict === 'fails' && allPositive) {
      allPositive = false;
      firstMiss = one.why;
    }
  }
  const negated =
    (c.kind === 'path' && c.op === 'outside') || (c.kind === 'host' && c.op === 'not-in');
  const holds = negated ? !allPositive : allPositive;
  const why = allPositive ? positive(c, values[0]).why : firstMiss;
  return { verdict: holds ? 'holds' : 'fails', why };
}

/** The positive form (inside, in, is, matches, between) for one value. */
function positive(c: RuleCondition, value: unknown): ConditionResult {
  const shown = JSON.stringify(value)?.slice(0, 120) ?? String(value);
  const verdict = (ok: boolean, yes: string, no: string): ConditionResult => ({
    verdict: ok ? 'holds' : 'fails',
    why: `${shown} ${ok ? yes : no}`,
  });
  const unknown = (problem: string): ConditionResult => ({
    verdict: 'unknown',
    why: `${shown} cannot be judged: ${problem}`,
  });
  switch (c.kind) {
    case 'path': {
      if (typeof value !== 'string') return unknown('not a string');
      const j = judgePath(value, c.folder, c.base);
      return 'problem' in j ? unknown(j.problem) : verdict(j.inside, 'is inside', 'is outside');
    }
    case 'host': {
      if (typeof value !== 'string') return unknown('not a string');
      const j = judgeUrl(value, c.hosts, c.schemes, c.ports);
      if ('problem' in j) return unknown(j.problem);
      return verdict(j.inside, `has host ${j.host}, listed`, `has host ${j.host}, not listed`);
    }
    case 'sql': {
      if (typeof value !== 'string') return unknown('not a string');
      const j = judgeSql(value, c.dialect ?? 'sqlite');
      if ('problem' in j) return unknown(j.problem);
      const named = expandKinds(c.kinds);
      const ok =
        c.op === 'is' ? j.kinds.every((k) => named.has(k)) : !j.kinds.some((k) => named.has(k));
      return verdict(ok, `is ${j.kinds.join('; ')}`, `is ${j.kinds.join('; ')}`);
    }
    case 'matches': {
      if (typeof value !== 'string') return unknown('not a string');
      if (value.length > MAX_MATCH_LENGTH) return unknown(`longer than ${MAX_MATCH_LENGTH}`);
      const re = compiled(c.regex);
      if (!re) return unknown('the pattern is invalid or could backtrack without end');
      return verdict(re.test(value), 'matches', 'does not match');
    }
    case 'between': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return unknown('not a number');
      const ok = (c.min === undefined || value >= c.min) && (c.max === undefined || value <= c.max);
      return verdict(ok, 'is within bounds', 'is out of bounds');
    }
    case 'present':
      return { verdict: 'holds', why: 'present' };
  }
}

const regexCache = new Map<string, RegExp | null>();

/**
 * Whether a pattern could backtrack for ever on an agent's text: a quantified group holding a
 * quantifier or an alternation (`(a+)+`, `(a|aa)*`), or a back-reference. Such patterns are
 * never run; the check is a heuristic (nested groups can still hide one).
 */
export function riskyRegex(source: string): boolean {
  return (
    /\([^()]*(?:[+*|]|\{\d+,\d*\})[^()]*\)\s*(?:[+*]|\{\d+,\d*\})/.test(source) ||
    /\\[1-9]|\\k</.test(source)
  );
}

function compiled(source: string): RegExp | null {
  if (!regexCache.has(source)) {
    if (regexCache.size > 1000) regexCache.clear();
    try {
      if (riskyRegex(source)) throw new Error('risky');
      regexCache.set(source, new RegExp(`^(?:${source})$`, 'u'));
    } catch {
      regexCache.set(source, null);
    }
  }
  return regexCache.get(source) ?? null;
}

/**
 * Whether a rule's conditions let it decide a call, and if not, which condition stopped it.
 * An argument that cannot be judged fails closed: it counts as holding for a `deny` or `ask`
 * rule (the call stays refused or waits) and as failing for an `allow` rule.
 */
export function conditionsHold(
  conditions: readonly RuleCondition[],
  action: Action,
  args: Record<string, unknown>,
): { holds: true } | { holds: false; index: number; why: string } {
  for (let i = 0; i < conditions.length; i++) {
    const result = evaluateCondition(conditions[i]!, args);
    const holds =
      result.verdict === 'holds' || (result.verdict === 'unknown' && action !== 'allow');
    if (!holds) return { holds: false, index: i, why: result.why };
  }
  return { holds: true };
}
