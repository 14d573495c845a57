import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalView } from '../../../shared/model.js';
import {
  Approvals,
  type ApprovalEvents,
  type ApprovalOutcome,
  type ApprovalRequest,
} from './approvals.js';
import { GatewayError } from '../errors.js';

/** A queue with recorded events, a hand-moved clock and knobs the test can change. */
function setup(limits = { timeoutMs: 1000, maxPendingPerKey: 2 }) {
  let t = 1_000;
  const requested: ApprovalView[] = [];
  const settled: [string, ApprovalOutcome][] = [];
  const events: ApprovalEvents = {
    onRequested: (a) => requested.push(a),
    onSettled: (id, outcome) => settled.push([id, outcome]),
  };
  const approvals = new Approvals(
    { timeoutMs: () => limits.timeoutMs, maxPendingPerKey: () => limits.maxPendingPerKey },
    events,
    () => t,
  );
  return { approvals, requested, settled, limits, tick: (ms = 1) => (t += ms) };
}

function call(keyName = 'agent', signal = new AbortController().signal): ApprovalRequest {
  return {
    tool: 'fs__write_file',
    serverId: 'fs',
    description: 'Writes a file',
    role: 'coder',
    keyName,
    arguments: { path: '/tmp/x' },
    argsDigest: 'd'.repeat(64),
    signal,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Approvals', () => {
  it('lists a waiting call with its times and tells the observer', () => {
    const { approvals, requested } = setup();
    void approvals.request(call());
    expect(requested).toHaveLength(1);
    const view = requested[0]!;
    expect(view).toMatchObject({ tool: 'fs__write_file', keyName: 'agent', createdAt: 1000 });
    expect(view.expiresAt).toBe(2000);
    expect(view).not.toHaveProperty('signal');
    expect(approvals.get(view.id)).toEqual(view);
    expect(approvals.list()).toEqual([view]);
  });

  it('resolves with the decision and settles exactly once', async () => {
    const { approvals, requested, settled } = setup();
    const outcome = approvals.request(call());
    const id = requested[0]!.id;
    expect(approvals.decide(id, 'approve')).toBe(true);
    expect(approvals.decide(id, 'deny')).toBe(false);
    expect(approvals.decide(id, 'approve')).toBe(false);
    await expect(outcome).resolves.toBe('approved');
    expect(settled).toEqual([[id, 'approved']]);
    expect(approvals.list()).toEqual([]);
    expect(approvals.get(id)).toBeUndefined();
  });

  it('lets the first of two racing decisions win', async () => {
    const { approvals, requested, settled } = setup();
    const outcome = approvals.request(call());
    const id = requested[0]!.id;
    const results = [approvals.decide(id, 'deny'), approvals.decide(id, 'approve')];
    expect(results).toEqual([true, false]);
    await expect(outcome).resolves.toBe('denied');
    expect(settled).toEqual([[id, 'denied']]);
  });

  it('times out after the configured time, and a late decision is told it came too late', async () => {
    const { approvals, requested, settled } = setup();
    const outcome = approvals.request(call());
    const id = requested[0]!.id;
    vi.advanceTimersByTime(999);
    expect(approvals.get(id)).toBeDefined();
    vi.advanceTimersByTime(1);
    await expect(outcome).resolves.toBe('timeout');
    expect(approvals.decide(id, 'approve')).toBe(false);
    expect(settled).toEqual([[id, 'timeout']]);
    expect(approvals.list()).toEqual([]);
  });

  it('clears the timer when decided, so nothing fires later', async () => {
    const { approvals, requested, settled } = setup();
    const outcome = approvals.request(call());
    approvals.decide(requested[0]!.id, 'approve');
    await expect(outcome).resolves.toBe('approved');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(settled).toHaveLength(1);
  });

  it('removes a call whose agent cancels, and ignores decisions after that', async () => {
    const { approvals, requested, settled } = setup();
    const controller = new AbortController();
    const outcome = approvals.request(call('agent', controller.signal));
    const id = requested[0]!.id;
    controller.abort();
    await expect(outcome).resolves.toBe('cancelled');
    expect(approvals.list()).toEqual([]);
    expect(approvals.decide(id, 'approve')).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(settled).toEqual([[id, 'cancelled']]);
  });

  it('does not queue a call whose signal is already aborted', async () => {
    const { approvals, requested, settled } = setup();
    await expect(approvals.request(call('agent', AbortSignal.abort()))).resolves.toBe('cancelled');
    expect(requested).toEqual([]);
    expect(settled).toEqual([]);
    expect(approvals.list()).toEqual([]);
  });

  it('bounds waiting calls per key, and frees a slot when one settles', async () => {
    const { approvals, requested } = setup();
    void approvals.request(call('a'));
    void approvals.request(call('a'));
    const third = approvals.request(call('a'));
    await expect(third).rejects.toBeInstanceOf(GatewayError);
    await expect(third).rejects.toMatchObject({ code: 'denied' });
    await expect(third).rejects.toThrow(/key "a" already has 2 calls waiting/);
    expect(requested).toHaveLength(2);
    // Another key is not affected.
    void approvals.request(call('b'));
    expect(requested).toHaveLength(3);
    approvals.decide(requested[0]!.id, 'deny');
    void approvals.request(call('a'));
    expect(requested).toHaveLength(4);
  });

  it('reads its limits on every request', async () => {
    const { approvals, requested, limits } = setup();
    limits.timeoutMs = 50;
    const outcome = approvals.request(call());
    expect(requested[0]!.expiresAt - requested[0]!.createdAt).toBe(50);
    vi.advanceTimersByTime(50);
    await expect(outcome).resolves.toBe('timeout');
    limits.maxPendingPerKey = 0;
    await expect(approvals.request(call())).rejects.toMatchObject({ code: 'denied' });
  });

  it('lists waiting calls newest first', () => {
    const { approvals, requested, tick } = setup({ timeoutMs: 1000, maxPendingPerKey: 10 });
    for (let i = 0; i < 3; i++) {
      void approvals.request(call());
      tick(10);
    }
    expect(approvals.list().map((a) => a.id)).toEqual(requested.map((a) => a.id).reverse());
  });

  it('denies everything still waiting on clear', async () => {
    const { approvals, settled } = setup({ timeoutMs: 1000, maxPendingPerKey: 10 });
    const outcomes = [approvals.request(call('a')), approvals.request(call('b'))];
    approvals.clear();
    await expect(Promise.all(outcomes)).resolves.toEqual(['denied', 'denied']);
    expect(approvals.list()).toEqual([]);
    expect(settled.map(([, o]) => o)).toEqual(['denied', 'denied']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
