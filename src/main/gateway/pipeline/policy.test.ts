import { describe, expect, it } from 'vitest';
import type { Role, Rule } from '../../../shared/model.js';
import { decide, defaultDecision, globToRegExp, ruleMatches, type ToolFacts } from './policy.js';

const matches = (pattern: string, name: string) => globToRegExp(pattern).test(name);
const role = (rules: Rule[], name = 'coder'): Role => ({
  name,
  description: '',
  rules,
  exposure: 'all',
  pinned: [],
});
const tool = (name: string, annotations?: ToolFacts['annotations']): ToolFacts => ({
  name,
  serverId: name.split('__')[0]!,
  annotations,
});

describe('globToRegExp', () => {
  it('lets "*" match any run of characters, "__" included', () => {
    expect(matches('fs__*', 'fs__read_file')).toBe(true);
    expect(matches('*__delete_*', 'github__delete_repo')).toBe(true);
    expect(matches('*', 'a__b__c')).toBe(true);
    expect(matches('*', '')).toBe(true);
    expect(matches('fs*', 'fs__x')).toBe(true);
    expect(matches('*read*', 'fs__read')).toBe(true);
  });

  it('anchors the whole name', () => {
    expect(matches('fs__read', 'fs__read_file')).toBe(false);
    expect(matches('read*', 'fs__read_file')).toBe(false);
    expect(matches('fs__*', 'xfs__read')).toBe(false);
  });

  it('lets "?" match exactly one character', () => {
    expect(matches('fs__rea?', 'fs__read')).toBe(true);
    expect(matches('fs__rea?', 'fs__rea')).toBe(false);
    expect(matches('fs__rea?', 'fs__reaad')).toBe(false);
    expect(matches('fs?_read', 'fs__read')).toBe(true);
  });

  it.each([
    ['.', 'fs__a.b', 'fs__axb'],
    ['+', 'fs__a+', 'fs__aa'],
    ['()', 'fs__(a)', 'fs__a'],
    ['[]', 'fs__[ab]', 'fs__a'],
    ['{}', 'fs__a{2}', 'fs__aa'],
    ['|', 'fs__a|b', 'fs__a'],
    ['^$', '^fs__a$', 'fs__a'],
    ['\\', 'fs__a\\d', 'fs__a1'],
    ['/ and -', 'fs__a/b-c', 'fs__a/bxc'],
  ])('treats the regex metacharacters %s literally', (_chars, pattern, lookalike) => {
    expect(matches(pattern, pattern)).toBe(true);
    expect(matches(pattern, lookalike)).toBe(false);
  });

  it('is case-insensitive, so a case variant cannot dodge a rule', () => {
    expect(matches('*__DELETE_*', 'github__delete_repo')).toBe(true);
    expect(matches('github__delete_*', 'GitHub__Delete_Repo')).toBe(true);
  });

  it('returns the same RegExp for the same pattern (compiled once)', () => {
    expect(globToRegExp('x__*')).toBe(globToRegExp('x__*'));
  });

  it('ruleMatches applies the rule pattern', () => {
    expect(ruleMatches({ pattern: 'fs__*', action: 'allow' }, 'fs__read')).toBe(true);
    expect(ruleMatches({ pattern: 'fs__*', action: 'allow' }, 'git__read')).toBe(false);
  });
});

describe('defaultDecision', () => {
  it('allows a read-only tool', () => {
    expect(defaultDecision(tool('fs__read', { readOnlyHint: true }), undefined)).toEqual({
      action: 'allow',
      source: 'annotations',
      reason: 'the tool says it is read-only',
    });
  });

  it('asks for a destructive tool, even one that also says it is read-only', () => {
    const destructive = defaultDecision(tool('fs__rm', { destructiveHint: true }), undefined);
    expect(destructive).toMatchObject({ action: 'ask', source: 'annotations' });
    expect(destructive.reason).toContain('destructive');
    const both = tool('fs__rm', { readOnlyHint: true, destructiveHint: true });
    expect(defaultDecision(both, undefined).action).toBe('ask');
  });

  it('asks for a tool without hints (unknown effect counts as a write)', () => {
    for (const annotations of [undefined, {}, { readOnlyHint: false }]) {
      const decision = defaultDecision(tool('fs__x', annotations), undefined);
      expect(decision).toMatchObject({ action: 'ask', source: 'annotations' });
      expect(decision.reason).toContain('may write');
    }
  });

  it("uses the server's default over the annotations", () => {
    const readOnly = tool('fs__read', { readOnlyHint: true });
    expect(defaultDecision(readOnly, 'deny')).toEqual({
      action: 'deny',
      source: 'server',
      reason: 'the default of server "fs" (deny)',
    });
    expect(defaultDecision(tool('fs__rm', { destructiveHint: true }), 'allow').action).toBe(
      'allow',
    );
  });
});

describe('decide', () => {
  it('denies when the role no longer exists', () => {
    expect(decide(undefined, tool('fs__read', { readOnlyHint: true }), 'allow')).toEqual({
      action: 'deny',
      source: 'role',
      reason: "the key's role no longer exists",
    });
  });

  it('lets the first matching rule win and says which rule it was', () => {
    const coder = role([
      { pattern: 'git__*', action: 'allow' },
      { pattern: '*__delete_*', action: 'deny' },
      { pattern: 'fs__*', action: 'allow' },
    ]);
    expect(decide(coder, tool('fs__delete_file'), undefined)).toEqual({
      action: 'deny',
      source: 'rule',
      ruleIndex: 1,
      pattern: '*__delete_*',
      reason: 'rule 2 of role "coder" ("*__delete_*" → deny)',
    });
    expect(decide(coder, tool('git__delete_branch'), undefined)).toMatchObject({
      action: 'allow',
      ruleIndex: 0,
    });
  });

  it('lets a rule outrank the server default and the annotations', () => {
    const coder = role([{ pattern: 'fs__read', action: 'ask' }]);
    expect(decide(coder, tool('fs__read', { readOnlyHint: true }), 'allow')).toMatchObject({
      action: 'ask',
      source: 'rule',
    });
  });

  it('falls back to the default when no rule matches', () => {
    const coder = role([{ pattern: 'git__*', action: 'deny' }]);
    expect(decide(coder, tool('fs__read', { readOnlyHint: true }), undefined)).toMatchObject({
      action: 'allow',
      source: 'annotations',
    });
    expect(decide(coder, tool('fs__read'), 'deny')).toMatchObject({
      action: 'deny',
      source: 'server',
    });
    expect(decide(role([]), tool('fs__write'), undefined).action).toBe('ask');
  });

  it('matches rules case-insensitively', () => {
    const coder = role([{ pattern: 'FS__DELETE*', action: 'deny' }]);
    expect(decide(coder, tool('fs__Delete_File'), 'allow').action).toBe('deny');
  });

  it('marks a decision cacheable only when the deciding rule says so', () => {
    const cached = role([
      { pattern: 'fs__read', action: 'allow', cacheable: true },
      { pattern: 'fs__*', action: 'allow', cacheable: false },
    ]);
    expect(decide(cached, tool('fs__read'), undefined).cacheable).toBe(true);
    const other = decide(cached, tool('fs__list'), undefined);
    expect(other.action).toBe('allow');
    expect(other).not.toHaveProperty('cacheable');
  });
});

describe('rules that lapse', () => {
  const role: Role = {
    name: 'r',
    description: '',
    exposure: 'all',
    pinned: [],
    rules: [
      { pattern: 'fs__write_file', action: 'allow', until: '2026-12-02T04:00:00.000Z' },
      { pattern: '*', action: 'deny' },
    ],
  };
  const tool = { name: 'fs__write_file', serverId: 'fs' };
  it('decides before its time and is passed over, named, after it', () => {
    const before = decide(role, tool, undefined, {}, Date.parse('2026-12-02T03:59:59Z'));
    expect(before.action).toBe('allow');
    expect(before.reason).toBe(
      'rule 1 of role "r" ("fs__write_file" until 2026-12-02T04:00:00.000Z → allow)',
    );
    const after = decide(role, tool, undefined, {}, Date.parse('2026-12-02T04:00:00Z'));
    expect(after.action).toBe('deny');
    expect(after.skipped).toEqual(['rule 1 skipped: it lapsed at 2026-12-02T04:00:00.000Z']);
  });
});
