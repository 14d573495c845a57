/**
 * What a call's steps ask of its cancellation: whether the call ended early and why, and a word
 * when it does. An `AbortSignal` is one (the SDK path hands the agent's own); a lean-lane call
 * carries a `CallCancel` instead. Node's `AbortController` costs every call an EventTarget, and
 * each listener on it a validated registration: about 4.5 µs for the controller and one
 * listener, where this costs an object and an array. Steps that hand the call's end to an API
 * that wants a real `AbortSignal` (the SDK client, an HTTP exchange) take the call clock's
 * signal, which follows this one (upstream/call-clock.ts).
 */
export interface CallSignal {
  readonly aborted: boolean;
  /** Why the call ended (undefined while it runs). */
  readonly reason: unknown;
  /** Throws `reason` when the call has ended. */
  throwIfAborted(): void;
  /** Hears the end once; a listener added twice is heard once, as on an EventTarget. */
  addEventListener(type: 'abort', listener: AbortListener, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: AbortListener): void;
}

/** A function, or an object whose `handleEvent` is called (no closure needed per call). */
export type AbortListener = (() => void) | { handleEvent(): void };

/** A call's cancellation, ended by whoever holds it (the agent cancelled, or went away). */
export class CallCancel implements CallSignal {
  /** Set once, by `abort`, and never undefined then: it is also whether the call ended. */
  private why: unknown = undefined;
  private listeners: AbortListener[] | undefined;

  get aborted(): boolean {
    return this.why !== undefined;
  }

  get reason(): unknown {
    return this.why;
  }

  /** Ends the call; every listener hears it once, and later calls change nothing. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.why = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners;
    this.listeners = undefined;
    for (const listener of listeners ?? []) {
      try {
        if (typeof listener === 'function') listener();
        else listener.handleEvent();
      } catch (error) {
        // As an EventTarget does: one listener's throw neither stops the others nor is lost.
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  addEventListener(_type: 'abort', listener: AbortListener): void {
    // An ended call hears nothing more, as an aborted signal fires no second time.
    if (this.aborted) return;
    const listeners = (this.listeners ??= []);
    if (!listeners.includes(listener)) listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: AbortListener): void {
    const listeners = this.listeners;
    const index = listeners ? listeners.indexOf(listener) : -1;
    if (index >= 0) listeners!.splice(index, 1);
  }
}
