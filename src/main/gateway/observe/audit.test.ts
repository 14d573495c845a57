import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/model.js';
import { AuditLog, readAuditFile } from './audit.js';

let dir: string;
const logs: AuditLog[] = [];

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'switchboard-audit-')), 'audit');
});
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

function open(options?: ConstructorParameters<typeof AuditLog>[1]): AuditLog {
  const log = new AuditLog(dir, options);
  logs.push(log);
  return log;
}

let counter = 0;
function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  counter++;
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    keyName: 'laptop',
    role: 'coder',
    method: 'tools/call',
    tool: 'fs__read_file',
    serverId: 'fs',
    argsDigest: 'a'.repeat(64),
    argsPreview: '{"path":"/tmp/a"}',
    decision: 'allow',
    decidedBy: 'rule',
    outcome: 'ok',
    durationMs: counter,
    cacheHit: false,
    ...over,
  };
}

/** A log that held one entry and was closed, as before a restart; returns the entry and path. */
function closedLogWithOneEntry(): { a: AuditEntry; path: string } {
  const first = open();
  const a = entry();
  first.append(a);
  first.close();
  logs.splice(logs.indexOf(first), 1);
  return { a, path: first.path };
}

const posix = process.platform !== 'win32';

describe('AuditLog', () => {
  it('appends one JSON line per entry, on disk before append returns', () => {
    const log = open();
    const a = entry();
    const b = entry({ outcome: 'error', error: 'boom' });
    log.append(a);
    log.append(b);
    const lines = readFileSync(log.path, 'utf8').split('\n');
    expect(lines).toEqual([JSON.stringify(a), JSON.stringify(b), '']);
    expect(readAuditFile(log.path)).toEqual([a, b]);
  });

  it.runIf(posix)('creates the file 0600 in a 0700 folder', () => {
    const log = open();
    log.append(entry());
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('queries newest first, with a limit', () => {
    const log = open();
    const entries = [entry(), entry(), entry()];
    for (const e of entries) log.append(e);
    expect(log.query({ limit: 10 })).toEqual([...entries].reverse());
    expect(log.query({ limit: 2 })).toEqual([entries[2], entries[1]]);
  });

  it('filters by role, server, outcome and text (case-insensitive, over tool, key, args, error)', () => {
    const log = open();
    const coderOk = entry();
    const readerDenied = entry({ role: 'reader', outcome: 'denied', decision: 'deny' });
    const gitError = entry({
      serverId: 'git',
      tool: 'git__push',
      outcome: 'error',
      error: 'Rejected by Remote',
    });
    const otherKey = entry({ keyName: 'CI-Runner', argsPreview: '{"q":"needle"}' });
    for (const e of [coderOk, readerDenied, gitError, otherKey]) log.append(e);

    expect(log.query({ limit: 10, role: 'reader' })).toEqual([readerDenied]);
    expect(log.query({ limit: 10, server: 'git' })).toEqual([gitError]);
    expect(log.query({ limit: 10, outcome: 'ok' })).toEqual([otherKey, coderOk]);
    expect(log.query({ limit: 10, text: 'GIT__PUSH' })).toEqual([gitError]);
    expect(log.query({ limit: 10, text: 'rejected by' })).toEqual([gitError]);
    expect(log.query({ limit: 10, text: 'ci-runner' })).toEqual([otherKey]);
    expect(log.query({ limit: 10, text: 'needle' })).toEqual([otherKey]);
    expect(log.query({ limit: 10, role: 'coder', outcome: 'error' })).toEqual([gitError]);
    expect(log.query({ limit: 10, role: 'nobody' })).toEqual([]);
  });

  it('loads the existing file on open, so queries survive a restart', () => {
    const { a } = closedLogWithOneEntry();
    const second = open();
    const b = entry();
    second.append(b);
    expect(second.query({ limit: 10 })).toEqual([b, a]);
    expect(readAuditFile(second.path)).toEqual([a, b]);
  });

  it('keeps at most about `recent` entries in memory, the newest ones', () => {
    const log = open({ recent: 5 });
    const entries = Array.from({ length: 20 }, () => entry());
    for (const e of entries) log.append(e);
    const found = log.query({ limit: 100 });
    expect(found.length).toBeGreaterThanOrEqual(5);
    expect(found.length).toBeLessThanOrEqual(6);
    expect(found).toEqual(entries.slice(-found.length).reverse());
    // The file still holds everything.
    expect(readAuditFile(log.path)).toHaveLength(20);
  });

  it('rotates by size and keeps `keep` old files, losing no entry it keeps', () => {
    const log = open({ maxBytes: 1000, keep: 2 });
    const lineBytes = JSON.stringify(entry()).length + 1;
    const perFile = Math.ceil(1000 / lineBytes);
    const entries = Array.from({ length: perFile * 2 + 1 }, () => entry());
    for (const e of entries) log.append(e);

    const older = readAuditFile(join(dir, 'audit.2.jsonl'));
    const old = readAuditFile(join(dir, 'audit.1.jsonl'));
    const current = readAuditFile(log.path);
    expect([...older, ...old, ...current]).toEqual(entries);
    expect(older).toHaveLength(perFile);
    expect(old).toHaveLength(perFile);
    expect(current).toHaveLength(1);

    // One more rotation drops the oldest file instead of keeping a third.
    for (let i = 0; i < perFile; i++) log.append(entry());
    expect(existsSync(join(dir, 'audit.3.jsonl'))).toBe(false);
    expect(readAuditFile(join(dir, 'audit.2.jsonl'))).toEqual(old);
    // Never queried, the log read nothing at its rotations: the first query reads what the
    // kept files hold, newest first.
    const kept = [
      ...readAuditFile(join(dir, 'audit.2.jsonl')),
      ...readAuditFile(join(dir, 'audit.1.jsonl')),
      ...readAuditFile(log.path),
    ];
    expect(log.query({ limit: 1000 })).toEqual(kept.reverse());
  });

  it('shows the entries before a rotation after a restart just past it', () => {
    const log = open({ maxBytes: 1000, keep: 2 });
    const lineBytes = JSON.stringify(entry()).length + 1;
    const entries = Array.from({ length: Math.ceil(1000 / lineBytes) + 1 }, () => entry());
    for (const e of entries) log.append(e);
    expect(readAuditFile(log.path)).toHaveLength(1);
    log.close();
    logs.splice(logs.indexOf(log), 1);

    const again = open({ maxBytes: 1000, keep: 2, recent: 5 });
    // The current file's one line, then the newest of the rotated file, up to the window.
    expect(again.query({ limit: 100 })).toEqual(entries.slice(-5).reverse());
  });

  it.runIf(posix)('creates the new file after a rotation 0600 too', () => {
    const log = open({ maxBytes: 10 });
    log.append(entry());
    log.append(entry());
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'audit.1.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('calls subscribers after each append until they unsubscribe', () => {
    const log = open();
    const seen: AuditEntry[] = [];
    const unsubscribe = log.subscribe((e) => {
      // The entry is queryable by the time listeners hear about it.
      expect(log.query({ limit: 1 })).toEqual([e]);
      seen.push(e);
    });
    const a = entry();
    log.append(a);
    unsubscribe();
    log.append(entry());
    expect(seen).toEqual([a]);
  });
});

describe('readAuditFile', () => {
  it('returns nothing for a missing file', () => {
    expect(readAuditFile(join(dir, 'missing.jsonl'))).toEqual([]);
  });

  it('skips a torn last line (a crash mid-write)', () => {
    const log = open();
    const a = entry();
    log.append(a);
    appendFileSync(log.path, JSON.stringify(entry()).slice(0, 40));
    expect(readAuditFile(log.path)).toEqual([a]);
  });

  it('skips blank, foreign and invalid lines, keeping the valid ones around them', () => {
    const a = entry();
    const b = entry();
    const path = join(mkdtempSync(join(tmpdir(), 'switchboard-audit-read-')), 'audit.jsonl');
    writeFileSync(
      path,
      [
        JSON.stringify(a),
        '',
        '{"hello":"world"}',
        'not json at all',
        JSON.stringify({ ...entry(), outcome: 'exploded' }),
        '42',
        'null',
        JSON.stringify(b),
        '',
      ].join('\n'),
    );
    expect(readAuditFile(path)).toEqual([a, b]);
    rmSync(join(path, '..'), { recursive: true, force: true });
  });

  it('loads a log whose last line is torn, keeping the whole lines', () => {
    const { a, path } = closedLogWithOneEntry();
    appendFileSync(path, '{"time":"2026');
    expect(open().query({ limit: 10 })).toEqual([a]);
  });

  // A reopened log starts a fresh line after a torn one, or the next entry would be glued to
  // it (`{"time":"2026{"time":…}`) and skipped by every reader.
  it('keeps the first entry after a restart over a torn line', () => {
    const { a, path } = closedLogWithOneEntry();
    appendFileSync(path, '{"time":"2026');
    const second = open();
    const b = entry();
    second.append(b);
    expect(readAuditFile(second.path)).toEqual([a, b]);
  });
});
