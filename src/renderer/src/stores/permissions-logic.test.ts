import { describe, expect, it } from 'vitest';
import type { ToolView } from '../../../shared/model';
import {
  dropFromUndo,
  groupTools,
  moveRule,
  nextAction,
  pushUndo,
  renameInUndo,
  roleNameProblem,
  ruleActionFor,
  serverPattern,
  UNDO_LIMIT,
} from './permissions-logic';

const tool = (serverId: string, name: string, description = ''): ToolView => ({
  name: `${serverId}__${name}`,
  serverId,
  originalName: name,
  description,
  inputSchema: {},
  annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
  decisions: {},
});

describe('permissions logic', () => {
  it('cycles allow → ask → deny → allow', () => {
    expect(nextAction('allow')).toBe('ask');
    expect(nextAction('ask')).toBe('deny');
    expect(nextAction('deny')).toBe('allow');
  });

  it('names the bulk patterns and finds a rule by exact pattern, ignoring case', () => {
    expect(serverPattern('github')).toBe('github__*');
    const role = {
      name: 'r',
      description: '',
      rules: [{ pattern: 'GitHub__*', action: 'deny' as const }],
      exposure: 'all' as const,
      pinned: [],
    };
    expect(ruleActionFor(role, 'github__*')).toBe('deny');
    expect(ruleActionFor(role, '*')).toBeUndefined();
  });

  it('bounds the undo stack, dropping the oldest', () => {
    let stack = pushUndo([], { role: 'r', rules: [], label: 'first' });
    for (let i = 0; i < UNDO_LIMIT; i++)
      stack = pushUndo(stack, { role: 'r', rules: [], label: `${i}` });
    expect(stack).toHaveLength(UNDO_LIMIT);
    expect(stack[0]!.label).toBe('0');
  });

  it('groups and sorts tools by server, filtering by name or description', () => {
    const tools = [tool('b', 'write'), tool('a', 'zeta'), tool('a', 'alpha', 'reads notes')];
    expect(
      groupTools(tools, '').map((g) => [g.serverId, g.tools.map((t) => t.originalName)]),
    ).toEqual([
      ['a', ['alpha', 'zeta']],
      ['b', ['write']],
    ]);
    expect(groupTools(tools, 'NOTES').map((g) => g.tools.map((t) => t.originalName))).toEqual([
      ['alpha'],
    ]);
  });

  it('moves rules up and down within bounds', () => {
    const rules = [
      { pattern: 'a', action: 'allow' as const },
      { pattern: 'b', action: 'deny' as const },
    ];
    expect(moveRule(rules, 1, -1).map((r) => r.pattern)).toEqual(['b', 'a']);
    expect(moveRule(rules, 0, -1)).toBe(rules);
  });
});

describe('role management', () => {
  const role = (name: string) => ({
    name,
    description: '',
    rules: [],
    exposure: 'all' as const,
    pinned: [],
  });
  const roles = [role('admin'), role('coder')];

  it('accepts a free, valid name', () => {
    expect(roleNameProblem('reviewer', roles)).toBeUndefined();
  });

  it('refuses an empty, invalid or taken name', () => {
    expect(roleNameProblem('', roles)).toBe('Enter a name.');
    expect(roleNameProblem('Bad Name', roles)).toMatch(/role names use a-z/);
    expect(roleNameProblem('-x', roles)).toMatch(/role names use a-z/);
    expect(roleNameProblem('coder', roles)).toBe('A role “coder” exists already.');
  });

  it('lets a renamed role keep its own name', () => {
    expect(roleNameProblem('coder', roles, 'coder')).toBeUndefined();
    expect(roleNameProblem('admin', roles, 'coder')).toMatch(/exists already/);
  });

  it('moves undo entries to a renamed role and drops those of a deleted one', () => {
    const stack = [
      { role: 'coder', rules: [], label: 'a' },
      { role: 'admin', rules: [], label: 'b' },
    ];
    expect(renameInUndo(stack, 'coder', 'dev').map((e) => e.role)).toEqual(['dev', 'admin']);
    expect(dropFromUndo(stack, 'coder').map((e) => e.label)).toEqual(['b']);
  });
});
