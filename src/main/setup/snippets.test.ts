import { describe, expect, it } from 'vitest';
import { claudeCodeSnippet, clientEntry, connectionSnippets, pythonSnippet } from './snippets.js';

const input = { url: 'http://127.0.0.1:37373/mcp', key: 'sb_live_abc' };

describe('connection snippets', () => {
  it('gives Claude Code a claude mcp add command with the key header', () => {
    expect(claudeCodeSnippet(input).text).toBe(
      "claude mcp add --transport http switchboard http://127.0.0.1:37373/mcp --header 'Authorization: Bearer sb_live_abc'",
    );
  });

  it('gives each config-file client its own entry shape', () => {
    const headers = { Authorization: 'Bearer sb_live_abc' };
    expect(clientEntry('cursor', input)).toEqual({ url: input.url, headers });
    expect(clientEntry('vscode', input)).toEqual({ type: 'http', url: input.url, headers });
    expect(clientEntry('windsurf', input)).toEqual({ serverUrl: input.url, headers });
    // The bridge by absolute path (this Node and the bin), the key in its environment only.
    const desktop = clientEntry('claude-desktop', input);
    expect(desktop).toEqual({
      command: process.execPath,
      args: [
        expect.stringMatching(/[\\/]bin[\\/]switchboard\.cjs$/),
        'connect',
        '--url',
        input.url,
      ],
      env: { SWITCHBOARD_KEY: 'sb_live_abc' },
    });
    expect(JSON.stringify((desktop as { args: string[] }).args)).not.toContain('sb_live_abc');
  });

  it('wraps VS Code entries in "servers" and the others in "mcpServers"', () => {
    const byClient = Object.fromEntries(connectionSnippets(input).map((s) => [s.client, s]));
    expect(JSON.parse(byClient.vscode!.text)).toEqual({
      servers: { switchboard: clientEntry('vscode', input) },
    });
    expect(JSON.parse(byClient.cursor!.text)).toHaveProperty(
      'mcpServers.switchboard.url',
      input.url,
    );
    expect(Object.keys(byClient)).toEqual([
      'claude-code',
      'claude-desktop',
      'cursor',
      'vscode',
      'windsurf',
      'python',
    ]);
  });

  it('gives a Python MCP client with DSPy tools the URL and the Bearer header', () => {
    const { text, format } = pythonSnippet(input);
    expect(format).toBe('python');
    expect(text).toContain('URL = "http://127.0.0.1:37373/mcp"');
    expect(text).toContain('HEADERS = {"Authorization": "Bearer sb_live_abc"}');
    expect(text).toContain('dspy.Tool.from_mcp_tool(session, tool)');
  });
});
