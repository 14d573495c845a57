import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse-parser';

describe('createSseParser', () => {
  it('emits one event per blank-line-terminated block, across chunk boundaries', () => {
    const seen: string[] = [];
    const feed = createSseParser((d) => seen.push(d));
    feed(': connected\n\nda');
    feed('ta: {"type":"pausedChanged",');
    feed('"paused":true}\n');
    expect(seen).toEqual([]);
    feed('\n');
    expect(seen).toEqual(['{"type":"pausedChanged","paused":true}']);
  });

  it('joins multi-line data, handles CRLF and ignores comments and other fields', () => {
    const seen: string[] = [];
    const feed = createSseParser((d) => seen.push(d));
    feed('event: x\r\ndata: a\r\ndata:b\r');
    feed('\n\r\n: keep-alive\n\n');
    expect(seen).toEqual(['a\nb']);
  });
});
