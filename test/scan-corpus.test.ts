import { describe, expect, it } from 'vitest';
import { evaluate, loadCorpus } from './scan/eval.js';

// The description scanner against its corpus (test/fixtures/scan-corpus): poisoned examples
// modelled on the published MCP attacks, and 377 real tools from 29 npm server packages.
// `npm run bench:scan -- --list` prints the same figures with every miss.

/** The catch rate over the sets the rules were tuned on, with the catalog around each tool. */
const CATCH_THRESHOLD = 0.9;
/**
 * The floor for the untuned held-out set: its first measurement, less a margin for a rule
 * change that trades one catch for another. A drop below means the rules got narrower.
 */
const UNTUNED_FLOOR = 0.5;

const corpus = loadCorpus();
// No timing here: tests assert no durations, and the figure is `npm run bench:scan`'s.
const figures = evaluate(corpus, false);

describe('the scan corpus', () => {
  it('holds at least 50 poisoned examples and 300 real tools, each with its source', () => {
    const poisoned = corpus.poisoned.flatMap((set) => set.entries);
    expect(poisoned.length).toBeGreaterThanOrEqual(50);
    expect(corpus.real.length).toBeGreaterThanOrEqual(300);
    for (const entry of poisoned) expect(entry.source.length).toBeGreaterThan(10);
    for (const tool of corpus.real) expect(tool.version).toMatch(/^\d+\.\d+/);
  });

  it('no real tool is flagged', () => {
    expect(figures.falsePositives).toEqual([]);
  });

  it(`catches at least ${CATCH_THRESHOLD * 100}% of the examples it was tuned on`, () => {
    expect(figures.tuned.caught / figures.tuned.examples).toBeGreaterThanOrEqual(CATCH_THRESHOLD);
  });

  it('catches every tuned example that is not marked as a known miss (hard-)', () => {
    const missed = figures.sets.filter((set) => set.tuned).flatMap((set) => set.missed);
    expect(missed.filter((id) => !/^(?:held\d?-)?hard-/.test(id))).toEqual([]);
  });

  it(`catches at least ${UNTUNED_FLOOR * 100}% of the untuned held-out set`, () => {
    for (const set of figures.sets.filter((s) => !s.tuned)) {
      expect(set.caught / set.examples, set.label).toBeGreaterThanOrEqual(UNTUNED_FLOOR);
    }
  });
});
