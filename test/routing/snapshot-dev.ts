/**
 * Writes `test/routing/dev/servers.json`: the real tools/list of more MCP servers to develop the
 * ranker with (none of them among the unseen set's servers), started over stdio with the SDK
 * client from a folder outside the repository (they are not dependencies of Switchboard):
 *
 *   mkdir -p /tmp/routing-dev && cd /tmp/routing-dev && npm init -y &&
 *     npm install --ignore-scripts <the packages below>
 *   node --import tsx test/routing/snapshot-dev.ts /tmp/routing-dev
 *
 * Credentials are placeholders: every one of these servers lists its tools without contacting
 * its service.
 */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerDef, ToolDef } from './hand-written-servers.js';

const HERE = dirname(fileURLToPath(import.meta.url));

interface DevServer {
  id: string;
  kind: string;
  package: string;
  bin: string;
  args?: string[];
  env?: Record<string, string>;
}

const DEV: DevServer[] = [
  { id: 'mongodb', kind: 'database', package: 'mongodb-mcp-server', bin: 'mongodb-mcp-server' },
  {
    id: 'desktop',
    kind: 'terminal and files',
    package: '@wonderwhy-er/desktop-commander',
    bin: 'desktop-commander',
  },
  { id: 'context7', kind: 'library docs', package: '@upstash/context7-mcp', bin: 'context7-mcp' },
  {
    id: 'circleci',
    kind: 'ci',
    package: '@circleci/mcp-server-circleci',
    bin: 'mcp-server-circleci',
    env: { CIRCLECI_TOKEN: 'placeholder' },
  },
];

async function listTools(folder: string, server: DevServer): Promise<ToolDef[]> {
  const client = new Client({ name: 'routing-dev', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: join(folder, 'node_modules/.bin', server.bin),
    args: server.args ?? [],
    env: { ...getDefaultEnvironment(), ...server.env },
    stderr: 'ignore',
  });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools(undefined, { timeout: 20_000 });
    return tools.map((t): ToolDef => ({
      name: t.name,
      description: t.description ?? '',
      inputSchema: t.inputSchema as ToolDef['inputSchema'],
      ...(t.annotations && { annotations: t.annotations }),
    }));
  } finally {
    await client.close();
  }
}

async function versionOf(folder: string, pkg: string): Promise<string> {
  const json = JSON.parse(
    await readFile(join(folder, 'node_modules', pkg, 'package.json'), 'utf8'),
  );
  return (json as { version: string }).version;
}

async function main(folder: string): Promise<void> {
  const servers: (ServerDef & { version: string })[] = [];
  for (const server of DEV) {
    let tools: ToolDef[];
    try {
      tools = await listTools(folder, server);
    } catch (error) {
      // A server that will not list its tools without its service is left out, and said so.
      console.log(`${server.id}: left out (${(error as Error).message})`);
      continue;
    }
    const version = await versionOf(folder, server.package);
    servers.push({
      id: server.id,
      kind: server.kind,
      package: server.package,
      version,
      source: 'snapshot',
      tools,
    });
    console.log(`${server.id}: ${server.package}@${version}, ${tools.length} tools`);
  }
  const file = {
    description:
      'Real tool lists of more MCP servers to develop the ranker with (tasks.json beside this ' +
      'file; part of the tuning split).',
    generatedBy: 'node --import tsx test/routing/snapshot-dev.ts /tmp/routing-dev',
    toolCount: servers.reduce((n, s) => n + s.tools.length, 0),
    servers,
  };
  await writeFile(join(HERE, 'dev/servers.json'), `${JSON.stringify(file, null, 2)}\n`);
}

await main(process.argv[2] ?? '/tmp/routing-dev');
