import { describe, expect, it } from 'vitest';
import { approximateSize } from './call-results.js';

describe('approximateSize', () => {
  it('counts content and structured content together', () => {
    const big = { rows: 'x'.repeat(10_000) };
    // A short text beside large structured content: the limit must see the structured part.
    expect(
      approximateSize({ content: [{ type: 'text', text: 'ok' }], structuredContent: big }),
    ).toBe(2 + JSON.stringify(big).length);
    expect(
      approximateSize({
        content: [
          { type: 'image', data: 'AAAA', mimeType: 'image/png' },
          { type: 'resource', resource: { uri: 'file:///a', text: 'abc' } },
        ],
      }),
    ).toBe(7);
  });
});
