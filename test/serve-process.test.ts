import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureStdio } from './helpers/spawn-fixture.js';
import {
  alive,
  descendants,
  runCli,
  startServe,
  stopChild,
  type ServeProcess,
} from './helpers/serve-process.js';

// `switchboard serve` as a real process: the ready line, the embedded default, keys from
// the CLI while it runs, and SIGTERM leaving no child process behind.

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-serve-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: 'serve-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

const stop = (serve: ServeProcess) => stopChild(serve.child);

describe('switchboard serve', () => {
  it('runs the embedded default (filesystem + memory) on a first run', async () => {
    const dataDir = tempDir();
    const serve = await startServe(['--data-dir', dataDir, '--port', '0']);
    try {
      expect(serve.stderr.join('\n')).toContain('First run: created an admin key');
      const keyFile = join(dataDir, 'admin-key.txt');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const client = await connect(serve.url, readFileSync(keyFile, 'utf8').trim());
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('filesystem__list_directory');
      expect(names).toContain('memory__read_graph');
      writeFileSync(join(dataDir, 'workspace', 'note.txt'), 'in the workspace');
      const listing = await client.callTool({
        name: 'filesystem__list_directory',
        arguments: { path: join(dataDir, 'workspace') },
      });
      expect(JSON.stringify(listing.content)).toContain('note.txt');
      await client.close();
    } finally {
      await stop(serve);
    }
  });

  it('takes keys created and revoked by the CLI at once, and leaves no child after SIGTERM', async () => {
    const dataDir = tempDir();
    const serversFile = join(dataDir, 'servers.json');
    const fixture = fixtureStdio(['--name', 'cli']);
    writeFileSync(serversFile, JSON.stringify({ mcpServers: { Fixture: fixture } }));
    const serve = await startServe([
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--servers',
      serversFile,
    ]);
    const children = descendants(serve.child.pid!);
    try {
      expect(children.length).toBeGreaterThan(0);
      const created = runCli([
        'keys',
        'create',
        '--role',
        'coder',
        '--name',
        'cli-agent',
        '--data-dir',
        dataDir,
      ]);
      expect(created.status).toBe(0);
      const key = created.stdout.trim();
      expect(key).toMatch(/^sb_[A-Za-z0-9_-]{20,}$/);
      const client = await connect(serve.url, key);
      const echo = await client.callTool({ name: 'fixture__echo', arguments: { text: 'cli' } });
      expect(JSON.stringify(echo.content)).toContain('echo: cli');
      const listed = runCli(['keys', 'list', '--json', '--data-dir', dataDir]);
      expect(JSON.parse(listed.stdout).map((k: { name: string }) => k.name)).toContain('cli-agent');
      expect(runCli(['keys', 'revoke', 'cli-agent', '--data-dir', dataDir]).status).toBe(0);
      await expect(
        client.callTool({ name: 'fixture__echo', arguments: { text: 'x' } }),
      ).rejects.toThrow();
    } finally {
      expect(await stop(serve)).toBe(0);
    }
    const left = children.filter(alive);
    expect(left).toEqual([]);
    // Three CLI processes and a serve with its servers, one after another: past the default
    // 30 s when the machine's two cores are shared with other suites.
  }, 60_000);

  it('says clearly when the command line is wrong', () => {
    const result = runCli(['serve', '--port', 'abc', '--data-dir', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port takes a number');
  });
});
