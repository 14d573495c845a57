/**
 * The tool-routing evaluation: ranks tasks against tool catalogs with `ToolIndex` and reports
 * recall@1/3/5 and MRR on three sets in one table: the tuning split of `queries.json` (the
 * tasks the ranker is developed on), its held-out split (the ids of `held-out.json`, fixed and
 * never tuned on) and the unseen set (`unseen/tasks.json` over `unseen/servers.json` plus the
 * default filesystem and memory servers: servers the ranker was never developed with, tasks
 * frozen before it ever ran on them). The development set (`dev/tasks.json` over
 * `dev/servers.json` plus the default servers) belongs with the tuning split: more real servers
 * to develop on. Also query time on a catalog of 1,000+ tools.
 *
 *   node --import tsx test/routing/eval.ts            print the figures
 *   node --import tsx test/routing/eval.ts --write    also write them to bench/results.md
 *   node --import tsx test/routing/eval.ts --misses   list the tuning split's misses (only
 *                                                     those: the other sets are never looked at)
 *   node --import tsx test/routing/eval.ts --develop  the tuning split and the dev set only
 *                                                     (with --misses, theirs): what a change
 *                                                     is judged by while it is being made, with
 *                                                     no held-out or unseen figure on screen
 *
 * A query is a hit at k when any of its expected tools is among the first k results.
 */
import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Catalog } from '../../src/main/gateway/catalog/catalog.js';
import { ToolIndex } from '../../src/main/gateway/catalog/search.js';
import { readWordVectors, type WordVectors } from '../../src/main/gateway/catalog/word-vectors.js';
import { measureEndpoint } from './endpoint-timing.js';
import type { ServerDef } from './hand-written-servers.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '../../bench/results.md');
const START = '<!-- routing:start -->';
const END = '<!-- routing:end -->';
const VECTORS_FILE = join(HERE, '../../resources/word-vectors.bin');
const LARGE_CATALOG = 1_000;
const TIMING_ROUNDS = 5;

/** One task with the tools that serve it. */
export interface RoutingQuery {
  id: string;
  query: string;
  expected: string[];
}

/** Quality and speed figures over a set of queries. */
export interface SplitFigures {
  queries: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  mrr: number;
  misses: { id: string; query: string; expected: string[]; got: string[] }[];
}

/** Everything the evaluation reports. */
export interface RoutingReport {
  tools: number;
  servers: number;
  all: SplitFigures;
  tuning: SplitFigures;
  heldOut: SplitFigures;
  unseen: SplitFigures & { tools: number; servers: number };
  development: SplitFigures & { tools: number; servers: number };
  timing: { tools: number; p50Ms: number; p95Ms: number; buildMs: number }[];
  /** The word vectors the ranker read: how many, the file's size and the read's time. */
  vectors?: { words: number; bytes: number; loadMs: number };
  /** A find_tools round trip through the endpoint (only when the CLI measures it). */
  endpoint?: { tools: number; p50: number; p95: number };
}

async function readJson<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(HERE, name), 'utf8')) as T;
}

/** The evaluation's catalogs and tasks, as stored in this folder. */
export async function loadRoutingData(): Promise<{
  servers: ServerDef[];
  queries: RoutingQuery[];
  heldOut: ReadonlySet<string>;
  unseenServers: ServerDef[];
  unseenQueries: RoutingQuery[];
  devServers: ServerDef[];
  devQueries: RoutingQuery[];
}> {
  const catalog = await readJson<{ servers: ServerDef[] }>('catalog.json');
  const queries = await readJson<{ queries: RoutingQuery[] }>('queries.json');
  const heldOut = await readJson<{ ids: string[] }>('held-out.json');
  const unseen = await readJson<{ servers: ServerDef[] }>('unseen/servers.json');
  const unseenTasks = await readJson<{ queries: RoutingQuery[] }>('unseen/tasks.json');
  const dev = await readJson<{ servers: ServerDef[] }>('dev/servers.json');
  const devTasks = await readJson<{ queries: RoutingQuery[] }>('dev/tasks.json');
  const defaults = catalog.servers.filter((s) => s.id === 'filesystem' || s.id === 'memory');
  return {
    servers: catalog.servers,
    queries: queries.queries,
    heldOut: new Set(heldOut.ids),
    unseenServers: [...defaults, ...unseen.servers],
    unseenQueries: unseenTasks.queries,
    devServers: [...defaults, ...dev.servers],
    devQueries: devTasks.queries,
  };
}

/** A gateway catalog holding the given servers (each id suffixed with `suffix`). */
export function catalogOf(servers: ServerDef[], catalog = new Catalog(), suffix = ''): Catalog {
  for (const server of servers) {
    catalog.setServer(`${server.id}${suffix}`, {
      tools: server.tools as never,
      resources: [],
      resourceTemplates: [],
      prompts: [],
    });
  }
  return catalog;
}

function figures(index: ToolIndex, queries: RoutingQuery[]): SplitFigures {
  let at1 = 0;
  let at3 = 0;
  let at5 = 0;
  let rr = 0;
  const misses: SplitFigures['misses'] = [];
  for (const q of queries) {
    const got = index.search(q.query, { limit: 10 }).map((h) => h.tool.name);
    const rank = got.findIndex((name) => q.expected.includes(name)) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 3) at3++;
    if (rank >= 1 && rank <= 5) at5++;
    if (rank >= 1) rr += 1 / rank;
    if (rank !== 1)
      misses.push({ id: q.id, query: q.query, expected: q.expected, got: got.slice(0, 5) });
  }
  const n = Math.max(1, queries.length);
  return {
    queries: queries.length,
    recallAt1: at1 / n,
    recallAt3: at3 / n,
    recallAt5: at5 / n,
    mrr: rr / n,
    misses,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * The shipped word vectors, read as the gateway reads them (undefined when the file is
 * missing: the figures are then the lexical ranker's), and the median of a few reads.
 */
export function loadVectors(): { vectors?: WordVectors; report?: RoutingReport['vectors'] } {
  const reads: number[] = [];
  let vectors: WordVectors | undefined;
  try {
    for (let round = 0; round < TIMING_ROUNDS; round++) {
      const started = performance.now();
      vectors = readWordVectors(VECTORS_FILE);
      reads.push(performance.now() - started);
    }
  } catch {
    return {};
  }
  reads.sort((a, b) => a - b);
  const bytes = statSync(VECTORS_FILE).size;
  return { vectors, report: { words: vectors!.size, bytes, loadMs: percentile(reads, 50) } };
}

/** Per-query latency over every query after a warm-up pass, and the median full rebuild. */
function timing(
  catalog: Catalog,
  queries: RoutingQuery[],
  vectors?: WordVectors,
): RoutingReport['timing'][number] {
  const index = new ToolIndex(catalog, {}, undefined, () => vectors);
  const builds: number[] = [];
  for (let round = 0; round < TIMING_ROUNDS; round++) {
    catalog.setOrder([]); // a new catalog version: the next search rebuilds the index
    builds.push(index.stats().buildMs);
  }
  builds.sort((a, b) => a - b);
  const buildMs = percentile(builds, 50);
  const tools = index.stats().tools;
  for (const q of queries) index.search(q.query);
  const samples: number[] = [];
  for (let round = 0; round < TIMING_ROUNDS; round++) {
    for (const q of queries) {
      const started = performance.now();
      index.search(q.query);
      samples.push(performance.now() - started);
    }
  }
  samples.sort((a, b) => a - b);
  return { tools, p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95), buildMs };
}

/** Exactly `LARGE_CATALOG` tools: the servers again and again under other ids (`github-2`…). */
function largeCatalog(servers: ServerDef[]): Catalog {
  const large = new Catalog();
  let room = LARGE_CATALOG;
  for (let copy = 1; room > 0; copy++) {
    for (const server of servers) {
      if (room <= 0) break;
      const tools = server.tools.slice(0, room);
      catalogOf([{ ...server, tools }], large, copy === 1 ? '' : `-${copy}`);
      room -= tools.length;
    }
  }
  return large;
}

/** Runs the whole evaluation in-process; `timing: false` skips the latency runs. */
export async function evaluate(options: { timing?: boolean } = {}): Promise<RoutingReport> {
  const data = await loadRoutingData();
  const { servers, queries, heldOut } = data;
  const { vectors, report: vectorsReport } = loadVectors();
  const indexOf = (catalog: Catalog) => new ToolIndex(catalog, {}, undefined, () => vectors);
  const catalog = catalogOf(servers);
  const index = indexOf(catalog);
  const unseenCatalog = catalogOf(data.unseenServers);
  const devCatalog = catalogOf(data.devServers);
  const large = options.timing === false ? catalog : largeCatalog(servers);
  return {
    tools: catalog.tools().length,
    servers: servers.length,
    all: figures(index, queries),
    tuning: figures(
      index,
      queries.filter((q) => !heldOut.has(q.id)),
    ),
    heldOut: figures(
      index,
      queries.filter((q) => heldOut.has(q.id)),
    ),
    unseen: {
      ...figures(indexOf(unseenCatalog), data.unseenQueries),
      tools: unseenCatalog.tools().length,
      servers: data.unseenServers.length,
    },
    development: {
      ...figures(indexOf(devCatalog), data.devQueries),
      tools: devCatalog.tools().length,
      servers: data.devServers.length,
    },
    timing:
      options.timing === false
        ? []
        : [timing(catalog, queries, vectors), timing(large, queries, vectors)],
    ...(vectorsReport && { vectors: vectorsReport }),
  };
}

const pct = (x: number) => x.toFixed(3);
const row = (name: string, f: SplitFigures) =>
  `| ${name} | ${f.queries} | ${pct(f.recallAt1)} | ${pct(f.recallAt3)} | ${pct(f.recallAt5)} | ${pct(f.mrr)} |`;

/** The report as the Markdown section bench/results.md carries. */
export function toMarkdown(report: RoutingReport): string {
  const timeRows = report.timing.map(
    (t) =>
      `| ${t.tools} | ${t.p50Ms.toFixed(3)} | ${t.p95Ms.toFixed(3)} | ${t.buildMs.toFixed(1)} |`,
  );
  return [
    START,
    '## Tool routing (`switchboard__find_tools`)',
    '',
    `${report.tools} tools from ${report.servers} servers (\`test/routing/catalog.json\`), ` +
      `${report.all.queries} task descriptions (\`test/routing/queries.json\`); ` +
      `a hit at k means an expected tool is among the first k results. ` +
      "The ranker is developed on the tuning split's misses only (its defaults fitted by " +
      '`test/routing/fit.ts`); 50 of its tasks are for servers that were only distractors ' +
      'before, a stand-in for servers it was not fitted to. The held-out split ' +
      '(`test/routing/held-out.json`, fixed) is only ever seen as these totals. The unseen set ' +
      `(\`test/routing/unseen/\`) is ${report.unseen.queries} tasks over ${report.unseen.tools} ` +
      `tools of ${report.unseen.servers} servers (six real npm servers never developed with, ` +
      'plus the default filesystem and memory servers), written and frozen in a commit before ' +
      'the ranker ran on them; nothing is tuned on it. The development set (`test/routing/dev/`, ' +
      `${report.development.queries} tasks over ${report.development.tools} tools of ` +
      `${report.development.servers} servers: four more real npm servers plus the default ones) ` +
      'is developed on like the tuning split. The 1,000-tool row replicates the ' +
      `catalog under other server ids. Node ${process.version}, ` +
      `${new Date().toISOString().slice(0, 10)}, load average ${loadavg()[0]!.toFixed(1)} on ` +
      `${availableParallelism()} cores while measuring; \`npm run bench:routing\`.`,
    '',
    '| set | queries | recall@1 | recall@3 | recall@5 | MRR |',
    '|---|---:|---:|---:|---:|---:|',
    row('developed on (tuning split)', report.tuning),
    row('developed on (more servers, dev/)', report.development),
    row('held-out split', report.heldOut),
    row('unseen servers and tasks', report.unseen),
    row('all of queries.json', report.all),
    '',
    '| tools indexed | query p50 (ms) | query p95 (ms) | full reindex (ms) |',
    '|---:|---:|---:|---:|',
    ...timeRows,
    '',
    report.vectors
      ? `Semantic signal: ${report.vectors.words.toLocaleString('en')} word vectors ` +
        `(\`resources/word-vectors.bin\`, ${(report.vectors.bytes / 1e6).toFixed(1)} MB, ` +
        `\`npm run word-vectors\`), read in ${report.vectors.loadMs.toFixed(1)} ms (median of ` +
        `${TIMING_ROUNDS}); the reindex times include the tool vectors.`
      : 'Semantic signal: off (no `resources/word-vectors.bin`); lexical ranking only.',
    ...(report.endpoint
      ? [
          '',
          `find_tools round trip through the endpoint (SDK client, Streamable HTTP on loopback, ` +
            `${report.endpoint.tools} tools; \`test/routing/endpoint-timing.ts\`): ` +
            `p50 ${report.endpoint.p50.toFixed(2)} ms, p95 ${report.endpoint.p95.toFixed(2)} ms.`,
        ]
      : []),
    END,
  ].join('\n');
}

/** Replaces the routing section of bench/results.md, or appends it; the rest stays intact. */
async function writeResults(section: string): Promise<void> {
  let text = '';
  try {
    text = await readFile(RESULTS, 'utf8');
  } catch {
    text = '# Benchmark results\n';
  }
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(RESULTS, next);
}

/** The two sets a ranking change may be judged by while it is made. */
export function developTable(report: Pick<RoutingReport, 'tuning' | 'development'>): string {
  return [
    '| set | queries | recall@1 | recall@3 | recall@5 | MRR |',
    '|---|---:|---:|---:|---:|---:|',
    row('tuning split', report.tuning),
    row('dev/', report.development),
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--develop')) {
    if (argv.includes('--write')) throw new Error('--develop writes nothing: drop --write');
    const report = await evaluate({ timing: false });
    console.log(developTable(report));
    if (argv.includes('--misses')) printMisses(report);
    return;
  }
  const report = { ...(await evaluate()), endpoint: await measureEndpoint() };
  const section = toMarkdown(report);
  console.log(section);
  if (argv.includes('--misses')) printMisses(report);
  if (argv.includes('--write')) {
    await writeResults(section);
    console.log(`\nwritten to ${RESULTS}`);
  }
}

/** The tuning split's and the dev set's misses (never another set's). */
function printMisses(report: Pick<RoutingReport, 'tuning' | 'development'>): void {
  for (const miss of [...report.tuning.misses, ...report.development.misses]) {
    console.log(`\n${miss.id}: ${miss.query}\n  want ${miss.expected.join(', ')}`);
    console.log(`  got  ${miss.got.join(', ')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
