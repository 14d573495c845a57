import { describe, expect, it, vi } from 'vitest';
import { ResponseCache, type CacheKey } from './cache.js';
import { digestOf } from './canonical.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Result = { text: string; isError?: boolean };
/** A key as the call pipeline builds it: `args` stand in the key by their digest. */
const key = ({
  args = { path: '/a', encoding: 'utf8' },
  ...over
}: Partial<Omit<CacheKey, 'argsDigest'>> & { args?: unknown } = {}): CacheKey => ({
  role: 'reader',
  serverId: 'fs',
  tool: 'read_file',
  argsDigest: digestOf(args),
  ...over,
});
const always = () => true;
const notError = (r: Result) => !r.isError;

describe('ResponseCache', () => {
  it('answers a repeated call from the cache, whatever the order of argument keys', async () => {
    const cache = new ResponseCache();
    const load = vi.fn(async () => ({ text: 'A' }));

    const first = await cache.getOrLoad(key(), load, always);
    const second = await cache.getOrLoad(
      key({ args: { encoding: 'utf8', path: '/a' } }),
      load,
      always,
    );

    expect(first).toEqual({ value: { text: 'A' }, hit: false, coalesced: false });
    expect(second).toEqual({ value: { text: 'A' }, hit: true, coalesced: false });
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  it('expires an entry after ttlMs of the injected clock', async () => {
    const c = clock();
    const cache = new ResponseCache({ ttlMs: 1_000, now: c.now });
    let n = 0;
    const load = async () => ({ text: `v${++n}` });
    await cache.getOrLoad(key(), load, always);

    c.advance(1_000);
    expect((await cache.getOrLoad(key(), load, always)).hit).toBe(true);
    c.advance(1);
    const after = await cache.getOrLoad(key(), load, always);

    expect(after).toMatchObject({ value: { text: 'v2' }, hit: false });
  });

  it('lets go of expired answers that are never asked for again', async () => {
    const c = clock();
    const cache = new ResponseCache({ ttlMs: 1_000, now: c.now });
    const load = async () => ({ text: 'x' });
    for (let i = 0; i < 100; i++) await cache.getOrLoad(key({ args: i }), load, always);
    expect(cache.stats().entries).toBe(100);

    c.advance(1_001);
    await cache.getOrLoad(key({ args: 'next' }), load, always);

    expect(cache.stats()).toMatchObject({
      entries: 1,
      bytes: JSON.stringify({ text: 'x' }).length,
    });
  });

  it('bounds the number of entries however small each answer is', async () => {
    const cache = new ResponseCache({ maxEntries: 10 });
    const load = async () => ({ text: 'x' });
    for (let i = 0; i < 50; i++) await cache.getOrLoad(key({ args: i }), load, always);

    expect(cache.stats().entries).toBe(10);
    expect((await cache.getOrLoad(key({ args: 49 }), load, always)).hit).toBe(true);
  });

  it('never shares an answer across roles, servers, tools or arguments', async () => {
    const cache = new ResponseCache();
    const load = vi.fn(async () => ({ text: 'x' }));
    await cache.getOrLoad(key(), load, always);

    for (const other of [
      key({ role: 'admin' }),
      key({ serverId: 'web' }),
      key({ tool: 'list_dir' }),
      key({ args: { path: '/b', encoding: 'utf8' } }),
    ]) {
      expect((await cache.getOrLoad(other, load, always)).hit).toBe(false);
    }
    expect(load).toHaveBeenCalledTimes(5);
  });

  it('drops a server’s entries on invalidateServer and keeps other servers', async () => {
    const cache = new ResponseCache();
    const load = vi.fn(async () => ({ text: 'x' }));
    await cache.getOrLoad(key(), load, always);
    await cache.getOrLoad(key({ args: { path: '/b' } }), load, always);
    await cache.getOrLoad(key({ serverId: 'web' }), load, always);

    cache.invalidateServer('fs');

    expect(cache.stats().entries).toBe(1);
    expect((await cache.getOrLoad(key(), load, always)).hit).toBe(false);
    expect((await cache.getOrLoad(key({ serverId: 'web' }), load, always)).hit).toBe(true);
  });

  it('does not store a read that was in flight when a write invalidated its server', async () => {
    const cache = new ResponseCache();
    const stale = deferred<Result>();
    const reading = cache.getOrLoad(key(), () => stale.promise, always);

    cache.invalidateServer('fs');
    // A caller after the write starts a fresh load instead of joining the stale one.
    const fresh = cache.getOrLoad(key(), async () => ({ text: 'new' }), always);
    stale.resolve({ text: 'old' });

    expect((await reading).value).toEqual({ text: 'old' });
    expect(await fresh).toMatchObject({ value: { text: 'new' }, hit: false });
    expect(await cache.getOrLoad(key(), async () => ({ text: 'unused' }), always)).toMatchObject({
      value: { text: 'new' },
      hit: true,
    });
  });

  it('does not store a read that was in flight when the cache was cleared', async () => {
    const cache = new ResponseCache();
    const stale = deferred<Result>();
    const reading = cache.getOrLoad(key(), () => stale.promise, always);

    cache.clear();
    stale.resolve({ text: 'old' });
    await reading;

    expect(cache.stats().entries).toBe(0);
  });

  it('coalesces identical concurrent misses into one load', async () => {
    const cache = new ResponseCache();
    const gate = deferred<Result>();
    const load = vi.fn(() => gate.promise);

    const calls = Array.from({ length: 10 }, () => cache.getOrLoad(key(), load, always));
    gate.resolve({ text: 'once' });
    const results = await Promise.all(calls);

    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value.text === 'once')).toBe(true);
    expect(results.filter((r) => !r.hit)).toHaveLength(1);
    expect(results.filter((r) => r.coalesced)).toHaveLength(9);
    expect(cache.stats()).toMatchObject({ hits: 9, misses: 1, coalesced: 9 });
  });

  it('does not cache a rejected load, and every waiter sees the rejection', async () => {
    const cache = new ResponseCache();
    const gate = deferred<Result>();
    const first = cache.getOrLoad(key(), () => gate.promise, always);
    const second = cache.getOrLoad(key(), () => gate.promise, always);

    gate.reject(new Error('upstream down'));

    await expect(first).rejects.toThrow('upstream down');
    await expect(second).rejects.toThrow('upstream down');
    const retry = await cache.getOrLoad(key(), async () => ({ text: 'ok' }), always);
    expect(retry).toMatchObject({ value: { text: 'ok' }, hit: false });
  });

  it('does not store a result that is not cacheable', async () => {
    const cache = new ResponseCache();
    const load = vi.fn(async (): Promise<Result> => ({ text: 'boom', isError: true }));

    await cache.getOrLoad(key(), load, notError);
    await cache.getOrLoad(key(), load, notError);

    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.stats().entries).toBe(0);
  });

  it('keeps stored bytes within maxBytes and skips a result over a quarter of it', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000 });
    const sized = (bytes: number) => async () => ({ text: 'x'.repeat(bytes - 11) });

    await cache.getOrLoad(key({ tool: 'big' }), sized(251), always);
    expect(cache.stats().entries).toBe(0);
    for (let i = 0; i < 10; i++) await cache.getOrLoad(key({ args: i }), sized(200), always);

    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(1_000);
    expect(stats.entries).toBe(5);
    // The least recently used entries went first.
    expect((await cache.getOrLoad(key({ args: 9 }), sized(200), always)).hit).toBe(true);
    expect((await cache.getOrLoad(key({ args: 0 }), sized(200), always)).hit).toBe(false);
  });

  it('invalidates entries correctly after eviction and re-storing', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000 });
    const load = async () => ({ text: 'x'.repeat(189) });
    for (let i = 0; i < 8; i++) await cache.getOrLoad(key({ args: i }), load, always);

    cache.invalidateServer('fs');

    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
