/**
 * Writes `test/routing/catalog.json`: the real tools/list of the installed servers (filesystem,
 * memory, everything), started over stdio with the SDK client, plus the hand-written servers
 * of `hand-written-servers.ts`. Each server says whether it was snapshotted or hand-written.
 *
 *   node --import tsx test/routing/snapshot-catalog.ts
 */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  everythingStdio,
  filesystemStdio,
  memoryStdio,
  type StdioCommand,
} from '../helpers/spawn-fixture.js';
import { HAND_WRITTEN_SERVERS, type ServerDef, type ToolDef } from './hand-written-servers.js';

const HERE = dirname(fileURLToPath(import.meta.url));

async function listTools(command: StdioCommand & { env?: Record<string, string> }) {
  const client = new Client({ name: 'routing-snapshot', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: command.command,
    args: command.args,
    env: { ...getDefaultEnvironment(), ...command.env },
    stderr: 'ignore',
  });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    // Keep only what routing reads; output schemas and _meta are not part of the index.
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

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'routing-snapshot-'));
  try {
    const snapshot = (id: string, kind: string, pkg: string, tools: ToolDef[]): ServerDef => ({
      id,
      kind,
      package: pkg,
      source: 'snapshot',
      tools,
    });
    const servers: ServerDef[] = [
      snapshot(
        'filesystem',
        'filesystem',
        '@modelcontextprotocol/server-filesystem',
        await listTools(filesystemStdio(scratch)),
      ),
      snapshot(
        'memory',
        'memory',
        '@modelcontextprotocol/server-memory',
        await listTools(memoryStdio(join(scratch, 'memory.jsonl'))),
      ),
      snapshot(
        'everything',
        'everything',
        '@modelcontextprotocol/server-everything',
        await listTools(everythingStdio()),
      ),
      ...HAND_WRITTEN_SERVERS,
    ];
    const count = servers.reduce((n, s) => n + s.tools.length, 0);
    const file = {
      description:
        'Tool catalog for the routing evaluation. "snapshot" servers are the real ' +
        'tools/list of installed packages; "hand-written" ones follow the published tool lists.',
      generatedBy: 'node --import tsx test/routing/snapshot-catalog.ts',
      toolCount: count,
      servers,
    };
    await writeFile(join(HERE, 'catalog.json'), `${JSON.stringify(file, null, 2)}\n`);
    console.log(`catalog.json: ${servers.length} servers, ${count} tools`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
