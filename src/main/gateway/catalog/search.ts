import type { Catalog, CatalogTool } from './catalog.js';
import { buildIndex, type BuiltIndex } from './search-build.js';
import {
  actionFit,
  actionOfWord,
  queryIntent,
  shapeFit,
  ACTION_WEIGHTS,
  SHAPE_WEIGHTS,
  DEPRECATED_FACTOR,
  NO_ARGUMENTS_FACTOR,
} from './search-intent.js';
import type { UsageFeedback } from './search-feedback.js';
import type { FieldIndex, IndexResult } from './search-index.js';
import {
  SEMANTIC,
  addClosest,
  cosineOf,
  cosines,
  queryVector,
  type SemanticOptions,
} from './search-semantic.js';
import { SYNONYM_WEIGHT, analyze, expandQuery, type QueryTerm } from './search-text.js';
import type { WordVectors } from './word-vectors.js';

/**
 * Local tool search for `switchboard__find_tools`: BM25 (`search-index.ts`) over each tool's
 * name words, server, description and parameters, with a Porter stemmer, stop words and a
 * small synonym table for the vocabulary of the server kinds Switchboard ships for, plus a
 * semantic signal from word vectors that ship with the app (`search-semantic.ts`). No
 * network: a query costs about a millisecond on a thousand tools.
 */

/** What a search may return, and which tools it may consider at all. */
export interface ToolSearchOptions {
  /** How many hits to return at most (default 8). */
  limit?: number;
  /** Tools this returns false for are dropped before the cut-off, never after. */
  allow?: (tool: CatalogTool) => boolean;
}

/** One ranked hit: the tool, its score, and why it ranked. */
export interface ToolSearchHit {
  tool: CatalogTool;
  score: number;
  /** Query words that matched, best first; a synonym shows as `word~synonym`. */
  matched: string[];
  /** Which fields each matched word was found in (`name`, `description`, …). */
  fields: Record<string, string[]>;
  /** The action fit: `list` (the task's action), `read≈show` (related), absent when neutral. */
  action?: string;
  /** How often agents chose this tool after a task with these words (when that lifted it). */
  used?: number;
  /**
   * The cosine of the task's and the tool's word vectors (`search-semantic.ts`), present when
   * it added to the score: above `SemanticOptions.floor`.
   */
  semantic?: number;
}

/**
 * Field weights: the server and the title above name words, which outrank prose and, far
 * below, parameters. Fitted with the other defaults on the tuning split (`test/routing/fit.ts`).
 */
export const FIELD_BOOSTS = { name: 1.3, title: 1.5, server: 2, description: 1, params: 0.079 };

/** Ranking knobs; the defaults are the ones `test/routing/eval.ts` measured best. */
export interface RankingOptions {
  fieldBoosts: typeof FIELD_BOOSTS;
  synonymWeight: number;
  /** How much the whole server's fit multiplies a tool's score (1 + serverFit × fit). */
  serverFit: number;
  /** BM25 parameters (see `BM25`). */
  bm25: { k: number; b: number; d: number };
  /** How much a tool's action fitting the task's multiplies its score (see search-intent). */
  actions: typeof ACTION_WEIGHTS;
  /** A verb's weight as a text term: its action is matched apart, by `actions`. */
  verbWeight: number;
  /** Weight of a word matching the start of a longer indexed word (know → knowledge). */
  prefixWeight: number;
  /** How a tool's shape (its name, its parameters) fitting the task multiplies its score. */
  shapes: typeof SHAPE_WEIGHTS;
  /** The semantic signal from word vectors, when the index has them (see search-semantic). */
  semantic: SemanticOptions;
}

/**
 * Words asking for all of something: no argument carries them, so a tool without arguments
 * (`read_graph`) still takes everything such a task names.
 */
const WHOLE = new Set(['whole', 'entire', 'complete', 'full']);

/** See `RankingOptions.verbWeight`. */
export const VERB_WEIGHT = 0.56;
/** See `RankingOptions.prefixWeight`. */
export const PREFIX_WEIGHT = 0.94;
/** Query words shorter than this never match as prefixes (too many words start with them). */
const PREFIX_MIN = 4;

/** The default weight of the server-level fit (see `RankingOptions.serverFit`). */
export const SERVER_FIT = 1;

/** BM25 saturation (k), length normalisation (b) and the floor for a matching term (d). */
export const BM25 = { k: 2.4, b: 0.7, d: 0.4 };

const DEFAULT_LIMIT = 8;
const NO_USE = { lift: 0, uses: 0 };

/** The shipped ranking: every knob at its default. */
export function defaultRanking(): RankingOptions {
  return {
    fieldBoosts: FIELD_BOOSTS,
    synonymWeight: SYNONYM_WEIGHT,
    serverFit: SERVER_FIT,
    bm25: BM25,
    actions: ACTION_WEIGHTS,
    verbWeight: VERB_WEIGHT,
    prefixWeight: PREFIX_WEIGHT,
    shapes: SHAPE_WEIGHTS,
    semantic: SEMANTIC,
  };
}

/**
 * A full-text index over a catalog's tools. It follows the catalog: the first search after
 * a change (a new `catalog.version`) rebuilds it, which costs a few milliseconds per
 * thousand tools.
 *
 * Ranking is BM25 per tool, with two adjustments: the usual coordination factor (score ×
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
    /** What agents chose after earlier answers; lifts those tools for similar tasks. */
    private readonly usage?: UsageFeedback,
    /**
     * Word vectors for the semantic signal, asked for at the first build (not before: reading
     * them costs tens of milliseconds); without them, or when it returns undefined, ranking
     * is lexical only.
     */
    private readonly vectors?: () => WordVectors | undefined,
  ) {
    this.ranking = { ...defaultRanking(), ...ranking };
  }

  /** The best `limit` tools for a task description, among those `allow` admits. */
  search(query: string, options: ToolSearchOptions = {}): ToolSearchHit[] {
    const built = this.current();
    const { tools, engine, servers, vocabulary, intents, nameTerms } = built;
    const expanded = this.expand(query, vocabulary);
    const meaning = this.meaning(built, query);
    if (expanded.size === 0 && !meaning) return [];
    const intent = queryIntent(query);
    // The agent's own content words (not verbs): what a tool's arguments would have to carry.
    const own = [...expanded.values()].filter(
      (t) =>
        t.concept === t.label && t.weight === 1 && !actionOfWord(t.label) && !WHOLE.has(t.label),
    );
    const allow = options.allow && ((id: number) => options.allow!(tools[id]!));
    const fit = this.serverFit(servers, expanded);
    const results = this.run(engine, expanded, allow);
    const limit = Math.max(1, options.limit ?? DEFAULT_LIMIT);
    const cosOf = meaning && this.closeness(built, meaning, results, limit, allow);
    const terms = this.usage ? [...new Set(analyze(query))] : [];
    const hits = results.map((result) => {
      const id = result.id;
      const tool = tools[id]!;
      const boost = 1 + this.ranking.serverFit * (fit.get(tool.serverId) ?? 0);
      const toolIntent = intents[id]!;
      const action = actionFit(intent, toolIntent, this.ranking.actions);
      const aged = toolIntent.deprecated ? DEPRECATED_FACTOR : 1;
      const rest = toolIntent.noArguments && unmatched(result, own) ? NO_ARGUMENTS_FACTOR : 1;
      const shape = shapeFit(intent, toolIntent, nameTerms[id]!, this.ranking.shapes);
      // Use never lifts a tool whose action contradicts the task (a delete for a show-me).
      const use = this.usage && !action.contradicts ? this.usage.liftFor(tool.name, terms) : NO_USE;
      const lexical = adjusted(result, expanded) * boost * action.factor * aged * rest * shape;
      // The same fits as the lexical score: a delete never comes close to a show-me.
      const fits = action.factor * aged * shape;
      return {
        id,
        tool,
        lexical,
        fits,
        close: 0,
        cos: 0,
        result,
        action,
        use,
        score: 0,
        semantic: 0,
      };
    });
    // Scores count over the task's best lexical score, so the weights mean the same for any task.
    let best = 1e-9;
    for (const hit of hits) best = Math.max(best, hit.lexical);
    if (cosOf) this.addCloseness(hits, cosOf, limit, best);
    blend(hits, this.ranking.semantic.weight, best);
    return hits.slice(0, limit).map(({ tool, score, result, action, use, semantic, cos }) => ({
      tool,
      score,
      matched: reasonOf(result, expanded),
      fields: fieldsOf(result, expanded),
      ...(action.label && { action: action.label }),
      ...(use.lift > 0 && { used: use.uses }),
      ...(semantic > 0 && { semantic: Math.round(cos * 100) / 100 }),
    }));
  }

  /**
   * Each hit's cosine with the task and what it adds, for the hits that could still be among
   * the first `limit` with it: a hit whose score with the best possible cosine stays below what
   * `limit` others score without theirs is left at 0, which changes no answer and saves most
   * of the products on a large catalog.
   */
  private addCloseness(
    hits: {
      id: number;
      lexical: number;
      fits: number;
      close: number;
      cos: number;
      use: { lift: number };
    }[],
    cosOf: (id: number) => number,
    limit: number,
    best: number,
  ): void {
    const { weight, floor } = this.ranking.semantic;
    // The `limit` best scores without a cosine, highest first (one pass, no sort of them all).
    const top: number[] = [];
    for (const hit of hits) {
      const score = (hit.lexical / best) * (1 + hit.use.lift);
      if (top.length === limit && score <= top[limit - 1]!) continue;
      let at = top.length === limit ? limit - 1 : top.length;
      for (; at > 0 && top[at - 1]! < score; at--) top[at] = top[at - 1]!;
      top[at] = score;
    }
    const bar = top.length === limit ? top[limit - 1]! : 0;
    // Unit vectors: a cosine is at most 1 (and a rounding error).
    const most = weight * (1 + 1e-6 - floor);
    for (const hit of hits) {
      if ((hit.lexical / best + most * hit.fits) * (1 + hit.use.lift) < bar) continue;
      hit.cos = cosOf(hit.id);
      hit.close = Math.max(0, hit.cos - floor) * hit.fits;
    }
  }

  /** The task's unit vector, when the index has word vectors and the task a word of them. */
  private meaning(built: BuiltIndex, query: string): Float32Array | undefined {
    if (!built.semantic || this.ranking.semantic.weight <= 0) return undefined;
    const verb = this.ranking.verbWeight;
    const weightOf = (word: string) => (actionOfWord(word) ? verb : 1);
    return queryVector(query, built.semantic, this.ranking.semantic, weightOf);
  }

  /**
   * Each result's cosine with the task. When the words found fewer tools than asked for, the
   * tools closest in meaning join them, which takes the cosine of every tool; otherwise only
   * the results' own are taken (a tool that shares no word gains at most the semantic weight,
   * not enough to pass that many word matches), which keeps a query on a thousand tools cheap.
   */
  private closeness(
    built: BuiltIndex,
    meaning: Float32Array,
    results: IndexResult[],
    limit: number,
    allow?: (id: number) => boolean,
  ): (id: number) => number {
    const tools = built.semantic!;
    if (results.length >= limit) return (id) => cosineOf(tools, id, meaning);
    const all = cosines(tools, meaning);
    addClosest(results, all, this.ranking.semantic, allow);
    return (id) => all[id]!;
  }

  /** The query's terms, with verbs weighed down: the action fit judges them instead. */
  private expand(query: string, vocabulary: ReadonlySet<string>): Map<string, QueryTerm> {
    const expanded = expandQuery(query, this.ranking.synonymWeight, vocabulary);
    // Each concept is the stem of an agent's word; the word itself says whether it is a verb.
    const words = new Map(
      [...expanded].filter(([k, t]) => k === t.concept).map(([k, t]) => [k, t.label]),
    );
    for (const term of expanded.values()) {
      if (actionOfWord(words.get(term.concept) ?? term.concept))
        term.weight *= this.ranking.verbWeight;
    }
    return expanded;
  }

  /** How big the index is and what the last rebuild cost (for the benchmark and the UI). */
  stats(): { tools: number; version: number; buildMs: number } {
    const built = this.current();
    return { tools: built.tools.length, version: built.version, buildMs: built.buildMs };
  }

  /** Each server's fit to the query, from 0 to 1 (the best-fitting server). */
  private serverFit(
    servers: { ids: string[]; index: FieldIndex },
    expanded: Map<string, QueryTerm>,
  ): Map<string, number> {
    const scores = this.run(servers.index, expanded).map(
      (r) => [servers.ids[r.id]!, adjusted(r, expanded)] as const,
    );
    const best = Math.max(1e-9, ...scores.map(([, score]) => score));
    return new Map(scores.map(([id, score]) => [id, score / best]));
  }

  private run(
    index: FieldIndex,
    expanded: Map<string, QueryTerm>,
    allow?: (id: number) => boolean,
  ): IndexResult[] {
    const query = [...expanded].map(([term, t]) => ({
      term,
      boost: t.weight,
      // The agent's own words also match longer words they begin (know → knowledge).
      prefix: term.length >= PREFIX_MIN && t.concept === term,
    }));
    return index.search(query, this.ranking.prefixWeight, allow);
  }

  private current(): BuiltIndex {
    if (this.built?.version !== this.catalog.version) {
      const vectors = this.ranking.semantic.weight > 0 ? this.vectors?.() : undefined;
      this.built = buildIndex(this.catalog, this.ranking, vectors);
    }
    return this.built;
  }
}

/**
 * Scores and sorts hits: the lexical score over the task's best (so the weight means the same
 * for every task; a cosine does already), plus `weight` × the closeness in meaning, times the
 * lift from use.
 */
function blend(
  hits: {
    lexical: number;
    close: number;
    use: { lift: number };
    score: number;
    semantic: number;
  }[],
  weight: number,
  bestLexical: number,
): void {
  for (const hit of hits) {
    hit.semantic = weight * hit.close;
    hit.score = (hit.lexical / bestLexical + hit.semantic) * (1 + hit.use.lift);
  }
  hits.sort((a, b) => b.score - a.score);
}

/** A result's BM25 sum times its concept coverage (instead of its count of matched terms). */
function adjusted(result: IndexResult, expanded: Map<string, QueryTerm>): number {
  return result.score * coverage(result, expanded);
}

/** The sum, over the agent's concepts a result matched, of the best weight of each. */
function coverage(result: IndexResult, expanded: Map<string, QueryTerm>): number {
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
function reasonOf(result: IndexResult, expanded: Map<string, QueryTerm>): string[] {
  const terms = Object.keys(result.match)
    .map((term) => expanded.get(term))
    .filter((t): t is QueryTerm => t !== undefined)
    .sort((a, b) => b.weight - a.weight);
  return [...new Set(terms.map((t) => t.label))];
}

/** For each field, the labels of the query terms found in it. */
function fieldsOf(result: IndexResult, expanded: Map<string, QueryTerm>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [term, fields] of Object.entries(result.match)) {
    const label = expanded.get(term)?.label ?? term;
    for (const field of fields) {
      const list = (out[field] ??= []);
      if (!list.includes(label)) list.push(label);
    }
  }
  return out;
}

/** Whether some of the agent's own content words matched nothing of this tool. */
function unmatched(result: IndexResult, own: QueryTerm[]): boolean {
  const hit = new Set(result.queryTerms);
  return own.some((t) => !hit.has(t.concept));
}
