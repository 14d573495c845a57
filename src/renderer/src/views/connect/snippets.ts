/** Stand-in for the key when none was just created (secrets are shown once). */
export const KEY_PLACEHOLDER = '<YOUR_KEY>';

/** The name agents see the gateway under. */
export const SERVER_NAME = 'switchboard';

/** One ready-to-paste way to connect an agent. */
export interface Snippet {
  id: 'claude-code' | 'claude-desktop' | 'cursor' | 'vscode' | 'python';
  title: string;
  /** Where it goes, in a few words. */
  where: string;
  language: 'shell' | 'json' | 'python';
  code: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** A double-quoted shell word: escapes what bash would expand inside double quotes. */
function shellQuote(text: string): string {
  return `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** A Python string literal. */
function pyString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Connection snippets for the common MCP clients, filled with the gateway's endpoint and the
 * key (or a placeholder). Pure, so each client's config shape is pinned by a test.
 */
export function buildSnippets(endpoint: string, key?: string): Snippet[] {
  const k = key ?? KEY_PLACEHOLDER;
  const auth = `Bearer ${k}`;
  return [
    {
      id: 'claude-code',
      title: 'Claude Code',
      where: 'Run in a terminal',
      language: 'shell',
      code: `claude mcp add --transport http ${SERVER_NAME} ${shellQuote(endpoint)} --header ${shellQuote(`Authorization: ${auth}`)}`,
    },
    {
      id: 'claude-desktop',
      title: 'Claude Desktop',
      where: 'claude_desktop_config.json (uses the stdio bridge)',
      language: 'json',
      code: json({
        mcpServers: { [SERVER_NAME]: { command: 'switchboard', args: ['connect', '--key', k] } },
      }),
    },
    {
      id: 'cursor',
      title: 'Cursor',
      where: '~/.cursor/mcp.json',
      language: 'json',
      code: json({
        mcpServers: { [SERVER_NAME]: { url: endpoint, headers: { Authorization: auth } } },
      }),
    },
    {
      id: 'vscode',
      title: 'VS Code',
      where: '.vscode/mcp.json',
      language: 'json',
      code: json({
        servers: {
          [SERVER_NAME]: { type: 'http', url: endpoint, headers: { Authorization: auth } },
        },
      }),
    },
    {
      id: 'python',
      title: 'Python / DSPy',
      where: 'pip install mcp httpx (mcp ≥ 1.24)',
      language: 'python',
      code: pythonSnippet(endpoint, auth),
    },
  ];
}

function pythonSnippet(endpoint: string, auth: string): string {
  return `import asyncio

import httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

URL = ${pyString(endpoint)}
HEADERS = {"Authorization": ${pyString(auth)}}


async def main() -> None:
    async with httpx.AsyncClient(headers=HEADERS, timeout=None) as http:
        async with streamable_http_client(URL, http_client=http) as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                listed = await session.list_tools()
                print([tool.name for tool in listed.tools])
                # DSPy: tools = [dspy.Tool.from_mcp_tool(session, t) for t in listed.tools]


asyncio.run(main())
`;
}
