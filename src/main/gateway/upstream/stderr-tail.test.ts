import { describe, expect, it } from 'vitest';
import { StderrTail } from './stderr-tail.js';

describe('StderrTail', () => {
  it('keeps complete lines, oldest first, from strings and Buffers', () => {
    const tail = new StderrTail();
    expect(tail.push('one\ntwo\n')).toBe(true);
    expect(tail.push(Buffer.from('three\n'))).toBe(true);
    expect(tail.lines()).toEqual(['one', 'two', 'three']);
  });

  it('joins a line split over chunks, and shows the unfinished part last', () => {
    const tail = new StderrTail();
    expect(tail.push('Error: can')).toBe(false);
    expect(tail.lines()).toEqual(['Error: can']);
    expect(tail.push('not connect')).toBe(false);
    expect(tail.push(' to db\nnext')).toBe(true);
    expect(tail.lines()).toEqual(['Error: cannot connect to db', 'next']);
  });

  it('handles CRLF, also when CR and LF arrive in different chunks', () => {
    const tail = new StderrTail();
    tail.push('a\r\nb\r');
    tail.push('\nc\n');
    expect(tail.lines()).toEqual(['a', 'b', 'c']);
  });

  it('skips empty lines', () => {
    const tail = new StderrTail();
    tail.push('a\n\n\nb\n');
    expect(tail.lines()).toEqual(['a', 'b']);
  });

  it('keeps only the last maxLines lines', () => {
    const tail = new StderrTail(3, 100);
    for (let i = 0; i < 100; i++) tail.push(`line ${i}\n`);
    expect(tail.lines()).toEqual(['line 97', 'line 98', 'line 99']);
    tail.push(Array.from({ length: 10 }, (_, i) => `burst ${i}\n`).join(''));
    expect(tail.lines()).toEqual(['burst 7', 'burst 8', 'burst 9']);
  });

  it('cuts long lines to maxLineLength and marks the cut', () => {
    const tail = new StderrTail(5, 10);
    tail.push(`${'x'.repeat(50)}\nshort\n${'y'.repeat(10)}\n`);
    expect(tail.lines()).toEqual([`${'x'.repeat(10)}…`, 'short', 'y'.repeat(10)]);
  });

  it('bounds an endless line without a newline (a flood costs fixed memory)', () => {
    const tail = new StderrTail(5, 10);
    for (let i = 0; i < 1000; i++) tail.push('z'.repeat(1000));
    expect(tail.lines()).toEqual(['z'.repeat(10)]);
    tail.push('\n');
    expect(tail.lines()).toEqual(['z'.repeat(10)]);
  });

  it('counts lines plus the unfinished one within maxLines + 1', () => {
    const tail = new StderrTail(2, 100);
    tail.push('a\nb\nc\npartial');
    expect(tail.lines()).toEqual(['b', 'c', 'partial']);
  });

  it('returns copies, so callers cannot change what it keeps', () => {
    const tail = new StderrTail();
    tail.push('a\n');
    tail.lines().push('injected');
    expect(tail.lines()).toEqual(['a']);
  });

  // BUG: push() is documented to return true "when at least one complete line was added", but
  // it returns true for any chunk holding a newline, even when every line in it is empty and
  // nothing was added. connection.ts emits a status change on true, so a server printing blank
  // lines makes the gateway publish serverChanged events with nothing changed. Fix: track
  // `let added = false;` set it to true after `this.buffer.push(...)`, and `return added;`.
  it('returns false when a chunk adds no line (only blank lines)', () => {
    const tail = new StderrTail();
    expect(tail.push('\n\n\r\n')).toBe(false);
  });
});
