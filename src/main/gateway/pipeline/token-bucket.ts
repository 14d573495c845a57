/** How many log lines a server may send in a burst, and how fast the allowance refills. */
export interface BucketLimits {
  /** Lines accepted at once after a quiet spell. */
  capacity: number;
  /** Lines per second accepted in a steady stream. */
  perSecond: number;
}

/**
 * A token bucket: `take()` spends one token when there is one. Refilled from the elapsed time
 * at each take, so an idle bucket costs nothing and nothing needs a timer.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limits: BucketLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limits.capacity;
    this.last = now();
  }

  /** Whether a token was spent (the line may go); false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.last) / 1000) * this.limits.perSecond;
    this.tokens = Math.min(this.limits.capacity, this.tokens + refill);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
