import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { getPreset, instantiatePreset } from '../src/main/setup/presets.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { callText } from './presets/tool-text.js';

// GitHub needs an account and the internet, so the test goes as far as it can
// without them: the local server starts, lists its tools, and a call without a token fails
// with a message that says what to do. The remote preset is checked as configuration.

let dir: string;
let sb: TestSwitchboard;
let admin: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-github-'));
  const { server } = instantiatePreset(
    getPreset('github'),
    { token: 'placeholder' },
    { dataDir: dir },
  );
  if (server.transport.type !== 'stdio') throw new Error('the local GitHub preset runs over stdio');
  // The same server as added with a token, minus the token.
  const { GITHUB_PERSONAL_ACCESS_TOKEN: _token, ...env } = server.transport.env;
  sb = await startSwitchboard({
    servers: [{ ...server, secrets: [], transport: { ...server.transport, env } }],
  });
  admin = await sb.connect(sb.adminKey);
}, 60_000);

afterAll(async () => {
  await sb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('GitHub presets', () => {
  it('starts the local server and lists its tools', async () => {
    const names = (await admin.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'github__get_file_contents',
        'github__search_repositories',
        'github__merge_pull_request',
      ]),
    );
  });

  it('answers a call without a token with a clear message', async () => {
    const { text, isError } = await callText(admin, 'github__get_file_contents', {
      owner: 'octocat',
      repo: 'hello-world',
      path: 'README',
    });
    expect(isError).toBe(true);
    expect(text).toContain('GitHub token missing');
  });

  it('asks for a token before adding either preset', () => {
    for (const id of ['github', 'github-remote']) {
      expect(() => instantiatePreset(getPreset(id), {}, { dataDir: dir })).toThrow(
        /GitHub token \(token\) is required/,
      );
    }
  });

  it('keeps the token a secret: env for the local server, a Bearer header for the remote one', () => {
    const local = instantiatePreset(
      getPreset('github'),
      { token: 'ghp_x' },
      { dataDir: dir },
    ).server;
    expect(local.secrets).toEqual(['GITHUB_PERSONAL_ACCESS_TOKEN']);
    const remote = instantiatePreset(
      getPreset('github-remote'),
      { token: 'ghp_x' },
      { dataDir: dir },
    ).server;
    expect(remote.transport).toEqual({
      type: 'http',
      url: 'https://api.githubcopilot.com/mcp/',
      headers: { Authorization: 'Bearer ghp_x' },
    });
    expect(remote.secrets).toEqual(['Authorization']);
  });
});
