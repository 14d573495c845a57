/**
 * Writes `test/fixtures/scan-corpus/real-tools.json`: the real tools/list of MCP server
 * packages installed from npm into a scratch folder outside the repository, each started over
 * stdio with the SDK client and placeholder credentials, each tool stamped with its package and
 * version. The packages in this repository's node_modules (filesystem, memory, everything,
 * github) are listed too.
 *
 *   mkdir /tmp/scan-corpus && cd /tmp/scan-corpus && npm init -y &&
 *     npm install --ignore-scripts <packages of SERVERS below>
 *   node --import tsx test/scan/extract-corpus.ts /tmp/scan-corpus
 *
 * A server that does not answer within the time limit is skipped and named on stderr.
 */
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const OUT = join(REPO, 'test/fixtures/scan-corpus/real-tools.json');
const LIST_LIMIT_MS = 30_000;

/** A package to start: extra arguments and placeholder variables it refuses to start without. */
interface ServerSpec {
  pkg: string;
  args?: (scratch: string) => string[];
  env?: Record<string, string>;
  /** The bin to run when the package declares several. */
  bin?: string;
}

const KEY = 'placeholder-not-a-real-key';

const SERVERS: ServerSpec[] = [
  { pkg: '@modelcontextprotocol/server-filesystem', args: (s) => [s] },
  { pkg: '@modelcontextprotocol/server-memory' },
  { pkg: '@modelcontextprotocol/server-everything', args: () => ['stdio'] },
  { pkg: '@modelcontextprotocol/server-github', env: { GITHUB_PERSONAL_ACCESS_TOKEN: KEY } },
  { pkg: '@playwright/mcp' },
  { pkg: '@modelcontextprotocol/server-puppeteer' },
  { pkg: '@modelcontextprotocol/server-brave-search', env: { BRAVE_API_KEY: KEY } },
  { pkg: '@modelcontextprotocol/server-slack', env: { SLACK_BOT_TOKEN: KEY, SLACK_TEAM_ID: 'T0' } },
  { pkg: '@notionhq/notion-mcp-server', env: { NOTION_TOKEN: KEY } },
  { pkg: '@sentry/mcp-server', args: () => [`--access-token=${KEY}`] },
  { pkg: '@supabase/mcp-server-supabase', args: () => [`--access-token=${KEY}`] },
  { pkg: 'firecrawl-mcp', env: { FIRECRAWL_API_KEY: KEY } },
  { pkg: '@upstash/context7-mcp' },
  { pkg: '@wonderwhy-er/desktop-commander' },
  { pkg: '@modelcontextprotocol/server-sequential-thinking' },
  { pkg: '@modelcontextprotocol/server-postgres', args: () => ['postgresql://localhost/none'] },
  {
    pkg: '@modelcontextprotocol/server-gitlab',
    env: { GITLAB_PERSONAL_ACCESS_TOKEN: KEY, GITLAB_API_URL: 'http://127.0.0.1:9/api/v4' },
  },
  { pkg: '@modelcontextprotocol/server-google-maps', env: { GOOGLE_MAPS_API_KEY: KEY } },
  { pkg: '@modelcontextprotocol/server-redis', args: () => ['redis://127.0.0.1:9'] },
  { pkg: 'tavily-mcp', env: { TAVILY_API_KEY: KEY } },
  { pkg: 'exa-mcp-server', env: { EXA_API_KEY: KEY } },
  { pkg: 'mcp-server-kubernetes' },
  { pkg: '@stripe/mcp', args: () => ['--tools=all', `--api-key=sk_test_${KEY}`] },
  { pkg: 'mongodb-mcp-server' },
  { pkg: '@browsermcp/mcp' },
  { pkg: '@hubspot/mcp-server', env: { PRIVATE_APP_ACCESS_TOKEN: KEY } },
  { pkg: 'airtable-mcp-server', env: { AIRTABLE_API_KEY: KEY } },
  { pkg: '@heroku/mcp-server', env: { HEROKU_API_KEY: KEY } },
  { pkg: '@circleci/mcp-server-circleci', env: { CIRCLECI_TOKEN: KEY } },
  { pkg: 'figma-developer-mcp', args: () => ['--stdio', `--figma-api-key=${KEY}`] },
  { pkg: '@antv/mcp-server-chart' },
  { pkg: 'chrome-devtools-mcp' },
  { pkg: '@modelcontextprotocol/server-everart', env: { EVERART_API_KEY: KEY } },
  {
    pkg: '@modelcontextprotocol/server-aws-kb-retrieval',
    env: { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: KEY, AWS_REGION: 'us-east-1' },
  },
  // A second batch, added after the rules were tuned on the first: its false positives were
  // counted once before any rule changed (see SECURITY.md).
  { pkg: '@executeautomation/playwright-mcp-server' },
  { pkg: '@kimtaeyoon83/mcp-server-youtube-transcript' },
  { pkg: '@gongrzhe/server-gmail-autoauth-mcp' },
  { pkg: '@cyanheads/git-mcp-server' },
  { pkg: '@zereight/mcp-gitlab', env: { GITLAB_PERSONAL_ACCESS_TOKEN: KEY } },
  { pkg: '@agentdeskai/browser-tools-mcp' },
  {
    pkg: '@aashari/mcp-server-atlassian-jira',
    env: { ATLASSIAN_SITE_NAME: 'none', ATLASSIAN_USER_EMAIL: 'a@b.c', ATLASSIAN_API_TOKEN: KEY },
  },
  { pkg: '@amap/amap-maps-mcp-server', env: { AMAP_MAPS_API_KEY: KEY } },
  { pkg: '@angiejones/mcp-selenium' },
  { pkg: 'mcp-server-code-runner' },
  { pkg: '@benborla29/mcp-server-mysql', env: { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: '9' } },
  { pkg: 'task-master-ai', bin: 'task-master-mcp' },
  { pkg: '@perplexity-ai/mcp-server', env: { PERPLEXITY_API_KEY: KEY } },
  { pkg: '@neondatabase/mcp-server-neon', args: () => ['start', KEY] },
  { pkg: '@shopify/dev-mcp' },
  { pkg: '@mapbox/mcp-server', env: { MAPBOX_ACCESS_TOKEN: `pk.${KEY}` } },
  {
    pkg: '@elastic/mcp-server-elasticsearch',
    env: { ES_URL: 'http://127.0.0.1:9', ES_API_KEY: KEY },
  },
  { pkg: '@pinecone-database/mcp', env: { PINECONE_API_KEY: KEY } },
  { pkg: '@bytebase/dbhub', args: () => ['--transport', 'stdio', '--dsn', 'sqlite:///:memory:'] },
];

/** One real tool as the corpus keeps it. */
export interface CorpusTool {
  package: string;
  version: string;
  name: string;
  title?: string;
  description?: string;
  inputSchema: unknown;
  outputSchema?: unknown;
}

interface Manifest {
  version: string;
  bin?: string | Record<string, string>;
}

async function manifestOf(root: string, pkg: string): Promise<{ dir: string; m: Manifest }> {
  for (const base of [root, REPO]) {
    const dir = join(base, 'node_modules', pkg);
    try {
      const m = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
      return { dir, m };
    } catch {
      // not installed under this root; try the next
    }
  }
  throw new Error(`${pkg} is not installed`);
}

async function listServer(root: string, scratch: string, spec: ServerSpec): Promise<CorpusTool[]> {
  const { dir, m } = await manifestOf(root, spec.pkg);
  const bins = typeof m.bin === 'string' ? { main: m.bin } : (m.bin ?? {});
  const bin = spec.bin ? bins[spec.bin] : Object.values(bins)[0];
  if (!bin) throw new Error(`${spec.pkg} declares no bin`);
  const client = new Client({ name: 'scan-corpus', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(dir, bin), ...(spec.args?.(scratch) ?? [])],
    env: { ...getDefaultEnvironment(), HOME: scratch, ...spec.env },
    cwd: scratch,
    stderr: 'ignore',
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('timed out')), LIST_LIMIT_MS).unref(),
  );
  try {
    await Promise.race([client.connect(transport), timeout]);
    const { tools } = await Promise.race([client.listTools(), timeout]);
    return tools.map((t) => ({
      package: spec.pkg,
      version: m.version,
      name: t.name,
      ...(t.title !== undefined && { title: t.title }),
      ...(t.description !== undefined && { description: t.description }),
      inputSchema: t.inputSchema,
      ...(t.outputSchema !== undefined && { outputSchema: t.outputSchema }),
    }));
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? '/tmp/scan-corpus');
  // A fixed folder: some servers print their home or working directory in a description.
  const scratch = join(tmpdir(), 'scan-corpus-home');
  await mkdir(scratch, { recursive: true });
  const tools: CorpusTool[] = [];
  for (const spec of SERVERS) {
    try {
      const listed = await listServer(root, scratch, spec);
      console.error(`${spec.pkg}: ${listed.length} tools`);
      tools.push(...listed);
    } catch (error) {
      console.error(`${spec.pkg}: skipped (${(error as Error).message})`);
    }
  }
  const file = {
    description:
      'Real tools/list answers of MCP server packages from npm, started over stdio with ' +
      'placeholder credentials by test/scan/extract-corpus.ts. Each tool names its package and version.',
    toolCount: tools.length,
    tools,
  };
  await writeFile(OUT, `${JSON.stringify(file, null, 2)}\n`);
  console.error(`wrote ${tools.length} tools to ${OUT}`);
  process.exit(0);
}

await main();
