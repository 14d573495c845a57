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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotNpmServers, writeSnapshot, type NpmServer } from './snapshot-npm.js';

const HERE = dirname(fileURLToPath(import.meta.url));

const UNSEEN: NpmServer[] = [
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

async function main(folder: string): Promise<void> {
  const servers = await snapshotNpmServers(folder, UNSEEN, {
    client: 'routing-unseen',
  });
  await writeSnapshot(
    join(HERE, 'unseen/servers.json'),
    {
      description:
        'Real tool lists of MCP servers the ranker was never developed with, for the unseen ' +
        'routing set (tasks.json beside this file).',
      generatedBy: 'node --import tsx test/routing/snapshot-unseen.ts /tmp/routing-servers',
    },
    servers,
  );
}

await main(process.argv[2] ?? '/tmp/routing-servers');
