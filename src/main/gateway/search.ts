import MiniSearch, { type SearchResult } from 'minisearch';
import type { Catalog, CatalogTool } from './catalog.js';

/**
 * Local tool search for `switchboard__find_tools` (#8): BM25 (minisearch) over each tool's
 * name words, server, description and parameters, with a Porter stemmer, stop words and a
 * small synonym table for the vocabulary of the server kinds Switchboard ships for. No
 * network, no model: a query costs well under a millisecond on a thousand tools.
 */

/** What a search may return, and which tools it may consider at all. */
export interface ToolSearchOptions {
  /** How many hits to return at most (default 8). */
  limit?: number;
  /** Tools this returns false for are dropped before the cut-off, never after. */
  allow?: (tool: CatalogTool) => boolean;
}

/** One ranked hit: the tool, its BM25 score, and the query words that matched it. */
export interface ToolSearchHit {
  tool: CatalogTool;
  score: number;
  /** Query words that matched, best first; a synonym shows as `word~synonym`. */
  matched: string[];
}

/** Field weights: name words outrank the server, which outranks prose and parameters. */
export const FIELD_BOOSTS = { name: 2.5, server: 2, description: 1, params: 0.3 };

/** A synonym's weight relative to a word the agent actually wrote. */
export const SYNONYM_WEIGHT = 0.5;

/** Ranking knobs; the defaults are the ones `test/routing/eval.ts` measured best. */
export interface RankingOptions {
  fieldBoosts: typeof FIELD_BOOSTS;
  synonymWeight: number;
  /** How much the whole server's fit multiplies a tool's score (1 + serverFit × fit). */
  serverFit: number;
  /** BM25 parameters (minisearch's defaults: k 1.2, b 0.7, d 0.5). */
  bm25: { k: number; b: number; d: number };
}

/** The default weight of the server-level fit (see `RankingOptions.serverFit`). */
export const SERVER_FIT = 1;

/** BM25 saturation (k), length normalisation (b) and the floor for a matching term (d). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

const DEFAULT_LIMIT = 8;

const STOP_WORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto as is are was ' +
    'were be been being am do does did done have has had it its this that these those there ' +
    'here i me my mine we us our you your he she they them their what which who whom whose ' +
    'when where why how all any some each every so than too very can could should would will ' +
    'shall may might must just also please need want like let lets about over under up out ' +
    'off again via per e g eg ie etc one thing things something stuff use using tool tools'
  ).split(' '),
);

/**
 * Groups of words an agent uses interchangeably for the same thing. A query word from a
 * group brings in the others at `SYNONYM_WEIGHT`. Multi-word entries match when all their
 * words occur in the query.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['filesystem', 'file system', 'file', 'disk', 'local file'],
  ['folder', 'directory', 'dir', 'mkdir'],
  ['mkdir', 'make directory', 'create directory', 'new folder', 'new directory'],
  [
    'web',
    'website',
    'webpage',
    'web page',
    'page',
    'site',
    'url',
    'link',
    'http',
    'https',
    'fetch',
  ],
  ['fetch', 'download', 'browse', 'scrape', 'retrieve', 'grab'],
  ['pdf', 'pdf document', 'pdf file', 'paper'],
  ['github', 'repo', 'repository', 'gh', 'remote'],
  ['issue', 'bug', 'ticket', 'bug report'],
  ['pull request', 'pr', 'merge request'],
  ['commit', 'push', 'changeset'],
  ['ci', 'actions', 'workflow', 'pipeline', 'build', 'job'],
  ['database', 'db', 'sql', 'sqlite', 'postgres', 'postgresql', 'query', 'select', 'table', 'rows'],
  ['table', 'rows', 'row', 'record', 'column'],
  ['word', 'docx', 'word document', 'document', 'doc'],
  ['excel', 'xlsx', 'spreadsheet', 'workbook', 'sheet', 'worksheet', 'cell', 'tab'],
  [
    'memory',
    'remember',
    'recall',
    'memorize',
    'knowledge graph',
    'knowledge',
    'note',
    'forget',
    'keep in mind',
    'long-term',
  ],
  ['entity', 'node', 'person', 'people', 'thing'],
  ['relation', 'relationship', 'link', 'connect'],
  ['observation', 'fact', 'note'],
  ['authenticated user', 'logged in', 'signed in', 'current user', 'whoami', 'my account'],
  ['youtube', 'video'],
  ['transcript', 'caption', 'subtitle'],
  ['markdown', 'md'],
  ['text', 'plain text', 'txt'],
  ['delete', 'remove', 'drop', 'forget', 'erase'],
  ['create', 'make', 'new', 'add', 'insert'],
  ['read', 'open', 'view', 'show', 'load', 'content', 'contents', 'extract'],
  ['write', 'save', 'store', 'overwrite', 'put'],
  ['list', 'enumerate'],
  ['search', 'find', 'locate', 'look up', 'lookup'],
  ['move', 'rename'],
  ['edit', 'change', 'modify', 'patch', 'replace'],
  ['image', 'picture', 'photo', 'png', 'jpg', 'screenshot'],
  ['audio', 'sound', 'mp3'],
  ['size', 'big', 'space', 'large'],
  ['metadata', 'info', 'information', 'details', 'author'],
  ['tree', 'hierarchy', 'nested', 'structure', 'recursive'],
  ['heading', 'title', 'header', 'section'],
  ['page break', 'new page'],
  ['format', 'style', 'bold', 'italic', 'font', 'fill', 'color'],
];

// ---- text analysis -----------------------------------------------------------------------

/** Words of a name or sentence: snake_case, camelCase, kebab-case and dots split; lowercase. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Index terms of a text: words without stop words or bare numbers, each stemmed. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) {
    if (STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

const VOWEL = /[aeiou]/;

function isConsonant(word: string, i: number): boolean {
  const c = word[i];
  if (c === undefined || VOWEL.test(c)) return false;
  return c === 'y' ? i === 0 || !isConsonant(word, i - 1) : true;
}

/** Porter's m: the number of vowel-consonant sequences in a stem. */
function measure(stemmed: string): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < stemmed.length; i++) {
    const vowel = !isConsonant(stemmed, i);
    if (prevVowel && !vowel) m++;
    prevVowel = vowel;
  }
  return m;
}

const hasVowel = (s: string) => [...s].some((_, i) => !isConsonant(s, i));
const endsCvc = (s: string) => {
  const n = s.length;
  return (
    n >= 3 &&
    isConsonant(s, n - 3) &&
    !isConsonant(s, n - 2) &&
    isConsonant(s, n - 1) &&
    !/[wxy]$/.test(s)
  );
};

/** Replaces the first matching suffix when what stays before it has measure > `min`. */
function replaceSuffix(word: string, rules: [string, string][], min: number): string {
  for (const [suffix, replacement] of rules) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length);
    return measure(base) > min ? base + replacement : word;
  }
  return word;
}

/** Suffix rules written `from:to`, tried in order. */
const rules = (text: string) => text.split(' ').map((r) => r.split(':') as [string, string]);
const STEP2 = rules(
  'ational:ate tional:tion enci:ence anci:ance izer:ize abli:able alli:al entli:ent eli:e ' +
    'ousli:ous ization:ize ation:ate ator:ate alism:al iveness:ive fulness:ful ousness:ous ' +
    'aliti:al iviti:ive biliti:ble',
);
const STEP3 = rules('icate:ic ative: alize:al iciti:ic ical:ic ful: ness:');
const STEP4 = rules(
  'al: ance: ence: er: ic: able: ible: ant: ement: ment: ent: ou: ism: ate: iti: ous: ive: ize:',
);

/**
 * A Porter stemmer (steps 1–5): `directories` → `directori`, `created` → `creat`. Both the
 * index and queries use it, so only its consistency matters, not its linguistics.
 */
export function stem(word: string): string {
  if (word.length <= 2) return word;
  let w = word;
  // Step 1a: plurals.
  if (w.endsWith('sses') || w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith('ed') ? 'ed' : w.endsWith('ing') ? 'ing' : '';
    const base = suffix ? w.slice(0, -suffix.length) : '';
    if (suffix && hasVowel(base)) {
      w = base;
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsCvc(w)) w += 'e';
    }
  }
  // Step 1c: y → i after a vowel-bearing stem.
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  w = replaceSuffix(w, STEP2, 0);
  w = replaceSuffix(w, STEP3, 0);
  if (w.endsWith('ion') && /[st]ion$/.test(w) && measure(w.slice(0, -3)) > 1) w = w.slice(0, -3);
  else w = replaceSuffix(w, STEP4, 1);
  // Step 5: a final e, and a final double l.
  if (w.endsWith('e')) {
    const base = w.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !endsCvc(base))) w = base;
  }
  if (w.endsWith('ll') && measure(w) > 1) w = w.slice(0, -1);
  return w;
}

// ---- query expansion ---------------------------------------------------------------------

/** One query term: how much it counts and the words it came from (for the reason). */
export interface QueryTerm {
  weight: number;
  label: string;
  /** The agent's word this term stands for; a concept counts once however many terms hit. */
  concept: string;
}

const ANALYZED_GROUPS = SYNONYM_GROUPS.map((group) =>
  group.map((phrase) => ({ phrase, terms: analyze(phrase) })).filter((p) => p.terms.length > 0),
);

// A path (`src/a.ts`, `./x`, `notes.txt`) or a URL in a task says what kind of thing it is
// about even when no word does.
const URL_LIKE =
  /\b(?:https?:\/\/|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|ai|co)\b/i;
const PATH_LIKE = /(?:^|\s)(?:\.{0,2}\/|~\/)?[\w.-]+\/[\w./-]+|\b[\w-]+\.[a-z][a-z0-9]{0,4}\b/i;
const HINTS: [RegExp, string][] = [
  [URL_LIKE, 'url'],
  [PATH_LIKE, 'file'],
];

/**
 * The weighted terms of a query: its own words at weight 1, plus the other members of every
 * synonym group one of its words (or phrases) belongs to, at `synonymWeight`. When the
 * agent's word is unknown to the index (`vocabulary`), its synonyms stand in for it at full
 * weight: "remember" appears in no tool, so the memory server's words carry that concept.
 */
export function expandQuery(
  query: string,
  synonymWeight = SYNONYM_WEIGHT,
  vocabulary?: ReadonlySet<string>,
): Map<string, QueryTerm> {
  const terms = new Map<string, QueryTerm>();
  for (const word of splitWords(query)) {
    if (STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    const term = stem(word);
    if (!terms.has(term)) terms.set(term, { weight: 1, label: word, concept: term });
  }
  const own = new Set(terms.keys());
  const withoutUrls = query.replace(URL_LIKE, ' ');
  for (const [pattern, hint] of HINTS) {
    const text = hint === 'url' ? query : withoutUrls;
    if (pattern.test(text) && !own.has(stem(hint))) own.add(stem(hint));
  }
  for (const group of ANALYZED_GROUPS) {
    const hit = group.find((p) => p.terms.every((t) => own.has(t)));
    if (!hit) continue;
    const concept = hit.terms[0]!;
    const unknown = vocabulary !== undefined && hit.terms.every((t) => !vocabulary.has(t));
    const weight = unknown ? 1 : synonymWeight;
    for (const member of group) {
      for (const term of member.terms) {
        if (terms.has(term)) continue;
        const label = member === hit ? hit.phrase : `${hit.phrase}~${member.phrase}`;
        terms.set(term, { weight, label, concept });
      }
    }
  }
  return terms;
}

// ---- the index ---------------------------------------------------------------------------

interface ToolDocument {
  id: number;
  name: string;
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
    description: `${title} ${original.description ?? ''}`,
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

/**
 * A full-text index over a catalog's tools. It follows the catalog: the first search after
 * a change (a new `catalog.version`) rebuilds it, which costs a few milliseconds per
 * thousand tools.
 *
 * Ranking is BM25 per tool, with two adjustments: minisearch's coordination factor (score ×
 * matched terms) counts the agent's concepts instead of expanded terms, so a tool matching
 * many synonyms of one word does not beat a tool matching two different words; and a tool's
 * score grows with how well its whole server matches the query, so "remember …" favours the
 * memory server's tools even when their own text never says "remember".
 */
export class ToolIndex {
  private built: BuiltIndex | undefined;
  private readonly ranking: RankingOptions;

  constructor(
    private readonly catalog: Pick<Catalog, 'version' | 'tools'>,
    ranking: Partial<RankingOptions> = {},
  ) {
    this.ranking = {
      fieldBoosts: FIELD_BOOSTS,
      synonymWeight: SYNONYM_WEIGHT,
      serverFit: SERVER_FIT,
      bm25: BM25,
      ...ranking,
    };
  }

  /** The best `limit` tools for a task description, among those `allow` admits. */
  search(query: string, options: ToolSearchOptions = {}): ToolSearchHit[] {
    const { tools, engine, servers, vocabulary } = this.current();
    const expanded = expandQuery(query, this.ranking.synonymWeight, vocabulary);
    if (expanded.size === 0) return [];
    const allow = options.allow;
    const fit = this.serverFit(servers, expanded);
    const results = this.run(engine, expanded, allow && ((r) => allow(tools[r.id as number]!)));
    const hits = results.map((result) => {
      const tool = tools[result.id as number]!;
      const boost = 1 + this.ranking.serverFit * (fit.get(tool.serverId) ?? 0);
      return { tool, score: adjusted(result, expanded) * boost, result };
    });
    hits.sort((a, b) => b.score - a.score);
    const limit = Math.max(1, options.limit ?? DEFAULT_LIMIT);
    return hits.slice(0, limit).map(({ tool, score, result }) => ({
      tool,
      score,
      matched: reasonOf(result, expanded),
    }));
  }

  /** How big the index is and what the last rebuild cost (for the benchmark and the UI). */
  stats(): { tools: number; version: number; buildMs: number } {
    const built = this.current();
    return { tools: built.tools.length, version: built.version, buildMs: built.buildMs };
  }

  /** Each server's fit to the query, from 0 to 1 (the best-fitting server). */
  private serverFit(
    servers: MiniSearch<ToolDocument>,
    expanded: Map<string, QueryTerm>,
  ): Map<string, number> {
    const scores = this.run(servers, expanded).map(
      (r) => [r.id as string, adjusted(r, expanded)] as const,
    );
    const best = Math.max(1e-9, ...scores.map(([, score]) => score));
    return new Map(scores.map(([id, score]) => [id, score / best]));
  }

  private run(
    engine: MiniSearch<ToolDocument>,
    expanded: Map<string, QueryTerm>,
    filter?: (result: SearchResult) => boolean,
  ): SearchResult[] {
    return engine.search([...expanded.keys()].join(' '), {
      // The terms are already analysed; minisearch must not tokenize or stem them again.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: this.ranking.fieldBoosts,
      bm25: this.ranking.bm25,
      boostTerm: (term) => expanded.get(term)?.weight ?? 1,
      ...(filter && { filter }),
    });
  }

  private current(): BuiltIndex {
    if (this.built?.version !== this.catalog.version) this.built = buildIndex(this.catalog);
    return this.built;
  }
}

interface BuiltIndex {
  version: number;
  tools: readonly CatalogTool[];
  engine: MiniSearch<ToolDocument>;
  servers: MiniSearch<ToolDocument>;
  /** Every term any tool is indexed under. */
  vocabulary: Set<string>;
  buildMs: number;
}

/** An empty index; every term it stores is also added to `vocabulary` when given. */
function newEngine(vocabulary?: Set<string>): MiniSearch<ToolDocument> {
  const stems = new Map<string, string | null>();
  return new MiniSearch<ToolDocument>({
    fields: ['name', 'server', 'description', 'params'],
    tokenize: splitWords,
    processTerm: (word) => {
      // Descriptions repeat words a lot; stemming each distinct word once halves a rebuild.
      let term = stems.get(word);
      if (term === undefined) {
        term = STOP_WORDS.has(word) || /^\d+$/.test(word) ? null : stem(word);
        stems.set(word, term);
        if (term) vocabulary?.add(term);
      }
      return term;
    },
  });
}

function buildIndex(catalog: Pick<Catalog, 'version' | 'tools'>): BuiltIndex {
  const started = performance.now();
  const version = catalog.version;
  const tools = catalog.tools();
  const shared = sharedNameWords(tools);
  const docs = tools.map((tool, i) => toolDocument(i, tool, shared.get(tool.serverId)));
  const vocabulary = new Set<string>();
  const engine = newEngine(vocabulary);
  engine.addAll(docs);
  // One document per server: all its tools' text, for the server-level fit.
  const byServer = new Map<string, ToolDocument>();
  for (const [i, doc] of docs.entries()) {
    const serverId = tools[i]!.serverId;
    const merged = byServer.get(serverId);
    if (!merged) byServer.set(serverId, { ...doc, id: serverId as never, params: '' });
    else {
      merged.name += ` ${doc.name}`;
      merged.description += ` ${doc.description}`;
    }
  }
  const servers = newEngine();
  servers.addAll([...byServer.values()]);
  return { version, tools, engine, servers, vocabulary, buildMs: performance.now() - started };
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

/** A result's score with minisearch's term-count factor replaced by concept coverage. */
function adjusted(result: SearchResult, expanded: Map<string, QueryTerm>): number {
  return (result.score / Math.max(1, result.queryTerms.length)) * coverage(result, expanded);
}

/** The sum, over the agent's concepts a result matched, of the best weight of each. */
function coverage(result: SearchResult, expanded: Map<string, QueryTerm>): number {
  const best = new Map<string, number>();
  for (const term of result.queryTerms) {
    const t = expanded.get(term);
    if (t && t.weight > (best.get(t.concept) ?? 0)) best.set(t.concept, t.weight);
  }
  let sum = 0;
  for (const w of best.values()) sum += w;
  return sum;
}

/** The labels of the query terms a result matched, best first, each once. */
function reasonOf(result: SearchResult, expanded: Map<string, QueryTerm>): string[] {
  const terms = result.terms
    .map((term) => expanded.get(term))
    .filter((t): t is QueryTerm => t !== undefined)
    .sort((a, b) => b.weight - a.weight);
  return [...new Set(terms.map((t) => t.label))];
}
