import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallCancel, type CallSignal } from '../call-signal.js';
import { CallClock } from './call-clock.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A caller's end: the SDK path's AbortSignal, or the lean lane's own CallCancel. */
interface Caller {
  signal: CallSignal;
  abort(reason?: unknown): void;
}

const callers: [string, () => Caller][] = [
  ['an AbortSignal', () => new AbortController()],
  [
    "the lane's CallCancel",
    () => {
      const cancel = new CallCancel();
      return { signal: cancel, abort: (reason?: unknown) => cancel.abort(reason) };
    },
  ],
];

describe.each(callers)('CallClock, its caller ending through %s', (_, makeCaller) => {
  it('aborts with the SDK timeout error once the time is up', () => {
    const clock = new CallClock(1_000, undefined);
    vi.advanceTimersByTime(999);
    expect(clock.options.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(clock.options.signal.aborted).toBe(true);
    expect(String(clock.options.signal.reason)).toContain('Request timed out');
  });

  it('stops while a server request waits, then runs on with what was left', async () => {
    const clock = new CallClock(1_000, undefined);
    vi.advanceTimersByTime(600);
    let answer!: () => void;
    const waiting = clock.paused(() => new Promise<void>((resolve) => (answer = resolve)));
    vi.advanceTimersByTime(60_000);
    expect(clock.options.signal.aborted).toBe(false);
    answer();
    await waiting;
    vi.advanceTimersByTime(399);
    expect(clock.options.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(clock.options.signal.aborted).toBe(true);
  });

  it("follows the caller's signal, and lets go of it when stopped", () => {
    const caller = makeCaller();
    const clock = new CallClock(1_000, caller.signal);
    caller.abort('agent cancelled');
    expect(clock.options.signal.reason).toBe('agent cancelled');
    const other = makeCaller();
    const stopped = new CallClock(1_000, other.signal);
    stopped.stop();
    other.abort();
    vi.advanceTimersByTime(5_000);
    expect(stopped.options.signal.aborted).toBe(false);
  });

  it('tells onEnd listeners of the timeout and of the caller cancelling, once each', () => {
    const timedOut = new CallClock(1_000, undefined);
    const heard: unknown[] = [];
    timedOut.onEnd(() => heard.push(timedOut.reason));
    vi.advanceTimersByTime(1_000);
    expect(timedOut.aborted).toBe(true);
    expect(String(heard[0])).toContain('Request timed out');

    const caller = makeCaller();
    const cancelled = new CallClock(1_000, caller.signal);
    const calls: unknown[] = [];
    cancelled.onEnd(() => calls.push(cancelled.reason));
    caller.abort('agent cancelled');
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual(['agent cancelled']);
    expect(heard).toHaveLength(1);
  });

  it('calls no listener that was removed, nor any after stop', () => {
    const caller = makeCaller();
    const clock = new CallClock(1_000, caller.signal);
    const heard: string[] = [];
    const removed = clock.onEnd(() => heard.push('removed'));
    clock.onEnd(() => heard.push('kept'));
    removed();
    caller.abort('gone');
    expect(heard).toEqual(['kept']);

    const other = makeCaller();
    const stopped = new CallClock(1_000, other.signal);
    stopped.onEnd(() => heard.push('after stop'));
    stopped.stop();
    other.abort();
    vi.advanceTimersByTime(5_000);
    expect(heard).toEqual(['kept']);
  });

  it('makes its signal on first use, aborted already when the call ended before', () => {
    const caller = makeCaller();
    const clock = new CallClock(1_000, caller.signal);
    caller.abort('early');
    expect(clock.signal.aborted).toBe(true);
    expect(clock.signal.reason).toBe('early');

    const late = new CallClock(1_000, undefined);
    vi.advanceTimersByTime(1_000);
    expect(String(late.signal.reason)).toContain('Request timed out');
  });
});
