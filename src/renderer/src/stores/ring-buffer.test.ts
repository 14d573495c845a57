import { describe, expect, it } from 'vitest';
import { createRingBuffer, pushRing } from './ring-buffer';
import { addSampleToTotals, METRICS_CAPACITY } from './metrics-store';

describe('ring buffer', () => {
  it('keeps the newest items up to capacity, oldest first', () => {
    let ring = createRingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring = pushRing(ring, i);
    expect(ring.items).toEqual([3, 4, 5]);
  });

  it('trims an initial snapshot longer than capacity and never mutates the old buffer', () => {
    const ring = createRingBuffer(2, [1, 2, 3]);
    expect(ring.items).toEqual([2, 3]);
    const next = pushRing(ring, 4);
    expect(ring.items).toEqual([2, 3]);
    expect(next.items).toEqual([3, 4]);
  });

  it('holds fifteen minutes of one-second samples', () => {
    let ring = createRingBuffer<number>(METRICS_CAPACITY);
    for (let i = 0; i < 1000; i++) ring = pushRing(ring, i);
    expect(ring.items.length).toBe(900);
    expect(ring.items[0]).toBe(100);
  });

  it('rejects a capacity below one', () => {
    expect(() => createRingBuffer(0)).toThrow(RangeError);
  });
});

describe('addSampleToTotals', () => {
  it('takes the totals the gateway counted, never sums of per-second rates', () => {
    const counted = { calls: 16, errors: 1, cacheHits: 2, startedAt: 5 };
    const totals = addSampleToTotals(
      { calls: 10, errors: 1, cacheHits: 2, startedAt: 5 },
      {
        t: 0,
        gatewayRssBytes: 0,
        servers: [{ id: 'a', callsPerSec: 6, errorsPerSec: 0, inFlight: 0 }],
        totals: counted,
      },
    );
    expect(totals).toEqual(counted);
  });
});
