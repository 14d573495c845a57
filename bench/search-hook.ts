/**
 * Tool search: "per-query time under 2 ms p50 on 1,000 tools".
 *
 * Measured in-process on src/main/gateway/catalog/search.ts (`ToolIndex`, no HTTP), over 1,000
 * generated tools on 10 servers and a fixed list of queries; the index is built before timing.
 * If the module is missing or its API is not recognised, the row reads "not measured" and the
 * reason is written to results.md; adapt `loadSearch` when the API changes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './processes.js';
import { quantile } from './workloads.js';

/** A tool as the catalog lists it (namespaced). */
export interface BenchTool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, unknown> };
}

/** What the benchmark needs from the search module: build once, query many times. */
type Query = (text: string) => unknown;

/** The outcome of the search measurement. */
export type SearchFigures =
  | { measured: true; tools: number; queries: number; p50: number; p99: number; buildMs: number }
  | { measured: false; reason: string };

const VERBS = ['search', 'fetch', 'summarise', 'convert', 'index', 'translate', 'render', 'audit'];
const NOUNS = ['invoices', 'weather', 'repositories', 'spreadsheets', 'emails', 'images', 'logs'];
const QUERIES = [
  'read a pdf file',
  'search invoices',
  'weather forecast',
  'translate emails',
  'convert spreadsheets to csv',
  'list repositories',
  'render images',
  'audit logs for errors',
  'write a note',
  'summarise',
];

/** 1,000 tools spread over 10 servers, with varied names and descriptions. */
export function generateTools(count = 1_000, servers = 10): BenchTool[] {
  return Array.from({ length: count }, (_, i) => {
    const verb = VERBS[i % VERBS.length]!;
    const noun = NOUNS[(i * 3) % NOUNS.length]!;
    return {
      name: `server${i % servers}__${verb}_${noun}_${i}`,
      description: `Generated tool ${i}: ${verb} ${noun} matching a query.`,
      inputSchema: { type: 'object', properties: { query: { type: 'string' } } },
    };
  });
}

/** The catalog shape src/main/gateway/catalog/search.ts indexes (CatalogTool, Catalog's version/tools). */
function asCatalog(tools: BenchTool[]) {
  const entries = tools.map((tool) => {
    const split = tool.name.indexOf('__');
    const serverId = tool.name.slice(0, split);
    const original = { ...tool, name: tool.name.slice(split + 2) };
    return { serverId, name: tool.name, original, exposed: tool };
  });
  return { version: 1, tools: () => entries };
}

/**
 * Builds a query function from the search module (index built before it returns), or returns
 * why it cannot. Recognised shape: `new ToolIndex(catalog).search(query)` (search.ts).
 * Adapt here if that API changes; nothing else in the benchmark needs to.
 */
async function loadSearch(tools: BenchTool[]): Promise<{ query: Query; buildMs: number } | string> {
  const file = join(REPO_ROOT, 'src/main/gateway/catalog/search.ts');
  if (!existsSync(file)) return 'src/main/gateway/catalog/search.ts does not exist yet';
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  if (typeof mod.ToolIndex !== 'function') {
    return `search.ts exports ${Object.keys(mod).join(', ') || 'nothing'}; adapt bench/search-hook.ts`;
  }
  type Index = { search(query: string): unknown; stats?(): unknown };
  const index = new (mod.ToolIndex as new (catalog: unknown) => Index)(asCatalog(tools));
  // The index builds lazily on first use; build it now so the queries time searching only.
  const start = performance.now();
  if (typeof index.stats === 'function') index.stats();
  else index.search('warm up');
  return { query: (query) => index.search(query), buildMs: performance.now() - start };
}

/** Per-query latency of the gateway's tool search over 1,000 tools (in-process). */
export async function measureToolSearch(rounds = 50): Promise<SearchFigures> {
  const tools = generateTools();
  let loaded: Awaited<ReturnType<typeof loadSearch>>;
  try {
    loaded = await loadSearch(tools);
  } catch (error) {
    return { measured: false, reason: `search.ts failed to load: ${String(error)}` };
  }
  if (typeof loaded === 'string') return { measured: false, reason: loaded };
  const { query, buildMs } = loaded;
  for (const q of QUERIES) await query(q);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    for (const q of QUERIES) {
      const start = performance.now();
      await query(q);
      samples.push(performance.now() - start);
    }
  }
  return {
    measured: true,
    tools: tools.length,
    queries: samples.length,
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    buildMs,
  };
}
