import { describe, expect, it } from 'vitest';
import { FieldIndex } from './search-index.js';

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const words = (text: string) => text.split(' ').filter(Boolean);
const index = (docs: string[][], boosts = [2, 1]) =>
  new FieldIndex(
    ['name', 'description'],
    docs.map((d) => d.map(words)),
    (t) => t,
    boosts,
    BM25,
  );

describe('FieldIndex', () => {
  it('scores a term by BM25 with the field boost: a name hit outranks a description hit', () => {
    const idx = index([
      ['read file', 'reads a text file'],
      ['list directory', 'lists the file names of a folder'],
    ]);
    const [first, second] = idx.search([{ term: 'file', boost: 1, prefix: false }], 0.375);
    expect(first?.id).toBe(0);
    expect(first?.match).toEqual({ file: ['name', 'description'] });
    expect(second?.id).toBe(1);
    expect(second?.match).toEqual({ file: ['description'] });
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it('matches longer terms by prefix at a lower weight, and records the query term', () => {
    const idx = index([
      ['knowledge graph', ''],
      ['know', ''],
    ]);
    const results = idx.search([{ term: 'know', boost: 1, prefix: true }], 0.375);
    expect(results.map((r) => r.id)).toEqual([1, 0]);
    expect(results[1]?.queryTerms).toEqual(['know']);
    expect(results[1]?.match).toEqual({ knowledge: ['name'] });
  });

  it('multiplies by the term boost, sums terms and drops what allow refuses', () => {
    const idx = index([
      ['create issue', ''],
      ['create file', ''],
      ['issue', ''],
    ]);
    const query = [
      { term: 'create', boost: 0.5, prefix: false },
      { term: 'issue', boost: 1, prefix: false },
    ];
    const results = idx.search(query, 0.375, (id) => id !== 2);
    expect(results.map((r) => r.id)).toEqual([0, 1]);
    expect(results[0]?.queryTerms).toEqual(['create', 'issue']);
    expect(idx.search([{ term: 'absent', boost: 1, prefix: true }], 0.375)).toEqual([]);
  });

  it('skips tokens the processor drops', () => {
    const idx = new FieldIndex(
      ['name'],
      [[['the', 'file']]],
      (t) => (t === 'the' ? null : t),
      [1],
      BM25,
    );
    expect(idx.has('file')).toBe(true);
    expect(idx.has('the')).toBe(false);
  });
});
