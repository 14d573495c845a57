import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planAppLaunch } from '../src/main/desktop/app-launch.js';
import { ENTRY_FLAG } from '../src/main/desktop/utility-stdio-child.js';
import { ROOT, hostAppFiles, stageFiles } from './helpers/stage-app.js';
import { writeDocx, writePdf, writeXlsx } from './presets/make-files.js';
import { callText } from './presets/tool-text.js';
import { parentPortHarness } from './helpers/parent-port-harness.js';

/*
 * The app's file set (what electron-builder ships, scripts/app-files.mjs), laid out in a temp
 * folder and run with plain Node the way the app runs its gateway with ELECTRON_RUN_AS_NODE
 * semantics: out/main/headless.cjs adds every preset that needs no network (the web preset
 * fetches from a loopback page), serves, and a real SDK client gets an answer from each through
 * the endpoint — the presets tests' checks, on what ships instead of the source tree.
 */

let work: string;
let app: string;
let dataDir: string;
let docs: string;
let site: Server;
let serve: ChildProcess | undefined;
let admin: Client;

/** The staged app's headless entry, as `switchboard <args>`, from outside the project. */
function cli(args: string[]): string {
  return execFileSync(process.execPath, [join(app, 'out/main/headless.cjs'), ...args], {
    cwd: work,
    env: cleanEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** This environment minus anything that could let the staged app reach the project. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['NODE_PATH', 'NODE_OPTIONS', 'SWITCHBOARD_DATA_DIR']) delete env[name];
  return env;
}

async function startServe(): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      join(app, 'out/main/headless.cjs'),
      'serve',
      ...['--data-dir', dataDir, '--port', '0', '--servers', join(work, 'servers.json')],
    ],
    { cwd: work, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serve = child;
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const lines = createInterface({ input: child.stdout! });
  const ready = /^Switchboard ready: MCP endpoint (http:\/\/127\.0\.0\.1:\d+\/mcp)$/;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`serve exited with ${code}:\n${stderr.join('\n')}`);
  });
  const url = new Promise<string>((resolve) =>
    lines.on('line', (line) => {
      const match = ready.exec(line);
      if (match) resolve(match[1]!);
    }),
  );
  return Promise.race([url, exited]);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'switchboard-packaged-'));
  app = join(work, 'app');
  dataDir = join(work, 'data');
  docs = join(work, 'docs');
  stageFiles(hostAppFiles(), app);
  mkdirSync(docs);
  writePdf(join(docs, 'report.pdf'), 'Quarterly llama census: 42 llamas');
  await writeDocx(join(docs, 'memo.docx'), 'Project Heron', ['The launch is on Tuesday.']);
  writeXlsx(join(docs, 'sales.xlsx'), 'Sales', [
    ['Region', 'Units'],
    ['North', 1234],
  ]);
  const db = new Database(join(work, 'shop.db'));
  db.exec("CREATE TABLE fruit (name TEXT, price REAL); INSERT INTO fruit VALUES ('mango', 1.75)");
  db.close();
  site = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Llama news</h1>'),
  );
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));

  const add = (preset: string, ...sets: string[]) =>
    cli(['add', preset, '--data-dir', dataDir, ...sets.flatMap((s) => ['--set', s])]);
  add('web', 'allowHosts=127.0.0.1');
  add('pdf', `root=${docs}`);
  add('sqlite', `file=${join(work, 'shop.db')}`);
  add('word', `root=${docs}`);
  add('excel');
  // The GitHub preset needs a token to be added; the same command line without one answers
  // calls itself, with no network (as in test/presets-github.test.ts).
  const github = { command: process.execPath, args: [join(app, 'out/main/servers/github.cjs')] };
  writeFileSync(join(work, 'servers.json'), JSON.stringify({ mcpServers: { github } }));
  const url = await startServe();
  const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
  admin = new Client({ name: 'packaged-test', version: '1.0.0' });
  await admin.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
}, 120_000);

afterAll(async () => {
  await admin?.close();
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await once(serve, 'exit');
  }
  await new Promise((resolve) => site?.close(resolve));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged gateway, run with plain Node', () => {
  it('configured every preset from the staged app, not the project', () => {
    const config = readFileSync(join(dataDir, 'config.json'), 'utf8');
    expect(config).toContain(join(app, 'out/main/servers/web.cjs'));
    expect(config).not.toContain(ROOT);
    expect(config).not.toContain('tsx');
  });

  it('lists the tools of every server', async () => {
    const expected = [
      'filesystem__list_directory',
      'memory__read_graph',
      'web__fetch',
      'pdf__read_pdf',
      'sqlite__read_query',
      'word__read_docx',
      'excel__excel_read_sheet',
      'github__get_file_contents',
    ];
    // Nine servers start at once on a busy machine; one whose first start timed out is
    // restarted by the gateway, so wait for all of them rather than for the first list.
    await vi.waitFor(
      async () => {
        const names = (await admin.listTools()).tools.map((t) => t.name);
        expect(names).toEqual(expect.arrayContaining(expected));
      },
      { timeout: 90_000, interval: 1_000 },
    );
  }, 120_000);

  it('answers from each: filesystem, memory, web, pdf, sqlite, word, excel, github', async () => {
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const checks: [string, Record<string, unknown>, string][] = [
      ['filesystem__list_allowed_directories', {}, join(dataDir, 'workspace')],
      ['memory__read_graph', {}, 'entities'],
      ['web__fetch', { url: `${origin}/` }, '# Llama news'],
      [
        'pdf__read_pdf',
        { sources: [{ path: 'report.pdf' }], include_full_text: true },
        '42 llamas',
      ],
      ['sqlite__read_query', { query: 'SELECT name FROM fruit' }, 'mango'],
      ['word__read_docx', { path: 'memo.docx' }, '# Project Heron'],
      [
        'excel__excel_read_sheet',
        { fileAbsolutePath: join(docs, 'sales.xlsx'), sheetName: 'Sales' },
        '1234',
      ],
    ];
    for (const [tool, args, expected] of checks) {
      const { text, isError } = await callText(admin, tool, args);
      expect(isError, `${tool}: ${text}`).toBe(false);
      expect(text, tool).toContain(expected);
    }
    // No token: the server still runs, and says how to add one (no network involved).
    const github = await callText(admin, 'github__get_file_contents', {
      owner: 'o',
      repo: 'r',
      path: 'README.md',
    });
    expect(github.isError).toBe(true);
    expect(github.text).toContain('GitHub token missing');
  });
});

/*
 * In the app, `${node} <entry>` runs in an Electron utility process through
 * out/main/utility-stdio-child.cjs, whose stdin arrives as parent-port messages. Plain Node
 * stands in for the utility process here (a `process.parentPort` fed from the real stdin, the
 * harness utility-stdio-child.test.ts uses too), running the staged shim and server entries.
 */
function utilityHarness(): string {
  return parentPortHarness(pathToFileURL(join(app, 'out/main/utility-stdio-child.cjs')).href);
}

describe("the packaged servers, through the app's utility-process shim", () => {
  it('ranks find_tools with the word vectors it ships beside the build', async () => {
    const found = await admin.callTool({
      name: 'switchboard__find_tools',
      arguments: { query: 'search for nodes in the knowledge graph based on a query' },
    });
    const [first] = (found.structuredContent as { tools: { name: string; reason: string }[] })
      .tools;
    expect(first?.name).toBe('memory__search_nodes');
    // A cosine in the reason: resources/word-vectors.bin was found in the staged app and read.
    expect(first?.reason).toMatch(/meaning: 0\.\d\d/);
  });

  it('runs our own servers and the SQLite addon as the app would', async () => {
    const config = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as {
      servers: {
        id: string;
        transport: { command: string; args: string[]; env: Record<string, string> };
      }[];
    };
    type Transport = { command: string; args: string[]; env: Record<string, string> };
    const configured = (id: string) => config.servers.find((x) => x.id === id)!.transport;
    // The GitHub preset's command line, without a token (it needs one to be added).
    const github: Transport = {
      command: process.execPath,
      args: [join(app, 'out/main/servers/github.cjs')],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    };
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const checks: [string, Transport, string, Record<string, unknown>, string, boolean][] = [
      [
        'sqlite',
        configured('sqlite'),
        'read_query',
        { query: 'SELECT name FROM fruit' },
        'mango',
        false,
      ],
      ['word', configured('word'), 'read_docx', { path: 'memo.docx' }, '# Project Heron', false],
      ['web', configured('web'), 'fetch', { url: `${origin}/` }, '# Llama news', false],
      [
        'github',
        github,
        'get_file_contents',
        { owner: 'o', repo: 'r', path: 'a' },
        'GitHub token missing',
        true,
      ],
    ];
    for (const [id, transport, tool, args, expected, failing] of checks) {
      const plan = planAppLaunch(
        transport.command,
        transport.args,
        transport.env,
        undefined,
        process.execPath,
      );
      if (plan.kind !== 'utility') throw new Error(`${id} would not run in a utility process`);
      const client = new Client({ name: 'utility-stand-in', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [
            '--input-type=module',
            '-e',
            utilityHarness(),
            '--',
            ENTRY_FLAG,
            plan.entry,
            ...plan.args,
          ],
          env: { ...transport.env, PATH: '/usr/bin:/bin' },
          cwd: work,
          stderr: 'pipe',
        }),
      );
      try {
        const { text, isError } = await callText(client, tool, args);
        expect(isError, `${id}: ${text}`).toBe(failing);
        expect(text).toContain(expected);
      } finally {
        await client.close();
      }
    }
  }, 60_000);
});
