import { describe, expect, it } from 'vitest';
import { describeCondition } from '../gateway/index.js';
import { UsageError } from './args.js';
import { parseArgs } from './args.js';
import { parseConditionText } from './condition-text.js';

describe('--if text', () => {
  it.each([
    ['path inside /work/proj', { kind: 'path', arg: 'path', op: 'inside', folder: '/work/proj' }],
    ['path outside "/a b"', { kind: 'path', arg: 'path', op: 'outside', folder: '/a b' }],
    [
      'url host in a.com, *.b.com',
      { kind: 'host', arg: 'url', op: 'in', hosts: ['a.com', '*.b.com'] },
    ],
    ['url host not in a.com', { kind: 'host', arg: 'url', op: 'not-in', hosts: ['a.com'] }],
    ['query sql is SELECT', { kind: 'sql', arg: 'query', op: 'is', kinds: ['select'] }],
    ['query sql not ddl,write', { kind: 'sql', arg: 'query', op: 'not', kinds: ['ddl', 'write'] }],
    [
      'query pgsql is select',
      { kind: 'sql', arg: 'query', op: 'is', kinds: ['select'], dialect: 'postgresql' },
    ],
    ['branch matches feature/.* x', { kind: 'matches', arg: 'branch', regex: 'feature/.* x' }],
    ['n between 1 10', { kind: 'between', arg: 'n', min: 1, max: 10 }],
    ['n between - 10', { kind: 'between', arg: 'n', max: 10 }],
    ['force present', { kind: 'present', arg: 'force', present: true }],
    ['force absent', { kind: 'present', arg: 'force', present: false }],
  ])('%s', (text, expected) => {
    const parsed = parseConditionText(text);
    expect(parsed).toEqual(expected);
    // What `rules` prints reads back as the same condition (paths and regexes aside, quoted).
    expect(parseConditionText(describeCondition(parsed))).toEqual(expected);
  });

  it.each([
    'path',
    'path inside',
    'query sql is merge',
    'n between 1',
    'n between a b',
    'force present yes',
    'url host',
    'x frobnicates y',
  ])('refuses %s with the accepted forms', (text) => {
    expect(() => parseConditionText(text)).toThrow(UsageError);
    expect(() => parseConditionText(text)).toThrow(/ARG inside PATH/);
  });

  it.each(['(a+)+', '(\\w*)*x', '(a|aa){2,}', '(x)\\1'])(
    'refuses the risky pattern %s',
    (regex) => {
      expect(() => parseConditionText(`name matches ${regex}`)).toThrow(/backtrack/);
    },
  );

  it('collects every --if in order', () => {
    const args = parseArgs(['rules', '--if', 'a b', '--json', '--if=c d', '--', '--if', 'e']);
    expect(args.repeated.get('if')).toEqual(['a b', 'c d']);
  });
});
