import { LRUCache } from 'lru-cache';

/** What identifies a cached answer: the caller's role, the tool, and its arguments. */
export interface CacheKey {
  role: string;
  serverId: string;
  tool: string;
  /** `digestOf(args)`: the canonical arguments' hash, computed once per call. */
  argsDigest: string;
}

/** How a ResponseCache is built. */
export interface ResponseCacheOptions {
  /** Bound on the summed JSON byte length of the stored results (default 32 MiB). */
  maxBytes?: number;
  /** How long a result stays fresh (default 30 s). */
  ttlMs?: number;
  /**
   * Bound on the number of stored results (default 10,000): `maxBytes` counts only payloads,
   * and each entry also costs its key, result objects and bookkeeping, a few hundred bytes
   * that a stream of tiny distinct answers would otherwise pile up without limit.
   */
  maxEntries?: number;
  /** Milliseconds clock driving expiry; defaults to `Date.now`. Must never return 0. */
  now?: () => number;
}

/** What `getOrLoad` answers: the value, and whether this caller's own load ran. */
export interface CacheResult<T> {
  value: T;
  /** True when no load ran for this caller: a stored entry, or a load already in flight. */
  hit: boolean;
  /** True when this caller waited on another caller's identical load (then `hit` is true). */
  coalesced: boolean;
}

/** Counters for the UI and tests. */
export interface CacheStats {
  entries: number;
  bytes: number;
  /** Answers without a load of their own (stored entries and coalesced waiters). */
  hits: number;
  /** Loads started. */
  misses: number;
  /** Of the hits, how many waited on an identical in-flight load. */
  coalesced: number;
}

interface Entry {
  serverId: string;
  value: unknown;
}

interface InFlight {
  serverId: string;
  promise: Promise<unknown>;
}

/** The cache's byte budget unless told otherwise. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The response cache for read-only tool results: per role (roles never share an answer), bounded
 * by bytes, expiring after a TTL, coalescing identical concurrent misses into one load.
 * Values are shared between callers, so treat them as immutable. A write to a server calls
 * `invalidateServer`, which also keeps loads already in flight from storing a stale answer.
 */
export class ResponseCache {
  private entries: LRUCache<string, Entry> | undefined;
  private readonly maxEntryBytes: number;
  /** Keys per server, kept in step by `dispose`, so invalidation costs O(that server's keys). */
  private readonly keysByServer = new Map<string, Set<string>>();
  /** Bumped by `invalidateServer`; a load stores its result only if the number did not move. */
  private readonly generations = new Map<string, number>();
  /** Bumped by `clear`, which detaches every in-flight load at once. */
  private epoch = 0;
  private readonly inFlight = new Map<string, InFlight>();
  private hits = 0;
  private misses = 0;
  private coalesced = 0;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private sweptAt: number;

  constructor(private readonly options: ResponseCacheOptions = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const now = options.now ?? Date.now;
    this.now = now;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.sweptAt = now();
    this.maxEntryBytes = Math.floor(maxBytes / 4);
  }

  /**
   * The entries, made with the first answer looked up: the LRU allocates its index arrays for
   * every possible entry up front, work a start need not do before its first agent is served.
   */
  private get lru(): LRUCache<string, Entry> {
    this.entries ??= new LRUCache<string, Entry>({
      max: this.options.maxEntries ?? 10_000,
      maxSize: this.options.maxBytes ?? DEFAULT_MAX_BYTES,
      ttl: this.ttlMs,
      ttlAutopurge: false,
      allowStale: false,
      // Read the injected clock on every check (the default caches it for 1 ms of real time).
      ttlResolution: 0,
      perf: { now: this.now },
      dispose: (entry, key) => this.forgetKey(entry.serverId, key),
    });
    return this.entries;
  }

  /** The cache key text: role, server, tool and the arguments' digest, separated by NUL. */
  static keyOf(key: CacheKey): string {
    return `${key.role}\0${key.serverId}\0${key.tool}\0${key.argsDigest}`;
  }

  /**
   * The stored answer for `key`, else the result of `load()` (run once however many identical
   * callers wait on it). A result is stored only if `cacheable(result)`, it fits in a quarter of
   * `maxBytes`, and the server was not invalidated while it loaded. A rejected load is never
   * stored and every waiter sees the rejection.
   */
  async getOrLoad<T>(
    key: CacheKey,
    load: () => Promise<T>,
    cacheable: (result: T) => boolean,
    /** The entry's size in bytes; the JSON length by default (a full stringify: pass a cheaper one). */
    sizeOf: (result: T) => number | undefined = jsonBytes,
  ): Promise<CacheResult<T>> {
    const text = ResponseCache.keyOf(key);
    const entry = this.lru.get(text);
    if (entry) {
      this.hits++;
      return { value: entry.value as T, hit: true, coalesced: false };
    }
    const pending = this.inFlight.get(text);
    if (pending) {
      this.hits++;
      this.coalesced++;
      return { value: (await pending.promise) as T, hit: true, coalesced: true };
    }
    this.misses++;
    const promise = this.load(text, key.serverId, load, cacheable, sizeOf);
    this.inFlight.set(text, { serverId: key.serverId, promise });
    try {
      return { value: await promise, hit: false, coalesced: false };
    } finally {
      if (this.inFlight.get(text)?.promise === promise) this.inFlight.delete(text);
    }
  }

  /**
   * Drops every answer of `serverId` (O(its entries)) and detaches its in-flight loads: their
   * results are not stored, and later callers start a fresh load instead of joining them.
   */
  invalidateServer(serverId: string): void {
    this.generations.set(serverId, this.generation(serverId) + 1);
    for (const [text, pending] of this.inFlight) {
      if (pending.serverId === serverId) this.inFlight.delete(text);
    }
    const keys = this.keysByServer.get(serverId);
    if (!keys) return;
    for (const text of [...keys]) this.lru.delete(text);
    this.keysByServer.delete(serverId);
  }

  /** Drops every answer and detaches every in-flight load. */
  clear(): void {
    this.epoch++;
    this.inFlight.clear();
    this.lru.clear();
    this.keysByServer.clear();
  }

  /** Entries, stored bytes and hit/miss counters since construction. */
  stats(): CacheStats {
    return {
      entries: this.lru.size,
      bytes: this.lru.calculatedSize,
      hits: this.hits,
      misses: this.misses,
      coalesced: this.coalesced,
    };
  }

  private async load<T>(
    text: string,
    serverId: string,
    load: () => Promise<T>,
    cacheable: (result: T) => boolean,
    sizeOf: (result: T) => number | undefined,
  ): Promise<T> {
    const epoch = this.epoch;
    const generation = this.generation(serverId);
    const value = await load();
    const detached = this.epoch !== epoch || this.generation(serverId) !== generation;
    if (detached || !cacheable(value)) return value;
    const size = sizeOf(value);
    if (size === undefined || size === 0 || size > this.maxEntryBytes) return value;
    this.sweep();
    this.lru.set(text, { serverId, value }, { size });
    // A set the cache refused (nothing to evict into) leaves no key behind to track.
    if (this.lru.has(text)) this.trackKey(serverId, text);
    return value;
  }

  /**
   * Drops expired entries, at most once per TTL. lru-cache only notices an expired entry when
   * that key is read again, and distinct calls never are: without this, every answer stayed
   * until `maxBytes` pushed it out, long after it could be served.
   */
  private sweep(): void {
    const now = this.now();
    if (now - this.sweptAt < this.ttlMs) return;
    this.sweptAt = now;
    this.lru.purgeStale();
  }

  private generation(serverId: string): number {
    return this.generations.get(serverId) ?? 0;
  }

  private trackKey(serverId: string, text: string): void {
    let keys = this.keysByServer.get(serverId);
    if (!keys) this.keysByServer.set(serverId, (keys = new Set()));
    keys.add(text);
  }

  private forgetKey(serverId: string, text: string): void {
    const keys = this.keysByServer.get(serverId);
    if (!keys) return;
    keys.delete(text);
    if (keys.size === 0) this.keysByServer.delete(serverId);
  }
}

/** UTF-8 byte length of the JSON of a value; undefined when it has no JSON form. */
function jsonBytes(value: unknown): number | undefined {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : Buffer.byteLength(json, 'utf8');
  } catch {
    return undefined;
  }
}
