import { globToRegExp } from '../../../shared/glob';
import {
  RuleConditionSchema,
  SqlKindSchema,
  type Rule,
  type RuleCondition,
  type ToolView,
} from '../../../shared/model';

/** A condition as the editor offers it: one pick per kind and direction. */
export type ConditionKind =
  | 'inside'
  | 'outside'
  | 'host-in'
  | 'host-not-in'
  | 'sql-is'
  | 'sql-not'
  | 'matches'
  | 'between'
  | 'present'
  | 'absent';

export const CONDITION_KINDS: { id: ConditionKind; label: string }[] = [
  { id: 'inside', label: 'is inside folder' },
  { id: 'outside', label: 'is outside folder' },
  { id: 'host-in', label: 'host is one of' },
  { id: 'host-not-in', label: 'host is none of' },
  { id: 'sql-is', label: 'SQL is only' },
  { id: 'sql-not', label: 'SQL is never' },
  { id: 'matches', label: 'matches pattern' },
  { id: 'between', label: 'is a number between' },
  { id: 'present', label: 'is present' },
  { id: 'absent', label: 'is absent' },
];

/** A condition being edited: text fields as typed, turned into a condition on save. */
export interface ConditionDraft {
  kind: ConditionKind;
  arg: string;
  /** The folder, the comma-separated hosts or SQL kinds, or the pattern. */
  text: string;
  min: string;
  max: string;
  /** The saved condition this draft came from: its other fields (base, ports…) are kept. */
  from?: RuleCondition;
}

/** A rule being edited, with its conditions as drafts. */
export type RuleDraft = Omit<Rule, 'conditions'> & { conditions: ConditionDraft[] };

function kindOf(c: RuleCondition): ConditionKind {
  switch (c.kind) {
    case 'path':
      return c.op;
    case 'host':
      return c.op === 'in' ? 'host-in' : 'host-not-in';
    case 'sql':
      return c.op === 'is' ? 'sql-is' : 'sql-not';
    case 'present':
      return c.present ? 'present' : 'absent';
    default:
      return c.kind;
  }
}

function textOf(c: RuleCondition): string {
  if (c.kind === 'path') return c.folder;
  if (c.kind === 'host') return c.hosts.join(', ');
  if (c.kind === 'sql') return c.kinds.join(', ');
  if (c.kind === 'matches') return c.regex;
  return '';
}

export function toConditionDraft(c: RuleCondition): ConditionDraft {
  const bounds = c.kind === 'between' ? c : undefined;
  return {
    kind: kindOf(c),
    arg: c.arg,
    text: textOf(c),
    min: bounds?.min === undefined ? '' : String(bounds.min),
    max: bounds?.max === undefined ? '' : String(bounds.max),
    from: c,
  };
}

export function toRuleDraft(rule: Rule): RuleDraft {
  const { conditions, ...rest } = rule;
  return { ...rest, conditions: (conditions ?? []).map(toConditionDraft) };
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The saved condition's own extra fields, kept when the draft's kind did not change. */
function kept(d: ConditionDraft, kind: RuleCondition['kind']): Partial<RuleCondition> {
  return d.from && d.from.kind === kind ? d.from : {};
}

function build(d: ConditionDraft): unknown {
  const arg = d.arg.trim();
  switch (d.kind) {
    case 'inside':
    case 'outside':
      return { ...kept(d, 'path'), kind: 'path', arg, op: d.kind, folder: d.text.trim() };
    case 'host-in':
    case 'host-not-in':
      return {
        ...kept(d, 'host'),
        kind: 'host',
        arg,
        op: d.kind === 'host-in' ? 'in' : 'not-in',
        hosts: list(d.text),
      };
    case 'sql-is':
    case 'sql-not':
      return {
        ...kept(d, 'sql'),
        kind: 'sql',
        arg,
        op: d.kind === 'sql-is' ? 'is' : 'not',
        kinds: list(d.text).map((k) => k.toLowerCase()),
      };
    case 'matches':
      return { kind: 'matches', arg, regex: d.text };
    case 'between': {
      const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
      return {
        kind: 'between',
        arg,
        ...(num(d.min) === undefined ? {} : { min: num(d.min) }),
        ...(num(d.max) === undefined ? {} : { max: num(d.max) }),
      };
    }
    case 'present':
    case 'absent':
      return { kind: 'present', arg, present: d.kind === 'present' };
  }
}

/** Why a draft cannot be saved, in words for the field, or the condition it makes. */
export function fromConditionDraft(
  d: ConditionDraft,
): { condition: RuleCondition } | { problem: string } {
  if (d.arg.trim() === '') return { problem: 'Choose the argument it reads.' };
  if ((d.kind === 'inside' || d.kind === 'outside') && d.text.trim() === '') {
    return { problem: 'Enter a folder.' };
  }
  if ((d.kind === 'host-in' || d.kind === 'host-not-in') && list(d.text).length === 0) {
    return { problem: 'Enter one host or more, separated by commas.' };
  }
  if (d.kind === 'sql-is' || d.kind === 'sql-not') {
    const bad = list(d.text).find((k) => !SqlKindSchema.safeParse(k.toLowerCase()).success);
    if (bad !== undefined || list(d.text).length === 0) {
      return { problem: `Use SQL kinds among: ${SqlKindSchema.options.join(', ')}.` };
    }
  }
  if (d.kind === 'matches') {
    try {
      new RegExp(d.text, 'u');
    } catch {
      return { problem: 'Not a valid regular expression.' };
    }
  }
  if (d.kind === 'between') {
    for (const s of [d.min, d.max]) {
      if (s.trim() !== '' && !Number.isFinite(Number(s))) return { problem: 'Bounds are numbers.' };
    }
    if (d.min.trim() === '' && d.max.trim() === '') return { problem: 'Enter a bound or two.' };
  }
  const parsed = RuleConditionSchema.safeParse(build(d));
  if (!parsed.success) return { problem: parsed.error.issues[0]?.message ?? 'Not valid.' };
  return { condition: parsed.data };
}

/** The rules a draft stands for, or the first problem (rule and condition numbered from 1). */
export function fromRuleDrafts(drafts: RuleDraft[]): { rules: Rule[] } | { problem: string } {
  const rules: Rule[] = [];
  for (const [i, draft] of drafts.entries()) {
    const { conditions, ...rest } = draft;
    if (rest.pattern.trim() === '') return { problem: `Rule ${i + 1} needs a pattern.` };
    const built: RuleCondition[] = [];
    for (const [j, c] of conditions.entries()) {
      const result = fromConditionDraft(c);
      if ('problem' in result) {
        return { problem: `Rule ${i + 1}, condition ${j + 1}: ${result.problem}` };
      }
      built.push(result.condition);
    }
    rules.push({
      ...rest,
      pattern: rest.pattern.trim(),
      ...(built.length > 0 ? { conditions: built } : {}),
    });
  }
  return { rules };
}

/** A new condition on the first argument the rule's tools take. */
export function newConditionDraft(args: string[]): ConditionDraft {
  return { kind: 'inside', arg: args[0] ?? '', text: '', min: '', max: '' };
}

/**
 * The arguments a condition on this pattern can read: the properties of the input schemas of
 * the tools the pattern matches, sorted. Empty when no matching tool is known.
 */
export function argumentsFor(tools: readonly ToolView[], pattern: string): string[] {
  if (pattern.trim() === '') return [];
  const re = globToRegExp(pattern.trim());
  const names = new Set<string>();
  for (const tool of tools) {
    if (!re.test(tool.name)) continue;
    const props = (tool.inputSchema as { properties?: unknown }).properties;
    if (typeof props === 'object' && props !== null) {
      for (const name of Object.keys(props)) names.add(name);
    }
  }
  return [...names].sort();
}
