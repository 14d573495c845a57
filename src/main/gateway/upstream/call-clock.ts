import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { CallCancel, type CallSignal } from '../call-signal.js';

/** The SDK's own timer is set beyond reach: the clock below times the call. */
const NO_SDK_TIMEOUT = 0x7fff_ffff;

/** How a forwarded request learns that its call ended early: timed out, or cancelled. */
export interface CallEnd {
  readonly aborted: boolean;
  /** Why it ended (the caller's reason, or the SDK's timeout error). */
  readonly reason: unknown;
  /** Calls `listener` once when the call ends early; returns the function that stops that. */
  onEnd(listener: () => void): () => void;
}

/**
 * A forwarded call's timeout that stops while a request the server sent during the call waits
 * for the agent (or for a person's approval): the server is not slow then, and a sampling
 * request a person approves after a minute must not time the call out. Ends with the same
 * error the SDK's own timeout gives, and follows the caller's signal.
 *
 * A signal of its own is made only for what needs one (a request through the SDK client, a
 * relayed request): a lean request listens through `onEnd`, which watches the caller's signal
 * directly, so a call pays for one signal and one listener on it rather than two of each.
 */
export class CallClock implements CallEnd {
  private controller: AbortController | undefined;
  private remaining: number;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiting = 0;
  /** The timeout's error once the time is up. */
  private timedOut: SdkError | undefined;
  /** Who hears of an early end through `onEnd` (a lean request): made for the first one. */
  private ended: CallCancel | undefined;
  private stopped = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly outer: CallSignal | undefined,
  ) {
    this.remaining = timeoutMs;
    this.run();
  }

  get aborted(): boolean {
    return this.timedOut !== undefined || this.outer?.aborted === true;
  }

  get reason(): unknown {
    return this.timedOut ?? this.outer?.reason;
  }

  /** The signal and timeout to send the request with through the SDK. */
  get options(): { signal: AbortSignal; timeout: number } {
    return { signal: this.signal, timeout: NO_SDK_TIMEOUT };
  }

  /** A signal that aborts when the call ends early (made on first use). */
  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = new AbortController();
    this.controller = controller;
    if (!this.stopped) {
      if (this.aborted) controller.abort(this.reason);
      else this.follow();
    }
    return controller.signal;
  }

  /** As `CallEnd.onEnd`; a call that ended already calls nothing (check `aborted` first). */
  onEnd(listener: () => void): () => void {
    const ended = (this.ended ??= new CallCancel());
    ended.addEventListener('abort', listener);
    if (!this.stopped) this.follow();
    return () => ended.removeEventListener('abort', listener);
  }

  /** Runs `wait` with the clock stopped. */
  async paused<T>(wait: () => Promise<T>): Promise<T> {
    if (this.waiting++ === 0) {
      clearTimeout(this.timer);
      this.remaining -= Date.now() - this.startedAt;
    }
    try {
      return await wait();
    } finally {
      if (--this.waiting === 0 && !this.aborted && !this.stopped) this.run();
    }
  }

  /** Stops the timer and lets go of the caller's signal. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this);
  }

  /** Watches the caller's signal for whoever listens (a second registration is a no-op). */
  private follow(): void {
    this.outer?.addEventListener('abort', this, { once: true });
  }

  /** The caller's signal aborted (the clock is its own listener: no closure per call). */
  handleEvent(): void {
    this.end();
  }

  private end(): void {
    this.controller?.abort(this.reason);
    this.ended?.abort(this.reason);
  }

  private run(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(
      () => {
        if (this.aborted) return;
        const timeout = this.timeoutMs;
        this.timedOut = new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', {
          timeout,
        });
        this.end();
      },
      Math.max(0, this.remaining),
    );
  }
}
