import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer as createHttpServer, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ControlApi } from '../src/shared/control.js';
import { createHttpControlApi, type FetchFn } from '../src/shared/http-control.js';
import { readRuntimeFile } from '../src/main/cli/runtime-file.js';
import { fixtureStdio } from './helpers/spawn-fixture.js';
import { runCli, startServe, stopChild, type ServeProcess } from './helpers/serve-process.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A CLI child that keeps running (`logs --follow`), with its output so far. */
function spawnCli(args: string[]) {
  const headless = join(REPO_ROOT, 'src/main/headless.ts');
  const child = spawn(process.execPath, ['--import', TSX_LOADER, headless, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, stdout: () => out };
}

// Setup that explains itself: why a server is down, the same words for the agent, the CLI and
// the control API; `servers`, `logs`, `remove`; `add` refusing a server that cannot start.

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-explain-'));
let serve: ServeProcess;
let control: ControlApi;
let agent: Client;
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

/**
 * A fetch on a fresh connection each time: the endpoint's connection guard may close an idle
 * connection that never carried an agent key (the CLI children open many), and a reused one
 * would then fail with "other side closed".
 */
const freshFetch: FetchFn = (url, init) =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method, headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          resolve({ ok: status < 300, status, json: async () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

beforeAll(async () => {
  serve = await startServe(['--data-dir', dataDir, '--port', '0']);
  const token = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
  control = createHttpControlApi({
    baseUrl: readRuntimeFile(dataDir)!.origin,
    token: token,
    fetch: freshFetch,
  });
  agent = new Client({ name: 'explain-test', version: '1.0.0' });
  const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
  await agent.connect(
    new StreamableHTTPClientTransport(new URL(serve.url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
}, 90_000);

afterAll(async () => {
  await agent?.close();
  if (serve) await stopChild(serve.child);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The server's reason once it is down, as the control API reports it. */
async function downReasonOf(id: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const view = (await control.listServers()).find((v) => v.config.id === id);
      expect(view?.status.state).toBe('down');
      expect(view?.status.lastError).toBeTruthy();
      return view!.status.lastError!;
    },
    { timeout: 60_000, interval: 200 },
  );
}

/** The same reason seen by an agent calling one of the server's tools, and by the CLI. */
async function expectSeenEverywhere(id: string, reason: string): Promise<void> {
  const result = await agent.callTool({ name: `${id}__anything`, arguments: {} });
  expect(result.isError).toBe(true);
  expect(result.content).toEqual([{ type: 'text', text: `server ${id} is down: ${reason}` }]);
  const listed = cli('servers', '--json');
  expect(listed.status, listed.stderr).toBe(0);
  const row = JSON.parse(listed.stdout).find((s: { id: string }) => s.id === id);
  expect(row).toMatchObject({ state: 'down', tools: 0, lastError: reason });
  const plain = cli('servers');
  expect(plain.stdout).toContain(`${id}\tdown\t0 tools\n  why: ${reason}`);
}

describe('a down server says why', () => {
  it('names a missing working folder, not the command that failed to spawn', async () => {
    const fixture = fixtureStdio();
    // `force` keeps what the checks at add refuse, so the server's own failure shows.
    await control.addServer({
      server: { id: 'nofolder', transport: { type: 'stdio', ...fixture, cwd: '/no/such/folder' } },
      force: true,
    });
    const reason = await downReasonOf('nofolder');
    expect(reason).toBe('folder /no/such/folder does not exist');
    await expectSeenEverywhere('nofolder', reason);
  }, 90_000);

  it('names a command that is not installed', async () => {
    const command = 'no-such-mcp-server-command';
    await control.addServer({
      server: { id: 'nocmd', transport: { type: 'stdio', command } },
      force: true,
    });
    const reason = await downReasonOf('nocmd');
    expect(reason).toBe(`command ${command} was not found (is it installed and on PATH?)`);
    await expectSeenEverywhere('nocmd', reason);
  }, 90_000);

  it('names the host and port that refused the connection', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;
    await control.addServer({ server: { id: 'refused', transport: { type: 'http', url } } });
    const reason = await downReasonOf('refused');
    expect(reason).toBe(`connection refused by ${new URL(url).host} (is the server running?)`);
    await expectSeenEverywhere('refused', reason);
  }, 90_000);

  it('tells a host that does not resolve from a refused one', async () => {
    const url = 'http://mcp.example.invalid/mcp';
    await control.addServer({ server: { id: 'nohost', transport: { type: 'http', url } } });
    const reason = await downReasonOf('nohost');
    expect(reason).toBe('host mcp.example.invalid could not be found (DNS lookup failed)');
    await expectSeenEverywhere('nohost', reason);
  }, 90_000);

  it('says a server refused the credentials, without the credentials', async () => {
    const guarded = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(401, {
        'www-authenticate': 'Bearer realm="mcp"',
        'content-type': 'text/plain',
        connection: 'close',
      });
      res.end('bad token');
    }).listen(0, '127.0.0.1');
    await once(guarded, 'listening');
    try {
      const { port } = guarded.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/mcp`;
      await control.addServer({
        server: {
          id: 'noauth',
          transport: { type: 'http', url, headers: { Authorization: 'Bearer sb-test-secret-1' } },
          secrets: ['Authorization'],
        },
      });
      const reason = await downReasonOf('noauth');
      expect(reason).toBe(
        `127.0.0.1:${port} refused the credentials (HTTP 401): check the token or key this server is given`,
      );
      expect(reason).not.toContain('sb-test-secret-1');
      const result = await agent.callTool({ name: 'noauth__anything', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: `server noauth is down: ${reason}` }]);
      // Its retries go on while the CLI runs, and a retry's version probe may time out after
      // the 401 (the SDK's probe, left alone here): the CLI shows what the control API shows.
      await vi.waitFor(
        async () => {
          const rows = JSON.parse(cli('servers', '--json').stdout) as { id: string }[];
          const now = (await control.listServers()).find((v) => v.config.id === 'noauth');
          expect(rows.find((s) => s.id === 'noauth')).toMatchObject({
            state: 'down',
            lastError: now?.status.lastError,
          });
        },
        { timeout: 60_000, interval: 500 },
      );
    } finally {
      guarded.close();
    }
  }, 90_000);

  it('still answers Unknown tool for a name no configured server owns', async () => {
    await expect(agent.callTool({ name: 'ghost__tool', arguments: {} })).rejects.toThrow(
      /Unknown tool/,
    );
  });
});

describe('add, servers, logs and remove from the CLI', () => {
  it('refuses a preset whose folder is missing, naming it, and keeps it with --force', () => {
    const refused = cli('add', 'pdf', '--id', 'pdfbad', '--set', 'root=/no/such/folder');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'Cannot add pdfbad: Documents folder (root): folder /no/such/folder does not exist',
    );
    expect(refused.stderr).toContain('--force');
    const ids = JSON.parse(cli('servers', '--json').stdout).map((s: { id: string }) => s.id);
    expect(ids).not.toContain('pdfbad');

    const forced = cli('add', 'pdf', '--id', 'pdfbad', '--set', 'root=/no/such/folder', '--force');
    expect(forced.status, forced.stderr).toBe(0);
    const row = JSON.parse(cli('servers', '--json').stdout).find(
      (s: { id: string }) => s.id === 'pdfbad',
    );
    expect(row).toMatchObject({
      state: 'down',
      lastError: 'folder /no/such/folder does not exist',
    });
  }, 120_000);

  it('prints a server’s stderr, once and then as it grows with --follow', async () => {
    const root = '/no/such/fs-folder';
    const forced = cli('add', 'filesystem', '--id', 'fsbad', '--set', `root=${root}`, '--force');
    expect(forced.status, forced.stderr).toBe(0);
    const row = JSON.parse(cli('servers', '--json').stdout).find(
      (s: { id: string }) => s.id === 'fsbad',
    );
    expect(row.lastError).toContain(`folder ${root} does not exist`);
    const logs = cli('logs', 'fsbad');
    expect(logs.status, logs.stderr).toBe(0);
    expect(logs.stdout).toContain(`Cannot access directory ${root}`);
    const follow = spawnCli(['logs', 'fsbad', '--follow', '--data-dir', dataDir]);
    try {
      // The server keeps failing and restarting: new lines arrive while it follows.
      await vi.waitFor(
        () => {
          const count = follow.stdout().split(`Cannot access directory ${root}`).length - 1;
          expect(count).toBeGreaterThan(logs.stdout.split('Cannot access').length - 1);
        },
        { timeout: 60_000, interval: 250 },
      );
    } finally {
      await stopChild(follow.child);
    }
  }, 120_000);

  it('removes a server’s own rules with it, so the next one of that id inherits none', async () => {
    /** Every rule naming only `notes`, as role:pattern:action, sorted. */
    const notesRules = async () =>
      (await control.listRoles())
        .flatMap((r) => r.rules.map((rule) => `${r.name}:${rule.pattern}:${rule.action}`))
        .filter((line) => line.split(':')[1]!.startsWith('notes__'))
        .sort();
    expect(cli('add', 'memory', '--id', 'notes').status).toBe(0);
    const fromPreset = await notesRules();
    expect(cli('rules', 'set', 'coder', 'notes__delete_entities', 'deny').status).toBe(0);
    expect(cli('rules', 'set', 'coder', 'notes__*', 'ask').status).toBe(0);
    expect(cli('rules', 'set', 'planner', 'notes__read_graph', 'allow').status).toBe(0);
    expect(cli('rules', 'set', 'coder', '*__read_*', 'allow').status).toBe(0);
    const own = await notesRules();
    expect(own).toContain('coder:notes__*:ask');

    // The control API says how many went: every rule naming only `notes`, the preset's too.
    expect(await control.removeServer({ id: 'notes' })).toEqual({ rulesRemoved: own.length });
    expect(await notesRules()).toEqual([]);
    const coder = (await control.listRoles()).find((r) => r.name === 'coder')!;
    expect(coder.rules.map((r) => r.pattern)).toContain('*__read_*');

    // Again through the CLI's `remove`; then a new server of that id starts clean.
    expect(cli('add', 'memory', '--id', 'notes').status).toBe(0);
    expect(cli('rules', 'set', 'coder', 'notes__read_graph', 'deny').status).toBe(0);
    const viaCli = cli('remove', 'notes');
    expect(viaCli.status, viaCli.stderr).toBe(0);
    expect(await notesRules()).toEqual([]);
    expect(cli('add', 'memory', '--id', 'notes').status).toBe(0);
    expect(await notesRules()).toEqual(fromPreset);
  }, 120_000);
});

describe('switchboard doctor', () => {
  it('prints only a summary for a healthy setup, and names a broken server with its fix', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'switchboard-doctor-'));
    try {
      const healthy = runCli(['doctor', '--data-dir', fresh]);
      expect(healthy.status, healthy.stderr).toBe(0);
      expect(healthy.stdout.trim().split('\n')).toEqual([
        `All good: data directory ${fresh}, 2 servers (from the config; no gateway runs).`,
      ]);
      const refused = runCli(['add', 'pdf', '--set', 'root=/no/such/docs', '--data-dir', fresh]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('folder /no/such/docs does not exist');
      const added = runCli([
        'add',
        '--force',
        'pdf',
        '--id',
        'docs',
        '--set',
        'root=/no/such/docs',
        '--data-dir',
        fresh,
      ]);
      expect(added.status, added.stderr).toBe(0);
      const broken = runCli(['doctor', '--data-dir', fresh]);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain('server docs: folder /no/such/docs does not exist — fix:');
      // With no gateway, `servers` shows what the config reveals, in the same words.
      const listed = runCli(['servers', '--data-dir', fresh]);
      expect(listed.stdout).toContain(
        'docs\tasleep\t0 tools\n  why: folder /no/such/docs does not exist',
      );
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 120_000);

  it('judges servers by the running gateway’s state', () => {
    const result = cli('doctor');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'server nocmd: command no-such-mcp-server-command was not found (is it installed and on PATH?) — fix: install it',
    );
    expect(result.stdout).toContain('live, from the running gateway');
    expect(result.stdout).not.toContain('server memory:');
  }, 60_000);
});
