/** Where a circuit breaker stands: passing calls, refusing them, or letting one probe through. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** How a CircuitBreaker is built. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before it lets a probe through (default 10 s). */
  openMs?: number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Told each change of state as a call reveals it (an open circuit half-opens on a read). */
  onChange?: (state: BreakerState, previous: BreakerState) => void;
}

/**
 * A per-server circuit breaker: after `failureThreshold` consecutive failures it refuses calls
 * for `openMs`, then lets exactly one probe through at a time; the probe's success closes it and
 * its failure opens it again. Every call admitted by `canPass()` must end in exactly one of
 * `onSuccess()`, `onFailure()` or `onCancelled()`.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openedUntil: number | undefined;
  private probing = false;
  private reported: BreakerState = 'closed';
  private readonly onChange: CircuitBreakerOptions['onChange'];

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 5);
    this.openMs = options.openMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
  }

  /** Tells `onChange` when the state differs from the last one told. */
  private report(): void {
    const state = this.state;
    if (state === this.reported) return;
    const previous = this.reported;
    this.reported = state;
    this.onChange?.(state, previous);
  }

  /** The state now: an open circuit whose wait is over reads as half-open. */
  get state(): BreakerState {
    if (this.openedUntil === undefined) return 'closed';
    return this.now() >= this.openedUntil ? 'half-open' : 'open';
  }

  /** Epoch ms at which an open circuit half-opens; undefined when the circuit is closed. */
  get retryAt(): number | undefined {
    return this.openedUntil;
  }

  /** Consecutive failures counted so far (reset by a success). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Whether a call may go through now. In half-open state this takes the single probe slot, so
   * only call it when the call will really be made.
   */
  canPass(): boolean {
    this.report();
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.probing) return false;
        this.probing = true;
        return true;
    }
  }

  /** A call succeeded: the server answers, so the circuit closes. */
  onSuccess(): void {
    this.failures = 0;
    this.openedUntil = undefined;
    this.probing = false;
    this.report();
  }

  /**
   * A call failed: count it, and open the circuit at the threshold or when a probe failed.
   * Late failures of calls admitted before the circuit opened do not extend the wait.
   */
  onFailure(): void {
    const state = this.state;
    if (state === 'open') return;
    this.failures++;
    if (state === 'half-open' || this.failures >= this.failureThreshold) {
      this.openedUntil = this.now() + this.openMs;
      this.probing = false;
    }
    this.report();
  }

  /** A call ended without a verdict (the agent cancelled): a probe slot is given back. */
  onCancelled(): void {
    this.probing = false;
  }
}
