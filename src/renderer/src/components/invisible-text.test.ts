import { describe, expect, it } from 'vitest';
import { countInvisible, escapeChar, revealInvisible, splitInvisible } from './invisible-text';

describe('invisible text', () => {
  it('escapes bidi controls, zero-width characters and the BOM', () => {
    const argument = '?d=\u202egnp.exe\u200bX';
    expect(revealInvisible(argument)).toBe('?d=\\u202Egnp.exe\\u200BX');
    expect(countInvisible(argument)).toBe(2);
    for (const c of [
      '\u202a',
      '\u202d',
      '\u2066',
      '\u2069',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
    ]) {
      expect(revealInvisible(`a${c}b`)).toBe(`a${escapeChar(c)}b`);
    }
  });

  it('escapes Unicode tags (hidden ASCII) with their full code point', () => {
    const tagged = 'ok\u{E0049}\u{E0047}';
    expect(revealInvisible(tagged)).toBe('ok\\u{E0049}\\u{E0047}');
    expect(countInvisible(tagged)).toBe(2);
  });

  it('escapes control characters but keeps tabs, newlines and emoji', () => {
    expect(revealInvisible('a\u0007b\tc\nd')).toBe('a\\u0007b\tc\nd');
    expect(revealInvisible('❤️ ok')).toBe('❤️ ok');
    expect(countInvisible('plain text, ünïcödé')).toBe(0);
  });

  it('splits text into plain runs and escapes, keeping every character accounted for', () => {
    expect(splitInvisible('x\u202Ey')).toEqual([
      { text: 'x', hidden: false },
      { text: '\\u202E', hidden: true, char: '\u202E' },
      { text: 'y', hidden: false },
    ]);
    expect(splitInvisible('')).toEqual([]);
  });
});
