import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallClock } from './call-clock.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CallClock', () => {
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
    const caller = new AbortController();
    const clock = new CallClock(1_000, caller.signal);
    caller.abort('agent cancelled');
    expect(clock.options.signal.reason).toBe('agent cancelled');
    const other = new AbortController();
    const stopped = new CallClock(1_000, other.signal);
    stopped.stop();
    other.abort();
    vi.advanceTimersByTime(5_000);
    expect(stopped.options.signal.aborted).toBe(false);
  });
});
