import { describe, expect, it } from 'vitest';
import { LineReader, type OversizeLine } from './line-reader.js';

function reader(max: number) {
  const lines: string[] = [];
  const over: OversizeLine[] = [];
  const r = new LineReader(max, { line: (l) => lines.push(l), oversize: (o) => over.push(o) });
  return { r, lines, over };
}

describe('LineReader', () => {
  it('splits lines across chunks, strips CR and skips empty lines', () => {
    const { r, lines } = reader(100);
    for (const part of ['{"a"', ':1}\r\n\n{"b":2}', '\n{"c"']) r.push(Buffer.from(part));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(r.buffered).toBe(4);
    r.push(Buffer.from(':3}\n'));
    expect(lines.at(-1)).toBe('{"c":3}');
    expect(r.buffered).toBe(0);
  });

  it('keeps multi-byte characters split between chunks whole', () => {
    const { r, lines } = reader(100);
    const bytes = Buffer.from('"é€"\n');
    for (const byte of bytes) r.push(Buffer.from([byte]));
    expect(lines).toEqual(['"é€"']);
  });

  it('drops a line over the limit without holding it, reporting its head and tail', () => {
    const { r, lines, over } = reader(50);
    r.push(Buffer.from('{"jsonrpc":"2.0","id":7,"result":"'));
    r.push(Buffer.from('x'.repeat(100)));
    expect(over).toHaveLength(1);
    expect(over[0]!.ended).toBe(false);
    expect(over[0]!.head).toContain('"id":7');
    expect(r.buffered).toBe(0);
    r.push(Buffer.from('x'.repeat(1000) + '","id":9}\n{"ok":1}\n'));
    expect(over).toHaveLength(2);
    expect(over[1]).toMatchObject({ ended: true, bytes: 34 + 100 + 1000 + 9 });
    expect(over[1]!.tail.endsWith('"id":9}')).toBe(true);
    expect(lines).toEqual(['{"ok":1}']);
    expect(r.overflowBytes).toBe(0);
  });
});
