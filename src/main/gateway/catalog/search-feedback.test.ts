import type { Tool } from '@modelcontextprotocol/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/model.js';
import { AuditLog } from '../observe/audit.js';
import { Catalog } from './catalog.js';
import { ANSWER_WINDOW_MS, MAX_LIFT, UsageFeedback } from './search-feedback.js';
import { ToolIndex } from './search.js';

function tool(name: string, description: string, annotations?: Tool['annotations']): Tool {
  const properties = { path: { type: 'string', description: 'Path of the file' } };
  return { name, description, inputSchema: { type: 'object', properties }, annotations };
}

/** Two near-equal readers, a lister, and a destructive delete: the contest feedback decides. */
function catalog(): Catalog {
  const c = new Catalog();
  c.setServer('fs', {
    tools: [
      tool('read_text_file', 'Read a file as text.', { readOnlyHint: true }),
      tool('read_media_file', 'Read a file as an image or audio.', { readOnlyHint: true }),
      tool('list_directory', 'List the files in a directory.', { readOnlyHint: true }),
      tool('delete_file', 'Delete a file.', { destructiveHint: true }),
    ],
    resources: [],
    resourceTemplates: [],
    prompts: [],
  });
  return c;
}

/** An audit line as the call pipeline writes it. */
function line(
  keyName: string,
  toolName: string,
  outcome: AuditEntry['outcome'] = 'ok',
): AuditEntry {
  return {
    time: new Date().toISOString(),
    keyName,
    role: 'coder',
    method: 'tools/call',
    tool: toolName,
    serverId: 'fs',
    argsDigest: 'd',
    argsPreview: '{}',
    decision: 'allow',
    decidedBy: 'role',
    outcome,
    durationMs: 1,
    cacheHit: false,
  };
}

let dir: string;
let audit: AuditLog;
let now: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usage-'));
  audit = new AuditLog(join(dir, 'audit'));
  now = 1_000_000;
});
afterEach(() => {
  audit.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The gateway's wiring: the index reads the feedback, the audit log feeds it. */
function wired(file?: string) {
  const usage = new UsageFeedback({ ...(file && { file }), now: () => now });
  audit.subscribe((entry) => usage.noteCall(entry));
  const index = new ToolIndex(catalog(), {}, usage);
  /** An agent asks, is answered, and calls `chosen` (through the audit line it leaves). */
  const use = (query: string, chosen: string, key = 'agent') => {
    usage.noteAnswer(
      key,
      query,
      index.search(query).map((h) => h.tool.name),
    );
    audit.append(line(key, chosen));
  };
  return { usage, index, use };
}

const rank = (index: ToolIndex, query: string, name: string) =>
  index.search(query, { limit: 10 }).findIndex((h) => h.tool.name === name);

describe('usage feedback', () => {
  it('moves the tool agents chose up for a similar task, and says so', () => {
    const { index, use } = wired();
    const task = 'open the diagram file';
    expect(rank(index, task, 'fs__read_media_file')).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) use('open the architecture diagram file', 'fs__read_media_file');
    const [first] = index.search(task);
    expect(first?.tool.name).toBe('fs__read_media_file');
    expect(first?.used).toBe(3);
  });

  it('never lifts a tool whose action contradicts the task: no delete for a show-me', () => {
    const { index, use } = wired();
    const task = 'show me the notes file';
    const before = index.search(task, { limit: 10 });
    const deleteBefore = before.find((h) => h.tool.name === 'fs__delete_file');
    for (let i = 0; i < 10; i++) use('show me the notes file', 'fs__delete_file');
    const after = index.search(task, { limit: 10 });
    const deleteAfter = after.find((h) => h.tool.name === 'fs__delete_file');
    expect(deleteAfter?.score).toBe(deleteBefore?.score);
    expect(deleteAfter?.used).toBeUndefined();
    expect(after.findIndex((h) => h.tool.name === 'fs__delete_file')).toBeGreaterThan(
      after.findIndex((h) => h.tool.name === 'fs__read_text_file'),
    );
  });

  it('is bounded, learns only from successful calls the same key was just offered', () => {
    const { usage, index, use } = wired();
    const terms = ['diagram', 'file'];
    for (let i = 0; i < 50; i++) use('diagram file', 'fs__read_media_file');
    expect(usage.liftFor('fs__read_media_file', terms).lift).toBeLessThanOrEqual(MAX_LIFT);
    // Another key's call, a failed call, a tool not offered, or a call too late: no lesson.
    usage.noteAnswer('a', 'list the folder', ['fs__list_directory']);
    audit.append(line('b', 'fs__list_directory'));
    audit.append(line('a', 'fs__list_directory', 'error'));
    audit.append(line('a', 'fs__delete_file'));
    now += ANSWER_WINDOW_MS + 1;
    audit.append(line('a', 'fs__list_directory'));
    expect(usage.liftFor('fs__list_directory', ['list', 'folder']).uses).toBe(0);
    expect(index.search('list the folder')[0]?.used).toBeUndefined();
  });

  it('keeps what it learned in its file across restarts', () => {
    const file = join(dir, 'routing-usage.json');
    wired(file).use('open the diagram file', 'fs__read_media_file');
    const again = new UsageFeedback({ file });
    expect(again.liftFor('fs__read_media_file', ['open', 'diagram', 'file']).uses).toBe(1);
  });
});
