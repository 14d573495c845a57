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
  signal: AbortSignal | undefined;
  onAbort: () => void;
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
   * queue is full, or when `signal` aborts before it started (an abort after that is `fn`'s job).
   */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.running < this.maxInFlight) {
      this.running++;
    } else {
      await this.enqueue(signal);
    }
    // The slot is ours from here on: released exactly once, whatever fn does.
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private enqueue(signal: AbortSignal | undefined): Promise<void> {
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
      const waiter: Waiter = {
        start: resolve,
        signal,
        onAbort: () => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal?.reason);
        },
      };
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
    next.signal?.removeEventListener('abort', next.onAbort);
    next.start();
  }
}
