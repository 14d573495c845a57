import { once } from 'node:events';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ControlApi } from '../src/shared/control.js';
import { createHttpControlClient, type FetchFn } from '../src/shared/http-control.js';
import { readRuntimeFile } from '../src/main/cli/runtime-file.js';
import { fixtureStdio } from './helpers/spawn-fixture.js';
import { runCli, startServe, type ServeProcess } from './helpers/serve-process.js';

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
  control = createHttpControlClient(readRuntimeFile(dataDir)!.origin, token, freshFetch);
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
  if (serve) {
    const exited = once(serve.child, 'exit');
    serve.child.kill('SIGTERM');
    await exited;
  }
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
    await control.addServer({
      server: { id: 'nofolder', transport: { type: 'stdio', ...fixture, cwd: '/no/such/folder' } },
    });
    const reason = await downReasonOf('nofolder');
    expect(reason).toBe('folder /no/such/folder does not exist');
    await expectSeenEverywhere('nofolder', reason);
  }, 90_000);

  it('names a command that is not installed', async () => {
    const command = 'no-such-mcp-server-command';
    await control.addServer({ server: { id: 'nocmd', transport: { type: 'stdio', command } } });
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

  it('still answers Unknown tool for a name no configured server owns', async () => {
    await expect(agent.callTool({ name: 'ghost__tool', arguments: {} })).rejects.toThrow(
      /Unknown tool/,
    );
  });
});
