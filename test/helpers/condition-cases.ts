import type { Action, RuleCondition } from '../../src/shared/model.js';

/** One row: a condition, the call's arguments, and the verdict it must reach. */
export interface ConditionCase {
  name: string;
  condition: RuleCondition;
  args: Record<string, unknown>;
  verdict: 'holds' | 'fails' | 'unknown';
}

const inside = (folder: string): RuleCondition => ({
  kind: 'path',
  arg: 'path',
  op: 'inside',
  folder,
});
const hostIn = (...hosts: string[]): RuleCondition => ({
  kind: 'host',
  arg: 'url',
  op: 'in',
  hosts,
});
const selectOnly: RuleCondition = { kind: 'sql', arg: 'query', op: 'is', kinds: ['select'] };
const pgSelectOnly: RuleCondition = { ...selectOnly, dialect: 'postgresql' };
const noDdl: RuleCondition = { kind: 'sql', arg: 'query', op: 'not', kinds: ['ddl'] };

const p = (path: unknown) => ({ path });
const u = (url: unknown) => ({ url });
const q = (query: unknown) => ({ query });

/** Every condition kind, with the bypasses each must resist. */
export const CONDITION_CASES: ConditionCase[] = [
  // Paths: normalization and the ways out of a folder.
  {
    name: 'a file in the folder',
    condition: inside('/work/proj'),
    args: p('/work/proj/a.txt'),
    verdict: 'holds',
  },
  {
    name: 'the folder itself',
    condition: inside('/work/proj'),
    args: p('/work/proj'),
    verdict: 'holds',
  },
  {
    name: 'trailing and doubled separators',
    condition: inside('/work/proj/'),
    args: p('/work//proj///a/./b/'),
    verdict: 'holds',
  },
  {
    name: '.. back inside',
    condition: inside('/work/proj'),
    args: p('/work/proj/a/../b'),
    verdict: 'holds',
  },
  {
    name: '../ out of the folder',
    condition: inside('/work/proj'),
    args: p('/work/proj/../secret'),
    verdict: 'fails',
  },
  {
    name: 'a sibling with the same prefix',
    condition: inside('/work/proj'),
    args: p('/work/project2/x'),
    verdict: 'fails',
  },
  {
    name: '// at the start',
    condition: inside('/work/proj'),
    args: p('//etc/passwd'),
    verdict: 'fails',
  },
  {
    name: 'encoded ../ (%2e%2e%2f)',
    condition: inside('/work/proj'),
    args: p('/work/proj/%2e%2e%2f%2e%2e%2fetc'),
    verdict: 'fails',
  },
  {
    name: 'double-encoded ../',
    condition: inside('/work/proj'),
    args: p('/work/proj/%252e%252e/x'),
    verdict: 'fails',
  },
  {
    name: 'backslash separators',
    condition: inside('/work/proj'),
    args: p('/work/proj/..\\..\\etc'),
    verdict: 'fails',
  },
  {
    name: 'a file: URL inside',
    condition: inside('/work/proj'),
    args: p('file:///work/proj/a'),
    verdict: 'holds',
  },
  {
    name: 'a file: URL outside',
    condition: inside('/work/proj'),
    args: p('file:///etc/passwd'),
    verdict: 'fails',
  },
  {
    name: 'NFD spelling of an NFC folder',
    condition: inside('/work/caf\u00e9'),
    args: p('/work/cafe\u0301/x'),
    verdict: 'holds',
  },
  {
    name: 'a NUL byte',
    condition: inside('/work/proj'),
    args: p('/work/proj/a\0/../../etc'),
    verdict: 'unknown',
  },
  {
    name: 'a relative path, no base',
    condition: inside('/work/proj'),
    args: p('a.txt'),
    verdict: 'unknown',
  },
  {
    name: 'a relative path with a base',
    condition: { ...inside('/work/proj'), base: '/work/proj' } as RuleCondition,
    args: p('sub/a.txt'),
    verdict: 'holds',
  },
  {
    name: 'a relative escape with a base',
    condition: { ...inside('/work/proj'), base: '/work/proj' } as RuleCondition,
    args: p('../x'),
    verdict: 'fails',
  },
  {
    name: 'malformed encoding',
    condition: inside('/work/proj'),
    args: p('/work/proj/%E0%A4%A'),
    verdict: 'unknown',
  },
  { name: 'not a string', condition: inside('/work/proj'), args: p(42), verdict: 'unknown' },
  { name: 'missing argument', condition: inside('/work/proj'), args: {}, verdict: 'unknown' },
  {
    name: 'a list, all inside',
    condition: inside('/work/proj'),
    args: p(['/work/proj/a', '/work/proj/b']),
    verdict: 'holds',
  },
  {
    name: 'a list, one outside',
    condition: inside('/work/proj'),
    args: p(['/work/proj/a', '/etc/b']),
    verdict: 'fails',
  },
  {
    name: 'outside: a path out',
    condition: { ...inside('/work/proj'), op: 'outside' } as RuleCondition,
    args: p('/work/proj/../x'),
    verdict: 'holds',
  },
  {
    name: 'outside: a list with one out',
    condition: { ...inside('/work/proj'), op: 'outside' } as RuleCondition,
    args: p(['/work/proj/a', '/x']),
    verdict: 'holds',
  },
  {
    name: 'outside: a path in',
    condition: { ...inside('/work/proj'), op: 'outside' } as RuleCondition,
    args: p('/work/proj/a'),
    verdict: 'fails',
  },
  // Hosts.
  {
    name: 'a listed host',
    condition: hostIn('example.com'),
    args: u('https://example.com/x'),
    verdict: 'holds',
  },
  {
    name: 'mixed case host',
    condition: hostIn('example.com'),
    args: u('https://ExAmPle.COM/x'),
    verdict: 'holds',
  },
  {
    name: 'trailing dot',
    condition: hostIn('example.com'),
    args: u('https://example.com./x'),
    verdict: 'holds',
  },
  {
    name: 'a listed entry with a trailing dot',
    condition: hostIn('Example.com.'),
    args: u('https://example.com/'),
    verdict: 'holds',
  },
  {
    name: 'a subdomain by wildcard',
    condition: hostIn('*.example.com'),
    args: u('https://a.b.example.com/'),
    verdict: 'holds',
  },
  {
    name: 'the apex is not a wildcard subdomain',
    condition: hostIn('*.example.com'),
    args: u('https://example.com/'),
    verdict: 'fails',
  },
  {
    name: 'a suffix look-alike',
    condition: hostIn('*.example.com'),
    args: u('https://evilexample.com/'),
    verdict: 'fails',
  },
  {
    name: 'a listed host as a prefix',
    condition: hostIn('example.com'),
    args: u('https://example.com.evil.net/'),
    verdict: 'fails',
  },
  {
    name: 'user@host trick',
    condition: hostIn('example.com'),
    args: u('https://example.com@evil.net/'),
    verdict: 'unknown',
  },
  {
    name: 'empty user info',
    condition: hostIn('evil.net'),
    args: u('https://@evil.net/'),
    verdict: 'unknown',
  },
  {
    name: 'backslash trick',
    condition: hostIn('example.com'),
    args: u('https://evil.net\\@example.com/'),
    verdict: 'unknown',
  },
  {
    name: 'IDN look-alike (Cyrillic a)',
    condition: hostIn('example.com'),
    args: u('https://ex\u0430mple.com/'),
    verdict: 'fails',
  },
  {
    name: 'IDN listed as Unicode',
    condition: hostIn('b\u00fccher.de'),
    args: u('https://xn--bcher-kva.de/'),
    verdict: 'holds',
  },
  {
    name: 'a URL that does not parse',
    condition: hostIn('example.com'),
    args: u('example.com/x'),
    verdict: 'unknown',
  },
  {
    name: 'scheme restricted',
    condition: { ...hostIn('example.com'), schemes: ['https'] } as RuleCondition,
    args: u('http://example.com/'),
    verdict: 'fails',
  },
  {
    name: 'port restricted, default port',
    condition: { ...hostIn('example.com'), ports: [443] } as RuleCondition,
    args: u('https://example.com/'),
    verdict: 'holds',
  },
  {
    name: 'port restricted, other port',
    condition: { ...hostIn('example.com'), ports: [443] } as RuleCondition,
    args: u('https://example.com:8443/'),
    verdict: 'fails',
  },
  {
    name: 'an @ in the query is fine',
    condition: hostIn('example.com'),
    args: u('https://example.com/?to=a@b.c'),
    verdict: 'holds',
  },
  {
    name: 'not in: an unlisted host',
    condition: { ...hostIn('example.com'), op: 'not-in' } as RuleCondition,
    args: u('https://evil.net/'),
    verdict: 'holds',
  },
  // SQL.
  {
    name: 'a SELECT',
    condition: selectOnly,
    args: q('SELECT * FROM t WHERE a = 1'),
    verdict: 'holds',
  },
  {
    name: 'a CTE SELECT',
    condition: selectOnly,
    args: q('WITH a AS (SELECT 1) SELECT * FROM a'),
    verdict: 'holds',
  },
  {
    name: 'stacked statements',
    condition: selectOnly,
    args: q('SELECT 1; DROP TABLE x'),
    verdict: 'fails',
  },
  {
    name: 'a comment hiding nothing',
    condition: selectOnly,
    args: q('SELECT 1 -- ; DROP TABLE x'),
    verdict: 'holds',
  },
  {
    name: 'a block comment before a second statement',
    condition: selectOnly,
    args: q('SELECT 1 /* ; */ ; DELETE FROM t'),
    verdict: 'fails',
  },
  {
    name: 'a ; inside a string',
    condition: selectOnly,
    args: q("SELECT * FROM t WHERE a = '; DROP TABLE x'"),
    verdict: 'holds',
  },
  {
    name: 'a MySQL # comment',
    condition: selectOnly,
    args: q('SELECT 1 # ; DROP TABLE x'),
    verdict: 'unknown',
  },
  {
    name: 'a nested comment',
    condition: selectOnly,
    args: q('SELECT 1 /* /* */ ; DROP TABLE x */'),
    verdict: 'unknown',
  },
  { name: 'lowercase DDL', condition: selectOnly, args: q('drop table x'), verdict: 'fails' },
  {
    name: 'an INSERT',
    condition: selectOnly,
    args: q('INSERT INTO t VALUES (1)'),
    verdict: 'fails',
  },
  {
    name: 'unparsable SQL',
    condition: selectOnly,
    args: q('PRAGMA writable_schema = 1'),
    verdict: 'unknown',
  },
  {
    name: 'PostgreSQL SELECT INTO creates a table',
    condition: pgSelectOnly,
    args: q('SELECT * INTO t2 FROM t'),
    verdict: 'fails',
  },
  {
    name: 'PostgreSQL transaction around DDL',
    condition: pgSelectOnly,
    args: q('BEGIN; DROP TABLE x; COMMIT'),
    verdict: 'fails',
  },
  { name: 'no DDL: an UPDATE', condition: noDdl, args: q('UPDATE t SET a = 1'), verdict: 'holds' },
  {
    name: 'no DDL: a CREATE',
    condition: noDdl,
    args: q('SELECT 1; CREATE TABLE y (a int)'),
    verdict: 'fails',
  },
  // Patterns, numbers, presence.
  {
    name: 'a whole match',
    condition: { kind: 'matches', arg: 'branch', regex: 'feature/[a-z-]+' },
    args: { branch: 'feature/x-y' },
    verdict: 'holds',
  },
  {
    name: 'a partial match is no match',
    condition: { kind: 'matches', arg: 'branch', regex: 'feature/[a-z-]+' },
    args: { branch: 'main;feature/x' },
    verdict: 'fails',
  },
  {
    name: 'an over-long value',
    condition: { kind: 'matches', arg: 'branch', regex: 'a*' },
    args: { branch: 'a'.repeat(10_001) },
    verdict: 'unknown',
  },
  {
    name: 'a pattern that could backtrack without end is never run',
    condition: { kind: 'matches', arg: 'branch', regex: '(a+)+b' },
    args: { branch: `${'a'.repeat(40)}c` },
    verdict: 'unknown',
  },
  {
    name: 'within bounds',
    condition: { kind: 'between', arg: 'n', min: 1, max: 10 },
    args: { n: 10 },
    verdict: 'holds',
  },
  {
    name: 'out of bounds',
    condition: { kind: 'between', arg: 'n', min: 1, max: 10 },
    args: { n: 11 },
    verdict: 'fails',
  },
  {
    name: 'a numeric string is not a number',
    condition: { kind: 'between', arg: 'n', max: 10 },
    args: { n: '5' },
    verdict: 'unknown',
  },
  {
    name: 'NaN is not a number',
    condition: { kind: 'between', arg: 'n', max: 10 },
    args: { n: Number.NaN },
    verdict: 'unknown',
  },
  {
    name: 'present',
    condition: { kind: 'present', arg: 'force', present: true },
    args: { force: false },
    verdict: 'holds',
  },
  {
    name: 'absent',
    condition: { kind: 'present', arg: 'force', present: false },
    args: { force: true },
    verdict: 'fails',
  },
];

/** What a rule with this condition decides for a row, given the verdict and the action. */
export function expectedAction(
  verdict: ConditionCase['verdict'],
  action: Action,
  fallback: Action,
): Action {
  const holds = verdict === 'holds' || (verdict === 'unknown' && action !== 'allow');
  return holds ? action : fallback;
}
