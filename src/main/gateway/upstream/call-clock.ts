import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';

/** The SDK's own timer is set beyond reach: the clock below times the call. */
const NO_SDK_TIMEOUT = 0x7fff_ffff;

/**
 * A forwarded call's timeout that stops while a request the server sent during the call waits
 * for the agent (or for a person's approval): the server is not slow then, and a sampling
 * request a person approves after a minute must not time the call out. Aborts with the same
 * error the SDK's own timeout gives, and follows the caller's signal.
 */
export class CallClock {
  private readonly controller = new AbortController();
  private remaining: number;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiting = 0;
  private readonly follow: () => void;

  constructor(
    private readonly timeoutMs: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    this.remaining = timeoutMs;
    this.follow = () => this.controller.abort(outer?.reason);
    if (outer?.aborted) this.follow();
    else outer?.addEventListener('abort', this.follow, { once: true });
    this.run();
  }

  /** The signal and timeout to send the request with. */
  get options(): { signal: AbortSignal; timeout: number } {
    return { signal: this.controller.signal, timeout: NO_SDK_TIMEOUT };
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
      if (--this.waiting === 0 && !this.controller.signal.aborted) this.run();
    }
  }

  /** Stops the timer and lets go of the caller's signal. */
  stop(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.follow);
  }

  private run(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(
      () => {
        const timeout = this.timeoutMs;
        this.controller.abort(
          new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout }),
        );
      },
      Math.max(0, this.remaining),
    );
  }
}
