import type { Catalog, CatalogTool } from './catalog.js';
import { toolIntent, type ToolIntent } from './search-intent.js';
import { FieldIndex } from './search-index.js';
import { buildToolVectors, type ToolVectors } from './search-semantic.js';
import { STOP_WORDS, analyze, splitWords, stem } from './search-text.js';
import type { RankingOptions } from './search.js';
import type { WordVectors } from './word-vectors.js';

/**
 * What tool search ranks over, built once per catalog version: each tool's text field by field
 * (its document), the BM25 indexes over tools and over whole servers, each tool's action and
 * name terms, and its vector when there are word vectors. `search.ts` ranks with it.
 */

export interface ToolDocument {
  id: number;
  name: string;
  /** The human title (`title` or `annotations.title`); set a priori between name and prose, as
   * no tool of the tuning catalog has one. */
  title: string;
  server: string;
  description: string;
  params: string;
}

/**
 * The text a tool is found by, field by field. `shared` holds name words most of the
 * server's tools carry (`excel_…`, `browser_…`): they name the server, not the tool, so they
 * count in the server field instead of the name field.
 */
export function toolDocument(
  id: number,
  tool: CatalogTool,
  shared: ReadonlySet<string> = new Set(),
): ToolDocument {
  const original = tool.original;
  const title = original.title ?? original.annotations?.title ?? '';
  const words = splitWords(original.name);
  const own = words.filter((w) => !shared.has(w));
  return {
    id,
    name: (own.length > 0 ? own : words).join(' '),
    server: [tool.serverId, ...words.filter((w) => shared.has(w))].join(' '),
    title,
    description: original.description ?? '',
    params: paramText(original.inputSchema),
  };
}

/** Parameter names and descriptions, one level of nested objects and array items deep. */
function paramText(schema: unknown, depth = 0): string {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties || typeof properties !== 'object' || depth > 1) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const prop = (value ?? {}) as { description?: unknown; items?: unknown };
    parts.push(key, typeof prop.description === 'string' ? prop.description : '');
    parts.push(paramText(value, depth + 1), paramText(prop.items, depth + 1));
  }
  return parts.join(' ');
}

export interface BuiltIndex {
  version: number;
  tools: readonly CatalogTool[];
  engine: FieldIndex;
  /** One document per server (all its tools' text), for the server-level fit. */
  servers: { ids: string[]; index: FieldIndex };
  /** Every term any tool is indexed under. */
  vocabulary: Set<string>;
  /** Each tool's action, by position in `tools`. */
  intents: ToolIntent[];
  /** Each tool's name terms. */
  nameTerms: string[][];
  /** Each tool's vector, when there are word vectors. */
  semantic?: ToolVectors;
  buildMs: number;
}

const FIELDS = ['name', 'title', 'server', 'description', 'params'] as const;

/** An index over documents; every term it stores is also added to `vocabulary` when given. */
function newIndex(
  docs: readonly ToolDocument[],
  ranking: RankingOptions,
  vocabulary?: Set<string>,
): FieldIndex {
  const stems = new Map<string, string | null>();
  const process = (word: string) => {
    // Descriptions repeat words a lot; stemming each distinct word once halves a rebuild.
    let term = stems.get(word);
    if (term === undefined) {
      term = STOP_WORDS.has(word) || /^\d+$/.test(word) ? null : stem(word);
      stems.set(word, term);
      if (term) vocabulary?.add(term);
    }
    return term;
  };
  const tokens = docs.map((doc) => FIELDS.map((field) => splitWords(doc[field])));
  const boosts = FIELDS.map((field) => ranking.fieldBoosts[field]);
  return new FieldIndex(FIELDS, tokens, process, boosts, ranking.bm25);
}

export function buildIndex(
  catalog: Pick<Catalog, 'version' | 'tools'>,
  ranking: RankingOptions,
  vectors: WordVectors | undefined,
): BuiltIndex {
  const started = performance.now();
  const version = catalog.version;
  const tools = catalog.tools();
  const shared = sharedNameWords(tools);
  const docs = tools.map((tool, i) => toolDocument(i, tool, shared.get(tool.serverId)));
  const vocabulary = new Set<string>();
  const engine = newIndex(docs, ranking, vocabulary);
  // One document per server: all its tools' text, for the server-level fit.
  const byServer = new Map<string, ToolDocument>();
  for (const [i, doc] of docs.entries()) {
    const serverId = tools[i]!.serverId;
    const merged = byServer.get(serverId);
    if (!merged)
      byServer.set(serverId, {
        ...doc,
        id: byServer.size,
        title: '',
        description: `${doc.title} ${doc.description}`,
        params: '',
      });
    else {
      merged.name += ` ${doc.name}`;
      merged.description += ` ${doc.title} ${doc.description}`;
    }
  }
  const servers = { ids: [...byServer.keys()], index: newIndex([...byServer.values()], ranking) };
  const intents = tools.map((tool) => toolIntent(tool, shared.get(tool.serverId)));
  const nameTerms = docs.map((doc) => analyze(doc.name));
  const semantic = vectors && buildToolVectors(docs, vectors, ranking.semantic);
  const buildMs = performance.now() - started;
  return { version, tools, engine, servers, vocabulary, intents, nameTerms, semantic, buildMs };
}

/** Per server, the name words more than half of its tools share (servers of 3+ tools). */
function sharedNameWords(tools: readonly CatalogTool[]): Map<string, Set<string>> {
  const counts = new Map<string, { tools: number; words: Map<string, number> }>();
  for (const tool of tools) {
    let entry = counts.get(tool.serverId);
    if (!entry) counts.set(tool.serverId, (entry = { tools: 0, words: new Map() }));
    entry.tools++;
    for (const word of new Set(splitWords(tool.original.name))) {
      entry.words.set(word, (entry.words.get(word) ?? 0) + 1);
    }
  }
  const shared = new Map<string, Set<string>>();
  for (const [serverId, { tools: n, words }] of counts) {
    if (n < 3) continue;
    shared.set(serverId, new Set([...words].filter(([, c]) => c > n / 2).map(([w]) => w)));
  }
  return shared;
}
