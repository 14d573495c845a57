import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQuitGate } from './quit-gate.js';

function quitEvent() {
  return { preventDefault: vi.fn() };
}

describe('createQuitGate', () => {
  afterEach(() => vi.useRealTimers());

  it('holds the first quit until everything has stopped, then resumes once', async () => {
    let release!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const resume = vi.fn();
    const gate = createQuitGate({ stop, resume });
    const first = quitEvent();
    gate.beforeQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(gate.isQuitting()).toBe(true);
    const second = quitEvent();
    gate.beforeQuit(second); // Cmd-Q pressed again while stopping
    expect(second.preventDefault).toHaveBeenCalled();
    expect(stop).toHaveBeenCalledOnce();
    expect(resume).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(resume).toHaveBeenCalledOnce());
    const resumed = quitEvent();
    gate.beforeQuit(resumed); // the quit that resume() starts goes through
    expect(resumed.preventDefault).not.toHaveBeenCalled();
  });

  it('still quits when stopping fails, and reports it', async () => {
    const onError = vi.fn();
    const resume = vi.fn();
    const gate = createQuitGate({
      stop: () => Promise.reject(new Error('child stuck')),
      resume,
      onError,
    });
    gate.beforeQuit(quitEvent());
    await vi.waitFor(() => expect(resume).toHaveBeenCalledOnce());
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'child stuck' }));
  });

  it('gives up on a stop that hangs', () => {
    vi.useFakeTimers();
    const resume = vi.fn();
    const gate = createQuitGate({ stop: () => new Promise(() => {}), resume, timeoutMs: 1_000 });
    gate.beforeQuit(quitEvent());
    vi.advanceTimersByTime(999);
    expect(resume).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(resume).toHaveBeenCalledOnce();
  });
});
