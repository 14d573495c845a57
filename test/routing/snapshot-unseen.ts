/**
 * Writes `test/routing/unseen/servers.json`: the real tools/list of MCP servers this project's
 * ranker was never developed with, started over stdio with the SDK client from a folder outside
 * the repository (they are not dependencies of Switchboard):
 *
 *   mkdir -p /tmp/routing-servers && cd /tmp/routing-servers && npm init -y &&
 *     npm install --ignore-scripts <the packages below>
 *   node --import tsx test/routing/snapshot-unseen.ts /tmp/routing-servers
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

interface Unseen {
  id: string;
  kind: string;
  package: string;
  bin: string;
  args?: string[];
  env?: Record<string, string>;
}

const UNSEEN: Unseen[] = [
  {
    id: 'puppeteer',
    kind: 'browser',
    package: '@modelcontextprotocol/server-puppeteer',
    bin: 'mcp-server-puppeteer',
  },
  {
    id: 'maps',
    kind: 'maps',
    package: '@modelcontextprotocol/server-google-maps',
    bin: 'mcp-server-google-maps',
    env: { GOOGLE_MAPS_API_KEY: 'placeholder' },
  },
  {
    id: 'gitlab',
    kind: 'code hosting',
    package: '@modelcontextprotocol/server-gitlab',
    bin: 'mcp-server-gitlab',
    env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'placeholder' },
  },
  {
    id: 'airtable',
    kind: 'database',
    package: 'airtable-mcp-server',
    bin: 'airtable-mcp-server',
    env: { AIRTABLE_API_KEY: 'placeholder' },
  },
  { id: 'chart', kind: 'charts', package: '@antv/mcp-server-chart', bin: 'mcp-server-chart' },
  {
    id: 'linear',
    kind: 'issue tracker',
    package: '@tacticlaunch/mcp-linear',
    bin: 'mcp-linear',
    env: { LINEAR_API_TOKEN: 'placeholder' },
  },
];

async function listTools(folder: string, server: Unseen): Promise<ToolDef[]> {
  const client = new Client({ name: 'routing-unseen', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: join(folder, 'node_modules/.bin', server.bin),
    args: server.args ?? [],
    env: { ...getDefaultEnvironment(), ...server.env },
    stderr: 'ignore',
  });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
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
  for (const server of UNSEEN) {
    const tools = await listTools(folder, server);
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
      'Real tool lists of MCP servers the ranker was never developed with, for the unseen ' +
      'routing set (tasks.json beside this file).',
    generatedBy: 'node --import tsx test/routing/snapshot-unseen.ts /tmp/routing-servers',
    toolCount: servers.reduce((n, s) => n + s.tools.length, 0),
    servers,
  };
  await writeFile(join(HERE, 'unseen/servers.json'), `${JSON.stringify(file, null, 2)}\n`);
}

await main(process.argv[2] ?? '/tmp/routing-servers');
