import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../scripts/sentence-encoder.js';

/** Ids 0–5 are the reserved symbols the tokenizer never matches. */
const RESERVED: [string, number][] = ['<unk>', '<s>', '</s>', 'r3', 'r4', 'r5'].map((p) => [p, 0]);

describe('createTokenizer', () => {
  const vocabulary: [string, number | null][] = [
    ...RESERVED,
    ['\u2581', -2], // 6
    ['\u2581hell', -3], // 7
    ['o', -2], // 8
    ['\u2581hello', -6], // 9
    ['h', -4], // 10
    ['e', -4], // 11
    ['l', -4], // 12
    ['\u2581world', -4], // 13
    ['x', -1], // 14
    [':', null], // 15: scoreless, like a few of USE's punctuation pieces
  ];
  const tokenize = createTokenizer(vocabulary);

  it('cuts a word into the pieces whose log-probabilities sum highest', () => {
    // ▁hell + o scores -5, ▁hello alone -6.
    expect(tokenize('hello')).toEqual([7, 8]);
  });

  it('marks the start of every word', () => {
    expect(tokenize('hello  world')).toEqual([7, 8, 13]);
  });

  it('falls back to the unknown id for a character without a piece', () => {
    expect(tokenize('hellz')).toEqual([7, 0]);
    expect(tokenize('x:')).toEqual([6, 14, 0]);
  });
});
