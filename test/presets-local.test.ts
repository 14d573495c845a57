import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { getPreset, instantiatePreset } from '../src/main/setup/presets.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { writeDocx, writePdf, writeXlsx } from './presets/make-files.js';
import { callText } from './presets/tool-text.js';

// Every preset that runs here without an account, through the gateway endpoint, with
// the real server packages, each reading content the test made itself.

let dir: string;
let sb: TestSwitchboard;
let admin: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-presets-'));
  const docs = join(dir, 'docs');
  mkdirSync(docs);
  writePdf(join(docs, 'report.pdf'), 'Quarterly llama census: 42 llamas');
  await writeDocx(join(docs, 'memo.docx'), 'Project Heron', ['The launch is on Tuesday.']);
  writeXlsx(join(docs, 'sales.xlsx'), 'Sales', [
    ['Region', 'Units'],
    ['North', 1234],
    ['South', 567],
  ]);
  const db = new Database(join(dir, 'shop.db'));
  db.exec(
    "CREATE TABLE fruit (name TEXT PRIMARY KEY, price REAL); INSERT INTO fruit VALUES ('kiwi', 0.5), ('mango', 1.75)",
  );
  db.close();
  const make = (id: string, values: Record<string, string>) =>
    instantiatePreset(getPreset(id), values, { dataDir: dir }).server;
  sb = await startSwitchboard({
    servers: [
      make('filesystem', { root: docs }),
      make('memory', { file: join(dir, 'memory.jsonl') }),
      make('pdf', { root: docs }),
      make('sqlite', { file: join(dir, 'shop.db') }),
      make('word', { root: docs }),
      make('excel', {}),
    ],
  });
  admin = await sb.connect(sb.adminKey);
}, 90_000);

afterAll(async () => {
  await sb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('bundled presets through the gateway', () => {
  it('lists the tools of every preset server', async () => {
    const names = (await admin.listTools()).tools.map((t) => t.name);
    for (const name of [
      'filesystem__read_text_file',
      'memory__read_graph',
      'pdf__read_pdf',
      'sqlite__read_query',
      'word__read_docx',
      'excel__excel_read_sheet',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('FileSystem: lists the folder it was given', async () => {
    const { text, isError } = await callText(admin, 'filesystem__list_directory', {
      path: join(dir, 'docs'),
    });
    expect(isError).toBe(false);
    expect(text).toContain('memo.docx');
    expect(text).toContain('report.pdf');
  });

  it('Memory: writes an entity and reads it back', async () => {
    await callText(admin, 'memory__create_entities', {
      entities: [{ name: 'Heron', entityType: 'project', observations: ['launches Tuesday'] }],
    });
    const { text } = await callText(admin, 'memory__search_nodes', { query: 'Heron' });
    expect(text).toContain('launches Tuesday');
  });

  it('PDF: reads the text of a generated PDF', async () => {
    const { text, isError } = await callText(admin, 'pdf__read_pdf', {
      sources: [{ path: 'report.pdf' }],
      include_full_text: true,
      include_page_count: true,
    });
    expect(isError).toBe(false);
    expect(text).toContain('Quarterly llama census: 42 llamas');
  });

  it('PDF: refuses a file outside the documents folder and any URL', async () => {
    const outside = join(tmpdir(), `outside-${process.pid}.pdf`);
    writePdf(outside, 'not for the agent');
    try {
      const local = await callText(admin, 'pdf__read_pdf', {
        sources: [{ path: outside }],
        include_full_text: true,
      });
      expect(local.text).not.toContain('not for the agent');
      expect(local.text).toContain('outside the allowed directories');
      const remote = await callText(admin, 'pdf__read_pdf', {
        sources: [{ url: 'http://127.0.0.1:9/report.pdf' }],
      });
      expect(remote.text).toContain('HTTP access is disabled');
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('SQLite: lists tables, describes one and runs a SELECT', async () => {
    expect((await callText(admin, 'sqlite__list_tables', {})).text).toContain('fruit');
    expect((await callText(admin, 'sqlite__describe_table', { table: 'fruit' })).text).toContain(
      '"price"',
    );
    const { text } = await callText(admin, 'sqlite__read_query', {
      query: 'SELECT name, price FROM fruit WHERE price > ? ORDER BY name',
      params: [1],
    });
    expect(JSON.parse(text)).toEqual([{ name: 'mango', price: 1.75 }]);
  });

  it('SQLite: read_query refuses a write, even one hidden in a CTE or a second statement', async () => {
    for (const query of [
      'DELETE FROM fruit',
      'SELECT 1; DELETE FROM fruit',
      "WITH x AS (SELECT 1) INSERT INTO fruit SELECT 'fig', 2 FROM x",
    ]) {
      const result = await callText(admin, 'sqlite__read_query', { query });
      expect(result.isError, query).toBe(true);
    }
    const { text } = await callText(admin, 'sqlite__read_query', {
      query: 'SELECT count(*) AS n FROM fruit',
    });
    expect(JSON.parse(text)).toEqual([{ n: 2 }]);
  });

  it('Word: reads a generated .docx as markdown and creates a new one', async () => {
    const { text, isError } = await callText(admin, 'word__read_docx', { path: 'memo.docx' });
    expect(isError).toBe(false);
    expect(text).toContain('# Project Heron');
    expect(text).toContain('The launch is on Tuesday.');
    await callText(admin, 'word__create_docx', { path: 'notes.docx', markdown: '# Notes\n- one' });
    expect((await callText(admin, 'word__read_docx', { path: 'notes.docx' })).text).toContain(
      'Notes',
    );
    const outside = await callText(admin, 'word__read_docx', { path: '../shop.db' });
    expect(outside.isError).toBe(true);
    expect(outside.text).toContain('outside the documents folder');
  });

  it('Excel: describes and reads a generated .xlsx', async () => {
    const file = join(dir, 'docs', 'sales.xlsx');
    const sheets = await callText(admin, 'excel__excel_describe_sheets', {
      fileAbsolutePath: file,
    });
    expect(sheets.isError, sheets.text).toBe(false);
    expect(sheets.text).toContain('Sales');
    const { text, isError } = await callText(admin, 'excel__excel_read_sheet', {
      fileAbsolutePath: file,
      sheetName: 'Sales',
    });
    expect(isError, text).toBe(false);
    expect(text).toContain('North');
    expect(text).toContain('1234');
  });
});

describe('preset rules for non-admin roles', () => {
  it('gives the planner the decisions it makes on the Files server', async () => {
    const rules = instantiatePreset(
      getPreset('sqlite'),
      { file: join(dir, 'shop.db') },
      {
        dataDir: dir,
      },
    ).roleRules.find((r) => r.role === 'planner')?.rules;
    // The planner's own rules already deny *__write* and *__create* and allow reads as on the
    // Files server, so the SQLite server needs no rule of its own for the planner.
    expect(rules).toBeUndefined();
  });
});
