import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function openBreaker() {
  const c = clock();
  const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 10_000, now: c.now });
  for (let i = 0; i < 3; i++) {
    breaker.canPass();
    breaker.onFailure();
  }
  return { c, breaker };
}

describe('CircuitBreaker', () => {
  it('stays closed below the failure threshold, and a success resets the count', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3 });
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();

    expect(breaker.state).toBe('closed');
    expect(breaker.canPass()).toBe(true);
    expect(breaker.retryAt).toBeUndefined();
    expect(breaker.consecutiveFailures).toBe(2);
  });

  it('opens at the threshold and refuses calls until openMs has passed', () => {
    const { c, breaker } = openBreaker();

    expect(breaker.state).toBe('open');
    expect(breaker.retryAt).toBe(c.now() + 10_000);
    expect(breaker.canPass()).toBe(false);
    c.advance(9_999);
    expect(breaker.canPass()).toBe(false);
    c.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('lets exactly one probe through when half-open', () => {
    const { c, breaker } = openBreaker();
    c.advance(10_000);

    expect(breaker.canPass()).toBe(true);
    expect(breaker.canPass()).toBe(false);
    expect(breaker.canPass()).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    const { c, breaker } = openBreaker();
    c.advance(10_000);
    breaker.canPass();

    breaker.onSuccess();

    expect(breaker.state).toBe('closed');
    expect(breaker.retryAt).toBeUndefined();
    expect(breaker.canPass()).toBe(true);
    expect(breaker.canPass()).toBe(true);
  });

  it('opens again for another openMs when the probe fails', () => {
    const { c, breaker } = openBreaker();
    c.advance(10_000);
    breaker.canPass();

    breaker.onFailure();

    expect(breaker.state).toBe('open');
    expect(breaker.retryAt).toBe(c.now() + 10_000);
    expect(breaker.canPass()).toBe(false);
    c.advance(10_000);
    expect(breaker.canPass()).toBe(true);
  });

  it('gives the probe slot back when the probe is cancelled', () => {
    const { c, breaker } = openBreaker();
    c.advance(10_000);
    breaker.canPass();

    breaker.onCancelled();

    expect(breaker.state).toBe('half-open');
    expect(breaker.canPass()).toBe(true);
  });

  it('does not extend the wait for late failures of calls admitted before it opened', () => {
    const { c, breaker } = openBreaker();
    const retryAt = breaker.retryAt;
    c.advance(5_000);

    breaker.onFailure();

    expect(breaker.retryAt).toBe(retryAt);
  });

  it('tells each change of state once: open, half-open, closed', () => {
    const c = clock();
    const changes: string[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 2,
      openMs: 1_000,
      now: c.now,
      onChange: (state, previous) => changes.push(`${previous}->${state}`),
    });
    for (let i = 0; i < 3; i++) {
      breaker.canPass();
      breaker.onFailure();
    }
    c.advance(1_000);
    expect(breaker.canPass()).toBe(true);
    breaker.onSuccess();
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });
});
