import { describe, expect, it } from 'vitest';
import { buildSnippets, KEY_PLACEHOLDER } from './snippets';

const ENDPOINT = 'http://127.0.0.1:37373/mcp';
const byId = (key?: string) =>
  Object.fromEntries(buildSnippets(ENDPOINT, key).map((s) => [s.id, s.code]));

describe('buildSnippets', () => {
  it('fills the Claude Code command with the endpoint and key', () => {
    expect(byId('sb_abc')['claude-code']).toBe(
      `claude mcp add --transport http switchboard "${ENDPOINT}" --header "Authorization: Bearer sb_abc"`,
    );
  });

  it('uses each client’s config shape', () => {
    const s = byId('sb_abc');
    expect(JSON.parse(s.cursor!)).toEqual({
      mcpServers: { switchboard: { url: ENDPOINT, headers: { Authorization: 'Bearer sb_abc' } } },
    });
    expect(JSON.parse(s.vscode!)).toEqual({
      servers: {
        switchboard: { type: 'http', url: ENDPOINT, headers: { Authorization: 'Bearer sb_abc' } },
      },
    });
    expect(JSON.parse(s['claude-desktop']!)).toEqual({
      mcpServers: { switchboard: { command: 'switchboard', args: ['connect', '--key', 'sb_abc'] } },
    });
    expect(s.python).toContain(`URL = "${ENDPOINT}"`);
    expect(s.python).toContain('"Authorization": "Bearer sb_abc"');
    expect(s.python).toContain('from mcp.client.streamable_http import streamable_http_client');
  });

  it('uses a placeholder without a key, and quotes shell metacharacters', () => {
    expect(byId()['claude-code']).toContain(`Bearer ${KEY_PLACEHOLDER}`);
    expect(byId('a"$b')['claude-code']).toContain('Bearer a\\"\\$b"');
  });
});
