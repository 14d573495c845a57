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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotNpmServers, writeSnapshot, type NpmServer } from './snapshot-npm.js';

const HERE = dirname(fileURLToPath(import.meta.url));

const DEV: NpmServer[] = [
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

async function main(folder: string): Promise<void> {
  const servers = await snapshotNpmServers(folder, DEV, {
    client: 'routing-dev',
    leaveOutFailures: true,
  });
  await writeSnapshot(
    join(HERE, 'dev/servers.json'),
    {
      description:
        'Real tool lists of more MCP servers to develop the ranker with (tasks.json beside this ' +
        'file; part of the tuning split).',
      generatedBy: 'node --import tsx test/routing/snapshot-dev.ts /tmp/routing-dev',
    },
    servers,
  );
}

await main(process.argv[2] ?? '/tmp/routing-dev');
