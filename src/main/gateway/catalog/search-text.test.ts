import { describe, expect, it } from 'vitest';
import { expandQuery } from './search-text.js';

describe('expandQuery', () => {
  it('leaves out values the task hands over, but keeps what they hint at', () => {
    const terms = [...expandQuery('add the title "Search results" to report.docx').keys()];
    expect(terms).not.toContain('search');
    expect(terms).not.toContain('result');
    expect(terms).toContain('titl');
    const named = [...expandQuery('start a branch called search-speed').keys()];
    expect(named).toEqual(expect.arrayContaining(['start', 'branch', 'call']));
    expect(named).not.toContain('search');
  });

  it("reads an apostrophe inside a word as no quote: Sam's message keeps its words", () => {
    const terms = [...expandQuery("react to Sam's message and Bob's note").keys()];
    expect(terms).toEqual(expect.arrayContaining(['sam', 'messag', 'bob', 'note']));
  });
});
