import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpControlApi } from '../src/shared/http-control.js';
import { rewriteClientConfig } from '../src/main/setup/importers.js';
import { bridgeCommand } from '../src/main/setup/bridge-command.js';
import { ROOT } from './helpers/stage-app.js';

/*
 * Claude Desktop's config, as Switchboard writes it, started the way Claude Desktop starts a
 * server: the entry's command and args, its env over a few inherited variables, no shell, and a
 * bare PATH (an app opened from the Finder gets /usr/bin:/bin:/usr/sbin:/sbin). `switchboard` is
 * on no PATH, so only an absolute command works; the key must reach the bridge through env.
 */

const BARE_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

interface DesktopEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

let work: string;
let dataDir: string;
let serve: ChildProcess;
let url: string;
let controlUrl: URL;
let key: string;

/** `switchboard serve` from the built bin, as an npm install runs it. */
async function startServe(): Promise<void> {
  const bin = join(ROOT, 'bin/switchboard.cjs');
  serve = spawn(process.execPath, [bin, 'serve', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: serve.stdout! });
  await new Promise<void>((resolve, reject) => {
    serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    lines.on('line', (line) => {
      url ??= /MCP endpoint (\S+)$/.exec(line)?.[1] as string;
      const control = /^Control center: (\S+)$/.exec(line)?.[1];
      if (control) {
        controlUrl = new URL(control);
        resolve();
      }
    });
  });
  key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
}

/** Starts `entry` as Claude Desktop would and connects an MCP client to it over stdio. */
async function launch(entry: DesktopEntry): Promise<{ client: Client; pid: number }> {
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    env: { ...entry.env, PATH: BARE_PATH },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
  await client.connect(transport);
  return { client, pid: transport.pid! };
}

/** Lists the gateway's tools through the bridge once the two default servers are up. */
async function expectDefaultTools(client: Client): Promise<void> {
  await vi.waitFor(
    async () => {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['filesystem__list_directory', 'memory__read_graph']),
      );
    },
    { timeout: 60_000, interval: 500 },
  );
}

/** What `ps` shows for a process (Linux: /proc; elsewhere nothing is checked). */
function commandLineOf(pid: number): string | undefined {
  const file = `/proc/${pid}/cmdline`;
  return existsSync(file) ? readFileSync(file, 'utf8').replace(/\0/g, ' ') : undefined;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/main/boot.cjs'))) {
    throw new Error('out/ is not built: run `npm run build` first');
  }
  work = mkdtempSync(join(tmpdir(), 'switchboard-claude-desktop-'));
  dataDir = join(work, 'data');
  await startServe();
}, 90_000);

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await once(serve, 'exit');
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('Claude Desktop through the stdio bridge', () => {
  it('runs the snippet the gateway gives, written to its config file, with nothing on PATH', async () => {
    const token = new URLSearchParams(controlUrl.hash.slice(1)).get('token')!;
    const api = createHttpControlApi({ baseUrl: controlUrl.origin, token: token });
    const snippet = (await api.getSnippets({ key })).find((s) => s.client === 'claude-desktop')!;
    const file = join(work, 'claude_desktop_config.json');
    writeFileSync(file, snippet.text);
    const entry = (
      JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, DesktopEntry> }
    ).mcpServers.switchboard!;
    expect(entry.command).toBe(process.execPath);
    expect(entry.args).not.toContain(key);

    const { client, pid } = await launch(entry);
    try {
      await expectDefaultTools(client);
      const line = commandLineOf(pid);
      if (line !== undefined) {
        expect(line).toContain('connect');
        expect(line).not.toContain(key);
      }
    } finally {
      await client.close();
    }
  }, 90_000);

  it("runs the app's own entry with the bridge flag, as the app rewrites the config", async () => {
    // `node <app folder>` runs package.json main (out/main/boot.cjs), as `electron <app folder>`
    // does; in the packaged app the binary itself is the command and takes no folder.
    const bridge = bridgeCommand(url, key, {
      execPath: process.execPath,
      electron: 'stand-in',
      defaultApp: true,
      appRoot: ROOT,
    });
    const file = join(work, 'claude_desktop_config.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { other: { command: 'npx', args: ['x'] } } }));
    rewriteClientConfig('claude-desktop', file, { url, key, bridge });
    const { mcpServers } = JSON.parse(readFileSync(file, 'utf8')) as {
      mcpServers: Record<string, DesktopEntry>;
    };
    expect(Object.keys(mcpServers)).toEqual(['switchboard']);
    const { client } = await launch(mcpServers.switchboard!);
    try {
      await expectDefaultTools(client);
    } finally {
      await client.close();
    }
  }, 90_000);
});
