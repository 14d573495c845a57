import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors.js';
import { ConcurrencyLimiter } from './limiter.js';

/** A task the test finishes by hand, recording when it started. */
function task(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  const fn = () => {
    log.push(name);
    return done;
  };
  return { fn, finish, fail };
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('runs calls at once under the bound and queues the rest in FIFO order', async () => {
    const limiter = new ConcurrencyLimiter({ maxInFlight: 2, maxQueue: 10 });
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => task(log, name));
    const runs = tasks.map((t) => limiter.run(t.fn));
    await settle();

    expect(log).toEqual(['a', 'b']);
    expect([limiter.inFlight, limiter.queued]).toEqual([2, 2]);
    tasks[1]?.finish();
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
    tasks[0]?.finish();
    tasks[2]?.finish();
    tasks[3]?.finish();

    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c', 'd']);
    expect([limiter.inFlight, limiter.queued]).toEqual([0, 0]);
  });

  it('refuses at once when the queue is full, saying the server is busy', async () => {
    const limiter = new ConcurrencyLimiter({ maxInFlight: 1, maxQueue: 1 });
    const log: string[] = [];
    const a = task(log, 'a');
    const b = task(log, 'b');
    const runA = limiter.run(a.fn);
    const runB = limiter.run(b.fn);

    const refused = limiter.run(async () => 'never');

    await expect(refused).rejects.toThrow('server busy: 1 calls in flight and 1 waiting');
    await expect(refused).rejects.toBeInstanceOf(GatewayError);
    await expect(refused).rejects.toMatchObject({ code: 'server_unavailable' });
    a.finish();
    b.finish();
    await Promise.all([runA, runB]);
  });

  it('frees the slot when a call fails', async () => {
    const limiter = new ConcurrencyLimiter({ maxInFlight: 1 });
    const log: string[] = [];
    const a = task(log, 'a');
    const b = task(log, 'b');
    const runA = limiter.run(a.fn);
    const runB = limiter.run(b.fn);

    a.fail(new Error('boom'));
    await expect(runA).rejects.toThrow('boom');
    b.finish();

    await expect(runB).resolves.toBe('b');
    expect(limiter.inFlight).toBe(0);
  });

  it('removes an aborted waiter from the queue without running it', async () => {
    const limiter = new ConcurrencyLimiter({ maxInFlight: 1 });
    const log: string[] = [];
    const a = task(log, 'a');
    const b = task(log, 'b');
    const c = task(log, 'c');
    const controller = new AbortController();
    const runA = limiter.run(a.fn);
    const runB = limiter.run(b.fn, controller.signal);
    const runC = limiter.run(c.fn);
    expect(limiter.queued).toBe(2);

    controller.abort(new Error('agent cancelled'));

    await expect(runB).rejects.toThrow('agent cancelled');
    expect(limiter.queued).toBe(1);
    a.finish();
    c.finish();
    await Promise.all([runA, runC]);
    expect(log).toEqual(['a', 'c']);
  });

  it('rejects without running when the signal is already aborted', async () => {
    const limiter = new ConcurrencyLimiter();
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    let ran = false;

    await expect(
      limiter.run(async () => {
        ran = true;
      }, controller.signal),
    ).rejects.toThrow('too late');
    expect(ran).toBe(false);
    expect(limiter.inFlight).toBe(0);
  });

  it('times a waiting call out after maxWaitMs, counting the time it queued', async () => {
    vi.useFakeTimers();
    try {
      const limiter = new ConcurrencyLimiter({ maxInFlight: 1, maxQueue: 4 });
      const log: string[] = [];
      const a = task(log, 'a');
      const b = task(log, 'b');
      const runA = limiter.run(a.fn);
      const runB = limiter.run(b.fn, undefined, 500);
      const failed = expect(runB).rejects.toMatchObject({ code: 'timeout' });
      await vi.advanceTimersByTimeAsync(500);
      await failed;
      expect(limiter.queued).toBe(0);
      a.finish();
      await runA;
      expect(log).toEqual(['a']);
      expect(limiter.inFlight).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails every waiting call at once with failWaiting, none of them run', async () => {
    const limiter = new ConcurrencyLimiter({ maxInFlight: 1, maxQueue: 4 });
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => task(log, name));
    const runA = limiter.run(a!.fn);
    const runs = [limiter.run(b!.fn), limiter.run(c!.fn)];
    limiter.failWaiting(new GatewayError('server_unavailable', 'paused'));
    for (const run of runs) await expect(run).rejects.toThrow('paused');
    a!.finish();
    await runA;
    expect(log).toEqual(['a']);
    expect(limiter.inFlight).toBe(0);
  });
});
