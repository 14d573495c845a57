/**
 * Exponential backoff with full jitter: the delay before restart attempt `n` (0-based) is a
 * random point in [base, min(cap, base * 2^n)], so servers that crash together do not restart
 * in lock-step.
 */
export function backoffDelay(
  attempt: number,
  baseMs = 250,
  capMs = 30_000,
  random = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(baseMs + random() * Math.max(0, ceiling - baseMs));
}
