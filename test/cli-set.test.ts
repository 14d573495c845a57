import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { runCli, startServe, stopChild, type ServeProcess } from './helpers/serve-process.js';

// `switchboard set`: a preset's setting, a plain config field or a secret changed on a server
// that exists, checked as `add` checks, and the server restarted with it, against a running
// `serve` (the CLI talks to it over the control API).

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-set-'));
let serve: ServeProcess;
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

/** The server's row in `servers --json`. */
function viewOf(id: string): { state: string } {
  const listed = cli('servers', '--json');
  expect(listed.status, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout).find((s: { id: string }) => s.id === id);
}

beforeAll(async () => {
  serve = await startServe(['--data-dir', dataDir, '--port', '0']);
  mkdirSync(join(dataDir, 'notes'));
}, 90_000);

afterAll(async () => {
  if (serve) await stopChild(serve.child);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('switchboard set', () => {
  it('changes a preset setting, checked, and restarts the server with it', async () => {
    expect(cli('add', 'memory', '--id', 'notes').status).toBe(0);

    const refused = cli('set', 'notes', 'file=/no/such/folder/notes.jsonl');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'Cannot change notes: Memory file (file): folder /no/such/folder does not exist',
    );

    const file = join(dataDir, 'notes', 'graph.jsonl');
    const changed = cli('set', 'notes', `file=${file}`);
    expect(changed.status, changed.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8'));
    const notes = config.servers.find((s: { id: string }) => s.id === 'notes');
    expect(notes.transport.env.MEMORY_FILE_PATH).toBe(file);
    expect(notes.preset).toEqual({ id: 'memory', values: { file } });
    // The server was restarted with the new file: an agent's write lands in it.
    await vi.waitFor(() => expect(viewOf('notes')).toMatchObject({ state: 'ready' }), {
      timeout: 60_000,
      interval: 250,
    });
    const agent = new Client({ name: 'set-test', version: '1.0.0' });
    const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
    await agent.connect(
      new StreamableHTTPClientTransport(new URL(serve.url), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    try {
      const entities = [{ name: 'Ada', entityType: 'person', observations: ['wrote notes'] }];
      const result = await agent.callTool({
        name: 'notes__create_entities',
        arguments: { entities },
      });
      expect(result.isError).toBeFalsy();
      expect(readFileSync(file, 'utf8')).toContain('Ada');
    } finally {
      await agent.close();
    }
  }, 120_000);

  it('changes a plain field, refusing a value that does not fit it', () => {
    const refused = cli('set', 'notes', 'callTimeoutMs=soon');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('callTimeoutMs: "soon" does not fit this setting');
    const unknown = cli('set', 'notes', 'colour=blue');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('"colour" is not a setting of server notes (settings: file,');
    expect(cli('set', 'notes', 'callTimeoutMs=5000').status).toBe(0);
    const config = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8'));
    expect(config.servers.find((s: { id: string }) => s.id === 'notes').callTimeoutMs).toBe(5000);
  }, 60_000);

  it('sets a secret from an environment variable, never showing it', () => {
    const token = 'ghp_cli_set_secret_value_1';
    const added = runCli(['add', 'github', '--set-env', 'token=GH_OLD', '--data-dir', dataDir], {
      GH_OLD: 'ghp_old_value',
    });
    expect(added.status, added.stderr).toBe(0);
    const set = runCli(['set', 'github', '--set-env', 'token=GH_NEW', '--data-dir', dataDir], {
      GH_NEW: token,
    });
    expect(set.status, set.stderr).toBe(0);
    expect(set.stderr + set.stdout).not.toContain(token);
    const listed = cli('servers', '--json');
    expect(listed.stdout).not.toContain(token);
    const logs = cli('logs', 'github');
    expect(logs.stdout + logs.stderr).not.toContain(token);
    // The token went to the env entry the preset gives it (marked secret: masked, and sealed
    // on the desktop; headless keeps the 0600 file), never into the preset's plain values.
    const config = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8'));
    const github = config.servers.find((s: { id: string }) => s.id === 'github');
    expect(github.transport.env.GITHUB_PERSONAL_ACCESS_TOKEN).toMatch(new RegExp(`${token}$`));
    expect(github.secrets).toEqual(['GITHUB_PERSONAL_ACCESS_TOKEN']);
    expect(github.preset).toEqual({ id: 'github', values: {} });
    const missing = cli('set', 'github', '--set-env', 'token=NO_SUCH_VARIABLE_HERE');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--set-env token: NO_SUCH_VARIABLE_HERE is not set');
  }, 120_000);
});
