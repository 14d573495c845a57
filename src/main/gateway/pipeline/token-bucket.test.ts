import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('accepts a burst up to its capacity, then refills at its rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 3, perSecond: 2 }, () => now);
    expect([1, 2, 3, 4].map(() => bucket.take())).toEqual([true, true, true, false]);
    now = 499; // 0.998 of a token
    expect(bucket.take()).toBe(false);
    now = 1_000; // two tokens in a second: the 0.998 kept at 499 ms plus 1.002 since
    expect([1, 2, 3].map(() => bucket.take())).toEqual([true, true, false]);
  });

  it('never holds more than its capacity, however long it idles', () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 2, perSecond: 100 }, () => now);
    now = 60_000;
    expect([1, 2, 3].map(() => bucket.take())).toEqual([true, true, false]);
  });
});
