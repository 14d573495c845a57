import { describe, expect, it } from 'vitest';
import type { Rule, ToolView } from '../../../shared/model';
import {
  argumentsFor,
  fromConditionDraft,
  fromRuleDrafts,
  newConditionDraft,
  toRuleDraft,
  type ConditionDraft,
} from './condition-draft';

const draft = (patch: Partial<ConditionDraft>): ConditionDraft => ({
  ...newConditionDraft(['path']),
  ...patch,
});

describe('condition drafts', () => {
  it('round-trips saved rules of every kind, keeping fields the editor does not show', () => {
    const rules: Rule[] = [
      {
        pattern: 'fs__write_file',
        action: 'allow',
        conditions: [
          { kind: 'path', arg: 'path', op: 'inside', folder: '/work', base: '/home' },
          { kind: 'host', arg: 'url', op: 'not-in', hosts: ['a.com', '*.b.org'], ports: [443] },
          { kind: 'sql', arg: 'q', op: 'is', kinds: ['select'], dialect: 'postgresql' },
          { kind: 'matches', arg: 'cmd', regex: 'ls( -l)?' },
          { kind: 'between', arg: 'n', min: 1 },
          { kind: 'present', arg: 'force', present: false },
        ],
      },
      { pattern: '*', action: 'deny' },
    ];
    expect(fromRuleDrafts(rules.map(toRuleDraft))).toEqual({ rules });
  });

  it('builds conditions from typed text', () => {
    expect(
      fromConditionDraft(draft({ kind: 'host-in', arg: 'url', text: 'a.com, b.com,' })),
    ).toEqual({ condition: { kind: 'host', arg: 'url', op: 'in', hosts: ['a.com', 'b.com'] } });
    expect(fromConditionDraft(draft({ kind: 'sql-not', arg: 'q', text: 'DDL, write' }))).toEqual({
      condition: { kind: 'sql', arg: 'q', op: 'not', kinds: ['ddl', 'write'] },
    });
    expect(fromConditionDraft(draft({ kind: 'between', arg: 'n', max: '10' }))).toEqual({
      condition: { kind: 'between', arg: 'n', max: 10 },
    });
    expect(fromConditionDraft(draft({ kind: 'absent', arg: 'force' }))).toEqual({
      condition: { kind: 'present', arg: 'force', present: false },
    });
  });

  it('says what is wrong with a condition that cannot be saved', () => {
    const problem = (d: Partial<ConditionDraft>) =>
      (fromConditionDraft(draft(d)) as { problem?: string }).problem;
    expect(problem({ arg: '' })).toBe('Choose the argument it reads.');
    expect(problem({ kind: 'inside', text: ' ' })).toBe('Enter a folder.');
    expect(problem({ kind: 'host-in', text: ',' })).toMatch(/one host or more/);
    expect(problem({ kind: 'sql-is', text: 'select, merge' })).toMatch(/SQL kinds among/);
    expect(problem({ kind: 'matches', text: '(' })).toBe('Not a valid regular expression.');
    expect(problem({ kind: 'between', min: 'x' })).toBe('Bounds are numbers.');
    expect(problem({ kind: 'between' })).toBe('Enter a bound or two.');
    expect(
      fromRuleDrafts([{ pattern: 'x', action: 'ask', conditions: [draft({ arg: '' })] }]),
    ).toEqual({ problem: 'Rule 1, condition 1: Choose the argument it reads.' });
  });

  it('offers the arguments of the tools a pattern matches, from their input schemas', () => {
    const tool = (name: string, props: string[]): ToolView => ({
      name,
      serverId: name.split('__')[0]!,
      originalName: name.split('__')[1]!,
      description: '',
      inputSchema: { type: 'object', properties: Object.fromEntries(props.map((p) => [p, {}])) },
      annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
      decisions: {},
    });
    const tools = [
      tool('fs__write_file', ['path', 'content']),
      tool('fs__move', ['source', 'destination']),
    ];
    expect(argumentsFor(tools, 'fs__write_file')).toEqual(['content', 'path']);
    expect(argumentsFor(tools, 'FS__*')).toEqual(['content', 'destination', 'path', 'source']);
    expect(argumentsFor(tools, 'web__*')).toEqual([]);
  });
});
