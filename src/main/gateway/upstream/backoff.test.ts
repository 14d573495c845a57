import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const low = () => 0;
const high = () => 1;

describe('backoffDelay', () => {
  it('waits exactly the base before the first restart', () => {
    expect(backoffDelay(0, 250, 30_000, low)).toBe(250);
    expect(backoffDelay(0, 250, 30_000, high)).toBe(250);
  });

  it('picks a point between the base and base * 2^n (full jitter)', () => {
    for (const attempt of [1, 2, 3, 5]) {
      expect(backoffDelay(attempt, 250, 30_000, low)).toBe(250);
      expect(backoffDelay(attempt, 250, 30_000, high)).toBe(250 * 2 ** attempt);
    }
    expect(backoffDelay(3, 250, 30_000, () => 0.5)).toBe(250 + 0.5 * (2000 - 250));
  });

  it('never goes over the cap', () => {
    expect(backoffDelay(10, 250, 30_000, high)).toBe(30_000);
    expect(backoffDelay(10, 250, 30_000, low)).toBe(250);
  });

  it('stays finite for absurd attempt counts', () => {
    expect(backoffDelay(1_000, 250, 30_000, high)).toBe(30_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, 250, 30_000, () => 0.999)).toBeLessThanOrEqual(
      30_000,
    );
  });

  it('returns whole milliseconds', () => {
    expect(Number.isInteger(backoffDelay(4, 250, 30_000, () => 0.123456))).toBe(true);
  });

  it('spreads servers that crash together over the interval (default random)', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(6));
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(250 * 64);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('uses 250 ms and 30 s by default', () => {
    expect(backoffDelay(0, undefined, undefined, low)).toBe(250);
    expect(backoffDelay(20, undefined, undefined, high)).toBe(30_000);
  });
});
