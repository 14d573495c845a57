import type { CallSignal } from '../call-signal.js';
import { GatewayError } from '../errors.js';

/** How a ConcurrencyLimiter is built. */
export interface ConcurrencyLimiterOptions {
  /** Calls running at once (default 16). */
  maxInFlight?: number;
  /** Calls waiting for a slot (default 64); one more is refused at once. */
  maxQueue?: number;
}

interface Waiter {
  start: () => void;
  fail: (error: unknown) => void;
  signal: CallSignal | undefined;
  onAbort: () => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Bounds the calls in flight to one server: up to `maxInFlight` run, up to `maxQueue` wait in
 * FIFO order, and any more are refused at once with a `server_unavailable` GatewayError that
 * says the server is busy. A waiter whose signal aborts leaves the queue with the signal's reason.
 */
export class ConcurrencyLimiter {
  private readonly maxInFlight: number;
  private readonly maxQueue: number;
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(options: ConcurrencyLimiterOptions = {}) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 16);
    this.maxQueue = Math.max(0, options.maxQueue ?? 64);
  }

  /** Calls running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `fn` when a slot is free and settles as it does. Rejects without running it when the
   * queue is full, when `signal` aborts before it started (an abort after that is `fn`'s job),
   * or when it waited `maxWaitMs` (a `timeout` GatewayError).
   */
  async run<T>(fn: () => Promise<T>, signal?: CallSignal, maxWaitMs?: number): Promise<T> {
    signal?.throwIfAborted();
    if (this.running < this.maxInFlight) {
      this.running++;
    } else {
      await this.enqueue(signal, maxWaitMs);
    }
    // The slot is ours from here on: released exactly once, whatever fn does.
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Fails every waiting call with `error` (the server was paused: none of them may go out). */
  failWaiting(error: unknown): void {
    for (const waiter of this.waiting.splice(0)) {
      this.forget(waiter);
      waiter.fail(error);
    }
  }

  private forget(waiter: Waiter): void {
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
    clearTimeout(waiter.timer);
  }

  private enqueue(signal: CallSignal | undefined, maxWaitMs: number | undefined): Promise<void> {
    if (this.waiting.length >= this.maxQueue) {
      return Promise.reject(
        new GatewayError(
          'server_unavailable',
          `server busy: ${this.running} calls in flight and ${this.waiting.length} waiting; ` +
            'retry shortly',
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const leave = (error: unknown) => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        this.forget(waiter);
        reject(error);
      };
      const waiter: Waiter = {
        start: resolve,
        fail: reject,
        signal,
        onAbort: () => leave(signal?.reason),
        timer: undefined,
      };
      if (maxWaitMs !== undefined) {
        waiter.timer = setTimeout(
          () =>
            leave(
              new GatewayError(
                'timeout',
                `the call timed out after ${maxWaitMs} ms waiting in the queue ` +
                  `(${this.running} calls in flight)`,
              ),
            ),
          maxWaitMs,
        );
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Hands the slot straight to the next waiter (no barging), else frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.running--;
      return;
    }
    this.forget(next);
    next.start();
  }
}
