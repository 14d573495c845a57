/**
 * The real tools/list of MCP servers installed from npm into a folder outside the repository,
 * started over stdio with the SDK client: what snapshot-dev.ts and snapshot-unseen.ts write.
 */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerDef, ToolDef } from './hand-written-servers.js';

/** One npm server to snapshot: its package, the bin it installs, and placeholder credentials. */
export interface NpmServer {
  id: string;
  kind: string;
  package: string;
  bin: string;
  args?: string[];
  env?: Record<string, string>;
}

export type SnapshotServer = ServerDef & { version: string };

async function listTools(folder: string, server: NpmServer, client: string): Promise<ToolDef[]> {
  const sdk = new Client({ name: client, version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: join(folder, 'node_modules/.bin', server.bin),
    args: server.args ?? [],
    env: { ...getDefaultEnvironment(), ...server.env },
    stderr: 'ignore',
  });
  await sdk.connect(transport);
  try {
    const { tools } = await sdk.listTools(undefined, { timeout: 20_000 });
    return tools.map((t): ToolDef => ({
      name: t.name,
      description: t.description ?? '',
      inputSchema: t.inputSchema as ToolDef['inputSchema'],
      ...(t.annotations && { annotations: t.annotations }),
    }));
  } finally {
    await sdk.close();
  }
}

async function versionOf(folder: string, pkg: string): Promise<string> {
  const json = JSON.parse(
    await readFile(join(folder, 'node_modules', pkg, 'package.json'), 'utf8'),
  );
  return (json as { version: string }).version;
}

/**
 * Each server's real tools and installed version. With `leaveOutFailures`, a server that will
 * not list its tools without its service is left out, and said so; otherwise it fails the run.
 */
export async function snapshotNpmServers(
  folder: string,
  defs: readonly NpmServer[],
  options: { client: string; leaveOutFailures?: boolean },
): Promise<SnapshotServer[]> {
  const servers: SnapshotServer[] = [];
  for (const server of defs) {
    let tools: ToolDef[];
    try {
      tools = await listTools(folder, server, options.client);
    } catch (error) {
      if (!options.leaveOutFailures) throw error;
      console.log(`${server.id}: left out (${(error as Error).message})`);
      continue;
    }
    const version = await versionOf(folder, server.package);
    const { id, kind, package: pkg } = server;
    servers.push({ id, kind, package: pkg, version, source: 'snapshot', tools });
    console.log(`${id}: ${pkg}@${version}, ${tools.length} tools`);
  }
  return servers;
}

/** Writes the snapshot file, its tools counted. */
export async function writeSnapshot(
  file: string,
  head: { description: string; generatedBy: string },
  servers: SnapshotServer[],
): Promise<void> {
  const toolCount = servers.reduce((n, s) => n + s.tools.length, 0);
  const body = { ...head, toolCount, servers };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
}
