import type { RuleCondition } from './model.js';

/**
 * A condition as one line of text, in the words of `--if`: `path inside "/work"`. Shared so
 * the approval card shows the rule it will write in the words `explain` uses.
 */
export function describeCondition(c: RuleCondition): string {
  switch (c.kind) {
    case 'path':
      return `${c.arg} ${c.op} ${JSON.stringify(c.folder)}`;
    case 'host':
      return `${c.arg} host ${c.op === 'in' ? 'in' : 'not in'} ${c.hosts.join(',')}`;
    case 'sql':
      return `${c.arg} ${c.dialect === 'postgresql' ? 'pgsql' : 'sql'} ${c.op} ${c.kinds.join(',')}`;
    case 'matches':
      return `${c.arg} matches ${c.regex}`;
    case 'between':
      return `${c.arg} between ${c.min ?? '-'} ${c.max ?? '-'}`;
    case 'present':
      return `${c.arg} ${c.present ? 'present' : 'absent'}`;
  }
}
