import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleSchema, type Role } from '../../../shared/model.js';
import { CONDITION_CASES, expectedAction } from '../../../../test/helpers/condition-cases.js';
import { isWithin, judgePath, pathReadings } from './condition-path.js';
import { countStatements } from './condition-sql.js';
import { decide } from './policy.js';
import { conditionsHold, evaluateCondition } from './rule-conditions.js';

describe('condition verdicts', () => {
  it.each(CONDITION_CASES)('$name → $verdict', ({ condition, args, verdict }) => {
    expect(evaluateCondition(condition, args).verdict).toBe(verdict);
  });

  it('every row is a valid rule condition', () => {
    for (const row of CONDITION_CASES) {
      expect(
        RuleSchema.safeParse({ pattern: '*', action: 'allow', conditions: [row.condition] })
          .success,
      ).toBe(true);
    }
  });
});

describe('decisions with conditions', () => {
  const role = (rules: Role['rules']): Role => ({
    name: 'coder',
    description: '',
    rules,
    exposure: 'all',
    pinned: [],
  });
  const tool = { name: 'fs__write_file', serverId: 'fs' };

  it.each(CONDITION_CASES)(
    '$name: an allow rule decides only when it holds',
    ({ condition, args, verdict }) => {
      const r = role([
        { pattern: 'fs__write_*', action: 'allow', conditions: [condition] },
        { pattern: '*', action: 'deny' },
      ]);
      expect(decide(r, tool, undefined, args).action).toBe(
        expectedAction(verdict, 'allow', 'deny'),
      );
    },
  );

  it.each(CONDITION_CASES)(
    '$name: a deny rule also decides when it cannot judge',
    ({ condition, args, verdict }) => {
      const r = role([
        { pattern: 'fs__*', action: 'deny', conditions: [condition] },
        { pattern: '*', action: 'allow' },
      ]);
      expect(decide(r, tool, undefined, args).action).toBe(
        expectedAction(verdict, 'deny', 'allow'),
      );
    },
  );

  it('names the rule that decided and the condition that passed a rule over', () => {
    const r = role([
      {
        pattern: 'fs__write_*',
        action: 'allow',
        conditions: [{ kind: 'path', arg: 'path', op: 'inside', folder: '/work/proj' }],
      },
      { pattern: 'fs__*', action: 'deny' },
    ]);
    const d = decide(r, tool, undefined, { path: '/work/proj/../etc/passwd' });
    expect(d.action).toBe('deny');
    expect(d.ruleIndex).toBe(1);
    expect(d.skipped?.[0]).toMatch(
      /rule 1 skipped: condition 1 \(path inside "\/work\/proj"\) does not hold: .* is outside/,
    );
    const ok = decide(r, tool, undefined, { path: '/work/proj/a' });
    expect(ok.reason).toContain('if path inside "/work/proj" → allow');
  });

  it('all conditions of a rule must hold, and the first that fails is named', () => {
    const conditions = [
      { kind: 'present', arg: 'path', present: true } as const,
      { kind: 'between', arg: 'n', max: 3 } as const,
    ];
    expect(conditionsHold(conditions, 'allow', { path: 'x', n: 2 })).toEqual({ holds: true });
    expect(conditionsHold(conditions, 'allow', { path: 'x', n: 4 })).toMatchObject({
      holds: false,
      index: 1,
    });
  });

  it('without arguments, a conditional rule shows the most permissive outcome, marked', () => {
    const r = role([
      {
        pattern: 'fs__write_*',
        action: 'allow',
        conditions: [{ kind: 'present', arg: 'path', present: true }],
      },
      { pattern: '*', action: 'deny' },
    ]);
    const d = decide(r, tool, undefined);
    expect(d).toMatchObject({ action: 'allow', conditional: true });
    expect(d.reason).toMatch(/depends on the arguments: allow by rule 1 .*; or deny by rule 2/);
    const denyOnly = role([
      {
        pattern: 'fs__*',
        action: 'deny',
        conditions: [{ kind: 'present', arg: 'x', present: true }],
      },
      { pattern: '*', action: 'deny' },
    ]);
    expect(decide(denyOnly, tool, undefined).action).toBe('deny');
  });

  it('rules without conditions decide as before, with or without arguments', () => {
    const r = role([{ pattern: 'fs__*', action: 'ask' }]);
    expect(decide(r, tool, undefined)).toEqual(decide(r, tool, undefined, { path: '/x' }));
    expect(decide(r, tool, undefined).conditional).toBeUndefined();
  });
});

describe('path normalization, property-based', () => {
  const segment = fc.oneof(
    fc.constantFrom(
      '..',
      '.',
      '',
      '%2e%2e',
      '%2E%2e%2f',
      '..%2f',
      '%252e%252e',
      '~',
      'a',
      'b',
      '\\..',
      'c\u0301',
    ),
    fc.stringMatching(/^[a-z%.\\]{1,4}$/),
  );
  const folder = '/work/proj';

  it('a path reported inside a folder never normalizes outside it, under any reading', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const value = `${folder}/${parts.join('/')}`;
        const judged = judgePath(value, folder);
        if ('inside' in judged && judged.inside) {
          // Re-derive independently: decode fully, treat \ as /, resolve.
          let decoded = value;
          for (let i = 0; i < 3; i++) {
            try {
              decoded = decodeURIComponent(decoded);
            } catch {
              // Text that does not decode reaches the server as sent.
            }
          }
          for (const v of [
            value,
            decoded,
            value.replaceAll('\\', '/'),
            decoded.replaceAll('\\', '/'),
          ]) {
            expect(isWithin(folder, path.posix.resolve(v.normalize('NFC')))).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every reading is absolute and normalized', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (parts) => {
        const read = pathReadings(`/${parts.join('/')}`);
        if ('readings' in read) {
          for (const r of read.readings) expect(r).toBe(path.resolve(r));
        }
      }),
    );
  });
});

describe('SQL statement count', () => {
  it.each([
    ['SELECT 1', 1],
    ['SELECT 1;', 1],
    ['SELECT 1; SELECT 2', 2],
    ["SELECT ';'", 1],
    ['SELECT 1 -- ;\n; SELECT 2', 2],
    ['  ;  ', 0],
    ["SELECT 'x", 'an unclosed quote'],
  ])('%s → %s', (sql, expected) => {
    expect(countStatements(sql)).toBe(expected);
  });
});
