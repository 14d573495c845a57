import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { AuditEntrySchema, type AuditEntry, type Outcome } from '../../../shared/model.js';
import { ensurePrivateDir, writeAll } from '../config/files.js';

/** Filters for reading the log back. */
export interface AuditFilter {
  limit: number;
  role?: string;
  server?: string;
  outcome?: Outcome;
  text?: string;
}

/** Options of the audit log. */
export interface AuditOptions {
  /** Rotate when the current file passes this size. */
  maxBytes?: number;
  /** Rotated files kept (`audit.1.jsonl` … `audit.N.jsonl`). */
  keep?: number;
  /** Entries kept in memory for queries. */
  recent?: number;
}

const FILE = 'audit.jsonl';

/**
 * The append-only audit log: one JSON line per call, written with a synchronous `write` before
 * the agent gets its answer, so every call an agent saw is in the file even if the gateway is
 * killed right after (the kernel holds the bytes). Rotated by size. Reading skips torn or
 * foreign lines instead of failing. Queries are served from the recent entries in memory.
 */
export class AuditLog {
  private fd: number;
  private size: number;
  /** The latest entries, read from the file at the first query (see `recent`). */
  private recentEntries: AuditEntry[] | undefined;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly recentLimit: number;
  private readonly listeners = new Set<(entry: AuditEntry) => void>();

  constructor(
    private readonly dir: string,
    options: AuditOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.keep = options.keep ?? 5;
    this.recentLimit = options.recent ?? 5000;
    ensurePrivateDir(dir);
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = statSync(this.path).size;
    this.endTornLine();
  }

  /** After a crash mid-line, starts a fresh line so the next entry is not glued to the torn one. */
  private endTornLine(): void {
    if (this.size === 0) return;
    const last = Buffer.alloc(1);
    const reader = openSync(this.path, 'r');
    try {
      readSync(reader, last, 0, 1, this.size - 1);
    } finally {
      closeSync(reader);
    }
    if (last[0] !== 0x0a) this.size += writeSync(this.fd, '\n');
  }

  /** The `n`th rotated file: `audit.1.jsonl` is the newest. */
  private rotatedPath(n: number): string {
    return join(this.dir, `audit.${n}.jsonl`);
  }

  /** The current file. */
  get path(): string {
    return join(this.dir, FILE);
  }

  /** Appends one entry and flushes it to the file before returning. */
  append(entry: AuditEntry): void {
    // Every byte, or a short write would tear the line (and undercount the file's size).
    this.size += writeAll(this.fd, Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8'));
    // Not read yet, the entry is in the file that the first query reads.
    const recent = this.recentEntries;
    if (recent) {
      recent.push(entry);
      if (recent.length > this.recentLimit * 1.2)
        recent.splice(0, recent.length - this.recentLimit);
    }
    if (this.size >= this.maxBytes) this.rotate();
    for (const listener of this.listeners) listener(entry);
  }

  /** Calls `listener` after each appended entry; returns the unsubscribe. */
  subscribe(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest entries that pass the filter, newest first. */
  query(filter: AuditFilter): AuditEntry[] {
    const text = filter.text?.toLowerCase();
    const out: AuditEntry[] = [];
    const recent = this.recent();
    for (let i = recent.length - 1; i >= 0 && out.length < filter.limit; i--) {
      const e = recent[i]!;
      if (filter.role && e.role !== filter.role) continue;
      if (filter.server && e.serverId !== filter.server) continue;
      if (filter.outcome && e.outcome !== filter.outcome) continue;
      if (
        text &&
        !`${e.tool} ${e.keyName} ${e.argsPreview} ${e.error ?? ''}`.toLowerCase().includes(text)
      ) {
        continue;
      }
      out.push(e);
    }
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }

  /**
   * The latest entries, read from the files once, when first asked for: a log near its rotation
   * size holds some 15,000 lines, which took 50–120 ms to read and check at every start, before
   * the endpoint listened, for the few people who look at them. The current file comes first,
   * then the rotated ones, newest first, until the window is full: just past a rotation the
   * current file holds a few lines, and the one before it the rest.
   */
  private recent(): AuditEntry[] {
    if (this.recentEntries) return this.recentEntries;
    let entries = readAuditFile(this.path);
    for (let i = 1; i <= this.keep && entries.length < this.recentLimit; i++) {
      entries = [...readAuditFile(this.rotatedPath(i)), ...entries];
    }
    return (this.recentEntries = entries.slice(-this.recentLimit));
  }

  /**
   * Moves the current file to `audit.1.jsonl` and the older ones up. Entries not read yet stay
   * in the files the first query reads, so nothing is read here, inside the agent call whose
   * line crossed the size.
   */
  private rotate(): void {
    closeSync(this.fd);
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = this.rotatedPath(i);
      if (existsSync(from)) renameSync(from, this.rotatedPath(i + 1));
    }
    renameSync(this.path, this.rotatedPath(1));
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }
}

/** Reads an audit file; torn (half-written) or invalid lines are skipped, never fatal. */
export function readAuditFile(path: string): AuditEntry[] {
  if (!existsSync(path)) return [];
  const entries: AuditEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const parsed = AuditEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
    } catch {
      // A torn last line after a crash: skip it.
    }
  }
  return entries;
}
