import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, replaceSection } from '../bench/results-file.js';

const RESULTS = join(import.meta.dirname, '../bench/results.md');

describe('replaceSection', () => {
  it('replaces only its own section of the real results file, every other byte kept', () => {
    const before = readFileSync(RESULTS, 'utf8');
    const after = replaceSection(
      before,
      'main',
      '# Switchboard benchmark results\n\nnew figures\n',
    );
    const start = before.indexOf('<!-- main:start -->');
    const end = before.indexOf('<!-- main:end -->') + '<!-- main:end -->'.length;
    expect(start).toBeGreaterThanOrEqual(0);
    expect(after.slice(0, start)).toBe(before.slice(0, start));
    const tail = before.slice(end);
    expect(after.endsWith(tail)).toBe(true);
    for (const kept of ['routing', 'per-call']) {
      const a = before.indexOf(`<!-- ${kept}:start -->`);
      const b = before.indexOf(`<!-- ${kept}:end -->`);
      expect(after).toContain(before.slice(a, b));
    }
    for (const heading of ['## Soak', '## Activity under a flood', '## Idle servers']) {
      expect(after).toContain(heading);
    }
    expect(after).toContain(
      '<!-- main:start -->\n# Switchboard benchmark results\n\nnew figures\n<!-- main:end -->',
    );
    // Writing the same section twice changes nothing more.
    expect(replaceSection(after, 'main', '# Switchboard benchmark results\n\nnew figures\n')).toBe(
      after,
    );
  });

  it('puts a missing section at the top or the bottom, the rest untouched', () => {
    const text = '## Notes by hand\n\nkept  \n';
    expect(replaceSection(text, 'main', 'A', 'top')).toBe(
      `<!-- main:start -->\nA\n<!-- main:end -->\n\n${text}`,
    );
    expect(replaceSection(text, 'per-call', 'B')).toBe(
      '## Notes by hand\n\nkept\n\n<!-- per-call:start -->\nB\n<!-- per-call:end -->\n',
    );
    expect(replaceSection('', 'main', 'A')).toBe('<!-- main:start -->\nA\n<!-- main:end -->\n');
  });

  it('refuses markers that are half there, doubled or out of order', () => {
    expect(() => replaceSection('<!-- main:start -->\nx\n', 'main', 'A')).toThrow(/markers/);
    expect(() => replaceSection('<!-- main:end -->\n<!-- main:start -->\n', 'main', 'A')).toThrow(
      /out of order/,
    );
    const doubled = '<!-- main:start -->a<!-- main:end -->\n<!-- main:start -->b<!-- main:end -->';
    expect(() => replaceSection(doubled, 'main', 'A')).toThrow(/doubled/);
  });
});

describe('parseBenchArgs', () => {
  it('reads the options bench/run.ts takes', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false, reps: 5, profile: false });
    expect(parseBenchArgs(['--quick', '--reps', '2', '--only', 'start'])).toEqual({
      quick: true,
      reps: 2,
      profile: false,
      only: 'start',
    });
    expect(parseBenchArgs(['--reps=3', '--profile']).reps).toBe(3);
  });

  it('names what is wrong with a bad command line', () => {
    expect(() => parseBenchArgs(['--qiuck'])).toThrow(/qiuck/);
    expect(() => parseBenchArgs(['--reps'])).toThrow(/reps/);
    expect(() => parseBenchArgs(['--reps', 'many'])).toThrow(/--reps takes a whole number/);
    expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/--reps/);
    expect(() => parseBenchArgs(['--only', 'everything'])).toThrow(/--only takes start or pass/);
    expect(() => parseBenchArgs(['extra'])).toThrow(/extra/);
  });
});
