import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AuditPageQuerySchema,
  matchesAuditFilter,
  type AuditFilter,
  type AuditPage,
  type AuditPageQuery,
} from '../../../shared/audit-query.js';
import { AuditEntrySchema, type AuditEntry } from '../../../shared/model.js';

/** How the reader is set up. */
export interface AuditReaderOptions {
  /** Masks secrets in the text fields of every line read (the redactor's `text`). */
  mask?: (text: string) => string;
  /** Bytes read per page at most before it answers with what it found (and a cursor). */
  maxScanBytes?: number;
  /** Bytes read from disk at a time. */
  chunkBytes?: number;
}

/**
 * Lines are written when a call ends but carry the time it arrived, so near the start of a
 * time range they are not quite in order; the reader looks this far past `from` before it
 * stops.
 */
const ORDER_SLACK_MS = 60 * 60_000;

/** One file of the log, newest first; the inode follows the file through rotation's renames. */
interface LogFile {
  path: string;
  ino: number;
  size: number;
}

/**
 * Reads the audit log on disk backwards, newest line first, a page at a time, across the
 * current file and every rotated one. The cursor names a file by inode and a byte offset in
 * it: rotation renames files (keeping the inode) and appends land after the offset, so a
 * cursor stays valid while the log grows. Torn or foreign lines are skipped. Reads are async
 * and chunked, so a search through the whole log never holds the gateway's event loop.
 */
export class AuditReader {
  private readonly mask: (text: string) => string;
  private readonly maxScanBytes: number;
  private readonly chunkBytes: number;

  constructor(
    private readonly dir: string,
    options: AuditReaderOptions = {},
  ) {
    this.mask = options.mask ?? ((text) => text);
    this.maxScanBytes = options.maxScanBytes ?? 64 * 1024 * 1024;
    this.chunkBytes = options.chunkBytes ?? 256 * 1024;
  }

  /** One page of lines that pass the filter, newest first, and the cursor of the next page. */
  async page(query: AuditPageQuery): Promise<AuditPage> {
    const { cursor, limit, ...filter } = AuditPageQuerySchema.parse(query);
    const files = await this.files();
    let at = startOf(files, cursor);
    const entries: AuditEntry[] = [];
    const probes = probesOf(filter);
    let scanned = 0;
    let scannedTo: number | undefined;
    while (at) {
      const file = files[at.index]!;
      let stopAt: number | undefined;
      for await (const { line, start } of linesBackward(file.path, at.offset, this.chunkBytes)) {
        scanned += line.length + 1;
        const entry = parseLine(line, probes);
        const time = entry ? Date.parse(entry.time) : NaN;
        if (!Number.isNaN(time)) scannedTo = time;
        if (entry && matchesAuditFilter(entry, filter)) entries.push(this.masked(entry));
        if (filter.from !== undefined && time < filter.from - ORDER_SLACK_MS) {
          return { entries, ...(scannedTo === undefined ? {} : { scannedTo }) };
        }
        if (entries.length >= limit || scanned >= this.maxScanBytes) {
          stopAt = start;
          break;
        }
      }
      if (stopAt !== undefined) {
        const next = stopAt > 0 ? `${file.ino}:${stopAt}` : nextFileCursor(files, at.index);
        return {
          entries,
          ...(next ? { cursor: next } : {}),
          ...(scannedTo === undefined ? {} : { scannedTo }),
        };
      }
      at =
        at.index + 1 < files.length
          ? { index: at.index + 1, offset: files[at.index + 1]!.size }
          : undefined;
    }
    return { entries, ...(scannedTo === undefined ? {} : { scannedTo }) };
  }

  /** Every line that passes the filter, newest first, page by page (for exports). */
  async *all(filter: AuditFilter, pageSize = 1000): AsyncGenerator<AuditEntry> {
    let cursor: string | undefined;
    do {
      const page = await this.page({ ...filter, limit: pageSize, ...(cursor ? { cursor } : {}) });
      yield* page.entries;
      cursor = page.cursor;
    } while (cursor);
  }

  /** The current file, then `audit.1.jsonl`, `audit.2.jsonl`, … (older and older). */
  private async files(): Promise<LogFile[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const rotated = names
      .map((name) => /^audit\.(\d+)\.jsonl$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map((m) => m[0]);
    const ordered = [...(names.includes('audit.jsonl') ? ['audit.jsonl'] : []), ...rotated];
    const files: LogFile[] = [];
    for (const name of ordered) {
      try {
        const s = await stat(join(this.dir, name));
        files.push({ path: join(this.dir, name), ino: s.ino, size: s.size });
      } catch {
        // Rotated away between the listing and the stat: the next file still holds its lines.
      }
    }
    return files;
  }

  private masked(entry: AuditEntry): AuditEntry {
    const out: AuditEntry = { ...entry, argsPreview: this.mask(entry.argsPreview) };
    if (entry.error !== undefined) out.error = this.mask(entry.error);
    if (entry.result !== undefined) out.result = this.mask(entry.result);
    return out;
  }
}

/** Where reading starts: the cursor's file and offset, or the end of the newest file. */
function startOf(
  files: LogFile[],
  cursor: string | undefined,
): { index: number; offset: number } | undefined {
  if (files.length === 0) return undefined;
  if (!cursor) return { index: 0, offset: files[0]!.size };
  const match = /^(\d+):(\d+)$/.exec(cursor);
  if (!match) throw new AuditCursorError('the cursor is not one this log gave out');
  const ino = Number(match[1]);
  const index = files.findIndex((f) => f.ino === ino);
  // The file was rotated out of the kept ones: everything older is gone.
  if (index < 0) return undefined;
  return { index, offset: Math.min(Number(match[2]), files[index]!.size) };
}

function nextFileCursor(files: LogFile[], index: number): string | undefined {
  const next = files[index + 1];
  return next ? `${next.ino}:${next.size}` : undefined;
}

/** A cursor that does not parse: the caller sent something this reader never gave out. */
export class AuditCursorError extends Error {}

/**
 * Substrings a line must contain to pass the exact-match filters, as `JSON.stringify` writes
 * them; a line without one is skipped before it is parsed (most lines, in a narrow search).
 */
function probesOf(filter: AuditFilter): string[] {
  const probes: string[] = [];
  const exact = (field: string, value: string | undefined) => {
    if (value) probes.push(`"${field}":${JSON.stringify(value)}`);
  };
  exact('keyName', filter.key);
  exact('role', filter.role);
  exact('serverId', filter.server);
  exact('decision', filter.decision);
  exact('outcome', filter.outcome);
  return probes;
}

function parseLine(line: Buffer, probes: string[]): AuditEntry | undefined {
  const text = line.toString('utf8');
  for (const probe of probes) if (!text.includes(probe)) return undefined;
  try {
    const parsed = AuditEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a torn line after a crash
  }
}

/**
 * The lines of a file that end before `end`, last first, each with its start offset. Works on
 * bytes (a line ends at 0x0a, which never occurs inside a UTF-8 sequence), so a chunk boundary
 * in the middle of a character is harmless.
 */
async function* linesBackward(
  path: string,
  end: number,
  chunkBytes: number,
): AsyncGenerator<{ line: Buffer; start: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return; // rotated out of the kept files since the listing
  }
  try {
    let pos = end;
    let carry = Buffer.alloc(0);
    while (pos > 0) {
      const from = Math.max(0, pos - chunkBytes);
      const chunk = Buffer.alloc(pos - from);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, from);
      const data = Buffer.concat([chunk.subarray(0, bytesRead), carry]);
      let lineEnd = data.length;
      for (let i = data.length - 1; i >= 0; i--) {
        if (data[i] !== 0x0a) continue;
        if (i + 1 < lineEnd) yield { line: data.subarray(i + 1, lineEnd), start: from + i + 1 };
        lineEnd = i;
      }
      carry = Buffer.from(data.subarray(0, lineEnd));
      pos = from;
    }
    if (carry.length > 0) yield { line: carry, start: 0 };
  } finally {
    await handle.close();
  }
}
