import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  detectClientConfigs,
  knownConfigLocations,
  parseClientConfig,
  readClientConfig,
  rewriteClientConfig,
  stripJsonComments,
} from './importers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/client-configs');
const fixture = (name: string) => path.join(FIXTURES, name);

describe('reading client configs', () => {
  it('Claude Desktop: mcpServers, the token marked secret, everything disabled', () => {
    const preview = readClientConfig('claude-desktop', fixture('claude_desktop_config.json'));
    expect(preview.servers.map((s) => s.id)).toEqual(['filesystem', 'github']);
    expect(preview.servers.every((s) => !s.enabled)).toBe(true);
    expect(preview.servers[1]).toMatchObject({
      transport: {
        type: 'stdio',
        command: 'npx',
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_example' },
      },
      secrets: ['GITHUB_PERSONAL_ACCESS_TOKEN'],
    });
  });

  it('Claude Code: top-level and per-project servers, and .mcp.json', () => {
    const preview = readClientConfig('claude-code', fixture('claude.json'));
    expect(preview.servers.map((s) => s.id)).toEqual(['memory', 'postgres', 'sentry']);
    expect(preview.servers[2]?.transport).toEqual({
      type: 'http',
      url: 'https://mcp.sentry.dev/mcp',
      headers: { Authorization: 'Bearer sntrys_x' },
    });
    const project = readClientConfig('claude-code', fixture('dot-mcp.json'));
    expect(project.servers[0]?.transport).toMatchObject({
      type: 'sse',
      url: 'https://docs.example.com/sse',
    });
  });

  it('Cursor: remote entries without a type, and a broken entry skipped with a warning', () => {
    const preview = readClientConfig('cursor', fixture('cursor-mcp.json'), ['linear']);
    expect(preview.servers.map((s) => s.id)).toEqual(['linear-2']);
    expect(preview.servers[0]?.secrets).toEqual(['API_KEY']);
    expect(preview.warnings.join('\n')).toMatch(/"broken" \(mcpServers\) was skipped/);
    expect(preview.warnings.join('\n')).toMatch(/got the id "linear-2"/);
  });

  it('VS Code: settings.json with comments and trailing commas, and mcp.json with inputs', () => {
    const settings = readClientConfig('vscode', fixture('vscode-settings.json'));
    expect(settings.servers.map((s) => [s.id, s.transport.type])).toEqual([
      ['fetch', 'stdio'],
      ['remote', 'http'],
    ]);
    expect(settings.warnings.join('\n')).toContain('${input:token}');
    const mcp = readClientConfig('vscode', fixture('vscode-mcp.json'));
    expect(mcp.servers.map((s) => s.id)).toEqual(['github', 'time']);
  });

  it('Windsurf: serverUrl entries', () => {
    const preview = readClientConfig('windsurf', fixture('windsurf-mcp_config.json'));
    expect(preview.servers[0]?.transport).toEqual({
      type: 'http',
      url: 'https://mcp.context7.com/mcp',
      headers: {},
    });
    expect(preview.servers[1]?.transport).toMatchObject({ command: 'uvx' });
  });

  it('explains a file that is not JSON', () => {
    expect(() => parseClientConfig('cursor', '/x/mcp.json', '{ nope')).toThrow(
      /Cannot import \/x\/mcp.json: it is not valid JSON/,
    );
    expect(() => readClientConfig('cursor', '/nonexistent/mcp.json')).toThrow(/does not exist/);
  });

  it('strips comments but not comment-like text inside strings', () => {
    expect(JSON.parse(stripJsonComments('{"a": "http://x/*y*/,}", // c\n "b": [1,],}'))).toEqual({
      a: 'http://x/*y*/,}',
      b: [1],
    });
  });
});

describe('known locations', () => {
  it('knows the macOS and Linux files', () => {
    const mac = knownConfigLocations({ platform: 'darwin', home: '/Users/me', env: {} }).map(
      (l) => l.file,
    );
    expect(mac).toContain(
      '/Users/me/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(mac).toContain('/Users/me/Library/Application Support/Code/User/settings.json');
    const linux = knownConfigLocations({
      platform: 'linux',
      home: '/home/me',
      env: {},
      projectDir: '/p',
    });
    expect(linux.map((l) => l.file)).toEqual(
      expect.arrayContaining([
        '/home/me/.config/Claude/claude_desktop_config.json',
        '/home/me/.claude.json',
        '/home/me/.cursor/mcp.json',
        '/home/me/.codeium/windsurf/mcp_config.json',
        '/p/.mcp.json',
        '/p/.vscode/mcp.json',
      ]),
    );
  });
});

describe('detecting and rewriting', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'switchboard-import-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('finds the files that exist in a home folder', () => {
    mkdirSync(path.join(home, '.cursor'));
    copyFileSync(fixture('cursor-mcp.json'), path.join(home, '.cursor', 'mcp.json'));
    copyFileSync(fixture('claude.json'), path.join(home, '.claude.json'));
    const found = detectClientConfigs({ platform: 'linux', home, env: {} });
    expect(found.map((p) => [p.client, p.servers.length])).toEqual([
      ['claude-code', 3],
      ['cursor', 1],
    ]);
  });

  it('backs up, then points Claude Code at Switchboard over HTTP, keeping other settings', () => {
    const file = path.join(home, '.claude.json');
    copyFileSync(fixture('claude.json'), file);
    const now = new Date('2026-11-02T10:00:00Z');
    const { backup } = rewriteClientConfig('claude-code', file, {
      url: 'http://127.0.0.1:37373/mcp',
      key: 'sb_k',
      now,
    });
    expect(path.basename(backup)).toBe('.claude.json.switchboard-backup-2026-11-02T10-00-00-000Z');
    expect(readFileSync(backup, 'utf8')).toBe(readFileSync(fixture('claude.json'), 'utf8'));
    const rewritten = JSON.parse(readFileSync(file, 'utf8'));
    expect(rewritten.numStartups).toBe(12);
    expect(rewritten.mcpServers).toEqual({
      switchboard: {
        type: 'http',
        url: 'http://127.0.0.1:37373/mcp',
        headers: { Authorization: 'Bearer sb_k' },
      },
    });
    expect(rewritten.projects['/home/me/shop'].mcpServers).toEqual({});
  });

  it('gives Claude Desktop the stdio bridge and VS Code settings an mcp.servers entry', () => {
    const desktop = path.join(home, 'claude_desktop_config.json');
    copyFileSync(fixture('claude_desktop_config.json'), desktop);
    rewriteClientConfig('claude-desktop', desktop, { url: 'http://127.0.0.1:1/mcp', key: 'k' });
    expect(JSON.parse(readFileSync(desktop, 'utf8')).mcpServers).toEqual({
      switchboard: {
        command: process.execPath,
        args: [
          expect.stringMatching(/switchboard\.cjs$/),
          'connect',
          '--url',
          'http://127.0.0.1:1/mcp',
        ],
        env: { SWITCHBOARD_KEY: 'k' },
      },
    });
    const settings = path.join(home, 'settings.json');
    copyFileSync(fixture('vscode-settings.json'), settings);
    rewriteClientConfig('vscode', settings, { url: 'http://127.0.0.1:1/mcp', key: 'k' });
    const parsed = JSON.parse(readFileSync(settings, 'utf8'));
    expect(parsed['editor.fontSize']).toBe(14);
    expect(Object.keys(parsed.mcp.servers)).toEqual(['switchboard']);
    expect(readdirSync(home).filter((f) => f.includes('switchboard-backup'))).toHaveLength(2);
  });
});
