/**
 * `before-quit` done right: the first quit is held (preventDefault) until the Switchboard has
 * stopped every child server, then quitting resumes; a second quit while stopping waits for
 * the same stop; a stop that hangs is given up after a deadline so the app always exits.
 * No electron import: the event is anything with `preventDefault`.
 */
export interface QuitGate {
  /** The `before-quit` handler. */
  beforeQuit(event: { preventDefault(): void }): void;
  /** Whether the app is on its way out (windows then close instead of hiding). */
  isQuitting(): boolean;
}

/** Options of `createQuitGate`. */
export interface QuitGateOptions {
  /** Stops everything; failures are reported, never block the exit. */
  stop(): Promise<void>;
  /** Resumes quitting (`app.quit()`); called exactly once. */
  resume(): void;
  onError?(error: unknown): void;
  timeoutMs?: number;
}

export function createQuitGate(options: QuitGateOptions): QuitGate {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  const finish = () => {
    if (phase === 'stopped') return;
    phase = 'stopped';
    options.resume();
  };
  return {
    beforeQuit(event) {
      if (phase === 'stopped') return;
      event.preventDefault();
      if (phase === 'stopping') return;
      phase = 'stopping';
      const timer = setTimeout(() => {
        options.onError?.(new Error('stopping took too long; quitting anyway'));
        finish();
      }, options.timeoutMs ?? 10_000);
      options
        .stop()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          clearTimeout(timer);
          finish();
        });
    },
    isQuitting: () => phase !== 'running',
  };
}
