import { describe, expect, it } from 'vitest';
import type { Role } from '../../../../shared/model';
import { ownRuleCount, removeRulesText } from './remove-model';

const role = (name: string, patterns: string[]): Role =>
  ({
    name,
    description: '',
    rules: patterns.map((pattern) => ({ pattern, action: 'allow' })),
  }) as Role;

describe('the rules removing a server takes', () => {
  const roles = [
    role('coder', ['notes__*', 'NOTES__read_graph', '*__read*', 'notes2__x']),
    role('planner', ['notes__delete_*']),
    role('reviewer', ['*__write*']),
  ];

  it('counts the rules that name only that server, case-insensitively, by role', () => {
    expect(ownRuleCount(roles, 'notes')).toEqual({ rules: 3, roles: 2 });
    expect(ownRuleCount(roles, 'other')).toEqual({ rules: 0, roles: 0 });
  });

  it('says how many rules go, or that none does', () => {
    expect(removeRulesText(roles, 'notes')).toBe(
      '3 rules in 2 roles name only this server; they are removed with it.',
    );
    expect(removeRulesText(roles, 'notes2')).toBe(
      '1 rule in 1 role names only this server; it is removed with it.',
    );
    expect(removeRulesText(roles, 'other')).toBe(
      'No rule names only this server, so no rule changes.',
    );
  });
});
