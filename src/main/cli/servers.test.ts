import { describe, expect, it } from 'vitest';
import { formatDuration, newLines } from './servers.js';

describe('newLines', () => {
  it('prints only what a bounded tail gained since the last look', () => {
    expect(newLines([], ['a', 'b'])).toEqual(['a', 'b']);
    expect(newLines(['a', 'b'], ['a', 'b'])).toEqual([]);
    expect(newLines(['a', 'b', 'c'], ['b', 'c', 'd', 'e'])).toEqual(['d', 'e']);
    expect(newLines(['x'], ['y'])).toEqual(['y']);
  });
});

describe('formatDuration', () => {
  it('reads as a person would say it', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(3725)).toBe('1h 2m');
    expect(formatDuration(90_000)).toBe('1d 1h');
  });
});
