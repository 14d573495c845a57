import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallCancel } from './call-signal.js';

afterEach(() => vi.restoreAllMocks());

describe('CallCancel', () => {
  it('ends once: every listener hears it once, with the first reason', () => {
    const cancel = new CallCancel();
    const heard: string[] = [];
    const listener = () => heard.push(`function: ${String(cancel.reason)}`);
    cancel.addEventListener('abort', listener);
    // Added twice, heard once, as on an EventTarget.
    cancel.addEventListener('abort', listener);
    cancel.addEventListener('abort', { handleEvent: () => heard.push('object') });
    expect(cancel.aborted).toBe(false);
    expect(() => cancel.throwIfAborted()).not.toThrow();

    cancel.abort('agent cancelled');
    cancel.abort('second reason');
    expect(heard).toEqual(['function: agent cancelled', 'object']);
    expect(cancel.aborted).toBe(true);
    expect(cancel.reason).toBe('agent cancelled');
    expect(() => cancel.throwIfAborted()).toThrow('agent cancelled');
  });

  it('calls no listener that was removed, nor one added after the end', () => {
    const cancel = new CallCancel();
    const heard: string[] = [];
    const removed = () => heard.push('removed');
    cancel.addEventListener('abort', removed);
    cancel.addEventListener('abort', () => heard.push('kept'));
    cancel.removeEventListener('abort', removed);
    // Removing what was never added changes nothing.
    cancel.removeEventListener('abort', () => undefined);
    cancel.abort('gone');
    cancel.addEventListener('abort', () => heard.push('late'));
    expect(heard).toEqual(['kept']);
  });

  it('ends without a reason as an AbortController does: an AbortError', () => {
    const cancel = new CallCancel();
    cancel.abort();
    const reason = cancel.reason as DOMException;
    expect(reason).toBeInstanceOf(DOMException);
    expect(reason.name).toBe('AbortError');
    const controller = new AbortController();
    controller.abort();
    expect(reason.message).toBe((controller.signal.reason as DOMException).message);
  });

  it('lets a throwing listener stop neither the others nor its error', () => {
    const later: (() => void)[] = [];
    vi.spyOn(process, 'nextTick').mockImplementation((fn) => {
      later.push(fn as () => void);
    });
    const cancel = new CallCancel();
    const heard: string[] = [];
    cancel.addEventListener('abort', () => {
      throw new Error('listener broke');
    });
    cancel.addEventListener('abort', () => heard.push('after'));
    cancel.abort('x');
    expect(heard).toEqual(['after']);
    // Thrown on the next tick, where an EventTarget throws it: an uncaught error, not lost.
    expect(later).toHaveLength(1);
    expect(() => later[0]!()).toThrow('listener broke');
  });
});
