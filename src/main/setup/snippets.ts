import { ClientKindSchema, type ClientKind } from '../../shared/model.js';
import { bridgeCommand, type BridgeCommand } from './bridge-command.js';
/**
 * Connection snippets ("Connect"): for a role's key, the exact text each MCP client needs
 * to reach Switchboard's endpoint. Pure functions; nothing is written anywhere.
 */

/** The clients Switchboard knows how to connect and import from. */
export const CLIENT_KINDS = ClientKindSchema.options;
export type { ClientKind };

/** Everything a snippet needs. */
export interface SnippetInput {
  /** The endpoint, e.g. `http://127.0.0.1:37373/mcp`. */
  url: string;
  /** The agent key (its secret). */
  key: string;
  /** The entry's name in the client (default `switchboard`). */
  name?: string;
  /**
   * How stdio-only clients start the bridge (default: bridgeCommand(url, key), by absolute
   * path, the key in its environment).
   */
  bridge?: BridgeCommand;
}

/** One snippet: what to do with it, and the text. */
export interface Snippet {
  client: ClientKind | 'python';
  title: string;
  /** `shell`: run it; `json`: merge it into the file named in `where`; `python`: run it. */
  format: 'shell' | 'json' | 'python';
  where: string;
  text: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

function bearer(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}

/** Single-quotes a word for POSIX shells. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The stdio bridge entry for clients that speak only stdio (`switchboard connect`): an absolute
 * command, since such clients start it without a shell and often with a bare PATH, and the key
 * in `env`, so it never shows in `ps`.
 */
export function bridgeEntry(input: SnippetInput): BridgeCommand {
  return input.bridge ?? bridgeCommand(input.url, input.key);
}

/** The server entry a client's config file gets for Switchboard (what importers write, too). */
export function clientEntry(client: ClientKind, input: SnippetInput): Record<string, unknown> {
  const headers = bearer(input.key);
  switch (client) {
    case 'claude-code':
    case 'vscode':
      return { type: 'http', url: input.url, headers };
    case 'cursor':
      return { url: input.url, headers };
    case 'windsurf':
      return { serverUrl: input.url, headers };
    case 'claude-desktop':
      // Claude Desktop's config file takes only stdio servers; remote ones need its connectors UI.
      return { ...bridgeEntry(input) };
  }
}

/** The key under which a client's config file keeps its servers. */
export function serversKey(client: ClientKind): 'mcpServers' | 'servers' {
  return client === 'vscode' ? 'servers' : 'mcpServers';
}

function fileSnippet(
  client: ClientKind,
  title: string,
  where: string,
  input: SnippetInput,
): Snippet {
  const name = input.name ?? 'switchboard';
  const text = json({ [serversKey(client)]: { [name]: clientEntry(client, input) } });
  return { client, title, format: 'json', where, text };
}

/** `claude mcp add --transport http …` for Claude Code. */
export function claudeCodeSnippet(input: SnippetInput): Snippet {
  const name = input.name ?? 'switchboard';
  const words = ['claude', 'mcp', 'add', '--transport', 'http', name, input.url];
  const text = `${words.map(shellQuote).join(' ')} --header ${shellQuote(`Authorization: Bearer ${input.key}`)}`;
  return {
    client: 'claude-code',
    title: 'Claude Code',
    format: 'shell',
    where: 'a terminal',
    text,
  };
}

/** A Python MCP client (the `mcp` package) wrapped as DSPy tools for a ReAct agent. */
export function pythonSnippet(input: SnippetInput): Snippet {
  const text = `# pip install mcp dspy
import asyncio
import dspy
from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client

URL = ${JSON.stringify(input.url)}
HEADERS = {"Authorization": ${JSON.stringify(`Bearer ${input.key}`)}}


async def main():
    dspy.configure(lm=dspy.LM("openai/gpt-4o-mini"))  # any model DSPy supports
    async with streamablehttp_client(URL, headers=HEADERS) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listed = await session.list_tools()
            tools = [dspy.Tool.from_mcp_tool(session, tool) for tool in listed.tools]
            agent = dspy.ReAct("question -> answer", tools=tools)
            result = await agent.acall(question="What tools do you have?")
            print(result.answer)


asyncio.run(main())
`;
  return {
    client: 'python',
    title: 'Python MCP client (DSPy)',
    format: 'python',
    where: 'agent.py',
    text,
  };
}

/** Every snippet for one key, in the order the Connect view shows them. */
export function connectionSnippets(input: SnippetInput): Snippet[] {
  return [
    claudeCodeSnippet(input),
    fileSnippet(
      'claude-desktop',
      'Claude Desktop',
      'claude_desktop_config.json (Settings → Developer → Edit Config)',
      input,
    ),
    fileSnippet('cursor', 'Cursor', '~/.cursor/mcp.json (or .cursor/mcp.json in a project)', input),
    fileSnippet('vscode', 'VS Code', '.vscode/mcp.json (or MCP: Open User Configuration)', input),
    fileSnippet('windsurf', 'Windsurf', '~/.codeium/windsurf/mcp_config.json', input),
    pythonSnippet(input),
  ];
}
