import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/model.js';
import { AuditLog } from './audit.js';
import { AuditCursorError, AuditReader } from './audit-reader.js';

let dir: string;
let log: AuditLog | undefined;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'switchboard-audit-reader-')), 'audit');
});
afterEach(() => {
  log?.close();
  log = undefined;
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 1);

/** Line `n` of a log: one second apart, every 97th an error of server `b`. */
function entry(n: number, over: Partial<AuditEntry> = {}): AuditEntry {
  const failing = n % 97 === 0;
  return {
    time: new Date(T0 + n * 1000).toISOString(),
    keyName: n % 2 ? 'laptop' : 'ci',
    role: n % 3 ? 'coder' : 'reader',
    method: 'tools/call',
    tool: failing ? 'b__explode' : `a__tool_${n % 5}`,
    serverId: failing ? 'b' : 'a',
    argsDigest: 'a'.repeat(64),
    argsPreview: `{"n":${n}}`,
    decision: n % 11 === 0 ? 'ask' : 'allow',
    decidedBy: 'rule',
    outcome: failing ? 'error' : 'ok',
    durationMs: 3,
    cacheHit: false,
    ...(failing ? { error: `failure ${n}` } : { result: `result ${n}` }),
    ...over,
  };
}

/** Writes lines 1..count through the real audit log (rotating by size when asked). */
function write(count: number, options?: ConstructorParameters<typeof AuditLog>[1]): void {
  log = new AuditLog(dir, { recent: 10, ...options });
  for (let n = 1; n <= count; n++) log.append(entry(n));
}

/** Every page of a query, following cursors to the end. */
async function readAll(reader: AuditReader, query: Parameters<AuditReader['page']>[0]) {
  const pages: AuditEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.page({ ...query, ...(cursor ? { cursor } : {}) });
    pages.push(page.entries);
    cursor = page.cursor;
  } while (cursor);
  return pages;
}

const numbers = (entries: AuditEntry[]) => entries.map((e) => JSON.parse(e.argsPreview).n);

describe('AuditReader', () => {
  it('pages the whole log newest first across rotated files, each line once', async () => {
    write(3000, { maxBytes: 64 * 1024, keep: 50 });
    expect(readdirSync(dir).filter((f) => /^audit\.\d+\.jsonl$/.test(f)).length).toBeGreaterThan(3);
    // Small chunks: lines straddle chunk and file boundaries all the time.
    const reader = new AuditReader(dir, { chunkBytes: 1000 });
    const pages = await readAll(reader, { limit: 250 });
    expect(pages.slice(0, -1).every((p) => p.length === 250)).toBe(true);
    const all = numbers(pages.flat());
    expect(all).toEqual(Array.from({ length: 3000 }, (_, i) => 3000 - i));
  });

  it('applies every filter over the whole log, not only the newest lines', async () => {
    write(20_000, { maxBytes: 512 * 1024, keep: 20 });
    const reader = new AuditReader(dir);
    const errors = (await readAll(reader, { outcome: 'error', limit: 50 })).flat();
    expect(numbers(errors)).toEqual(
      Array.from({ length: Math.floor(20_000 / 97) }, (_, i) => (Math.floor(20_000 / 97) - i) * 97),
    );
    // The oldest error is older than the newest 10,000 lines.
    expect(numbers(errors).at(-1)).toBe(97);

    const narrow = (
      await readAll(reader, {
        key: 'laptop',
        role: 'reader',
        server: 'a',
        tool: 'TOOL_2',
        decision: 'allow',
        limit: 100,
      })
    ).flat();
    expect(narrow.length).toBeGreaterThan(0);
    for (const e of narrow) {
      const n = JSON.parse(e.argsPreview).n as number;
      expect([n % 2, n % 3, n % 5, n % 11 === 0, n % 97 === 0]).toEqual([1, 0, 2, false, false]);
    }
    const text = (await readAll(reader, { text: 'FAILURE 19497', limit: 10 })).flat();
    expect(numbers(text)).toEqual([19497]);
  });

  it('reads a time range and stops soon after its start', async () => {
    write(5000);
    const reader = new AuditReader(dir);
    const from = T0 + 4001 * 1000;
    const to = T0 + 4011 * 1000;
    const page = await reader.page({ from, to, limit: 100 });
    expect(numbers(page.entries)).toEqual(Array.from({ length: 10 }, (_, i) => 4010 - i));
    expect(page.cursor).toBeUndefined();
    // It stopped an hour (the ordering slack) before the range, not at the first line.
    expect(page.scannedTo).toBeGreaterThan(T0 + 4001 * 1000 - 3_700_000);
  });

  it('keeps a cursor valid while new lines arrive and the file rotates', async () => {
    write(1000, { maxBytes: 40 * 1024, keep: 100 });
    const reader = new AuditReader(dir);
    const first = await reader.page({ limit: 100 });
    expect(numbers(first.entries)[0]).toBe(1000);
    // More traffic: appends and rotations move lines to other file names.
    for (let n = 1001; n <= 1400; n++) log!.append(entry(n));
    const rest = await readAll(reader, { limit: 300, cursor: first.cursor });
    expect(numbers(rest.flat())).toEqual(Array.from({ length: 900 }, (_, i) => 900 - i));
  });

  it('skips torn and foreign lines, and masks text fields', async () => {
    write(5);
    log!.close();
    log = undefined;
    appendFileSync(join(dir, 'audit.jsonl'), 'not json\n{"time":"x"}\n{"time":"2026-01-01T0');
    const reader = new AuditReader(dir, { mask: (t) => t.replace(/result/g, '***') });
    const page = await reader.page({ limit: 10 });
    expect(numbers(page.entries)).toEqual([5, 4, 3, 2, 1]);
    expect(page.entries[0]!.result).toBe('*** 5');
  });

  it('parses old lines without the wait, server time and result fields', async () => {
    write(0);
    const old = { ...entry(1) } as Partial<AuditEntry>;
    delete old.result;
    appendFileSync(join(dir, 'audit.jsonl'), `${JSON.stringify(old)}\n`);
    const page = await new AuditReader(dir).page({ limit: 10 });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]!.waitMs).toBeUndefined();
  });

  it('answers with a cursor when a page reads its byte budget without filling up', async () => {
    write(2000);
    const reader = new AuditReader(dir, { maxScanBytes: 50_000 });
    const page = await reader.page({ outcome: 'denied', limit: 10 });
    expect(page.entries).toEqual([]);
    expect(page.cursor).toBeDefined();
    const rest = (await readAll(reader, { outcome: 'denied', limit: 10 })).flat();
    expect(rest).toEqual([]);
  });

  it('refuses a cursor it never gave out, and reads nothing from a missing folder', async () => {
    write(3);
    const reader = new AuditReader(dir);
    await expect(reader.page({ cursor: '../etc', limit: 1 })).rejects.toThrow(AuditCursorError);
    const empty = await new AuditReader(join(dir, 'nope')).page({ limit: 5 });
    expect(empty).toEqual({ entries: [] });
  });
});
