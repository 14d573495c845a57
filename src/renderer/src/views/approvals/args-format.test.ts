import { describe, expect, it } from 'vitest';
import { formatArgs } from './args-format';

describe('formatArgs', () => {
  it('cuts long strings at any depth and says so', () => {
    const long = 'x'.repeat(300);
    const { text, truncated } = formatArgs({ path: '/a', nested: { body: long } }, true, 100);
    expect(truncated).toBe(true);
    expect(text).toContain(`${'x'.repeat(100)}… [+200 chars]`);
    expect(text).toContain('"path": "/a"');
  });

  it('shows everything when expanded', () => {
    const long = 'y'.repeat(300);
    const { text, truncated } = formatArgs({ body: long }, false, 100);
    expect(truncated).toBe(false);
    expect(text).toContain(long);
  });
});
