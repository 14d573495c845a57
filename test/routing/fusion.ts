/**
 * Ways to fuse the lexical ranking with the word-vector cosine, measured on the tuning split of
 * queries.json and the dev set only (never the held-out split or the unseen set). The shipped
 * ranker adds `weight × (cosine − floor)` to the lexical score over the task's best, so the
 * cosine only breaks near-ties; these fusions can overrule a lexical lead:
 *
 *   blend    the shipped formula, with larger weights and cosine-only candidates
 *   rrf      reciprocal-rank fusion of the lexical and the cosine rankings
 *   rerank   the lexical top k reordered by (1 − λ) × lexical / best + λ × cosine
 *   gate     the closest of the top k moves to first when near in words and far ahead in meaning
 *   soft     the top 10 lifted for task words a tool lacks but holds a near word for
 *   z        the lexical score over the best plus w × the cosine's z-score among all tools
 *   shipped+rrf, shipped+rerank   rrf and rerank on top of the shipped order and scores
 *            (word vectors included), for a second cosine: `--sentence`
 *
 * Every fusion keeps the intent fit's veto: a tool whose action contradicts the task (a delete
 * for a show-me) gains nothing from the cosine. `blend` with the shipped knobs must give the
 * shipped ranker's figures; the script checks that first and warns per task where not.
 *
 *   node --import tsx test/routing/fusion.ts [vectors.bin …]            the table (default:
 *                                                                        the shipped file)
 *   node --import tsx test/routing/fusion.ts --oracle [vectors.bin …]   how often the closest
 *       of the shipped top k is the right tool, when the shipped first is right and when not
 *   node --import tsx test/routing/fusion.ts --misses [vectors.bin …]   the shipped misses of
 *       tuning and dev only, with the expected tool's rank by cosine among all tools
 *   node --import tsx test/routing/fusion.ts --timing [vectors.bin …]   p50 on 1,000 tools
 *   node --import tsx test/routing/fusion.ts --sentence [--oracle]   the cosine of the full
 *       Universal Sentence Encoder lite over task and tool text instead of the word vectors'
 *       (`--sentence-centred`: the tools' mean taken out; SENTENCE_TOOL_TEXT=whole|first|max,
 *       see sentence-cosines.ts): how far any static distillation of it could go
 *
 * Vector files other than the shipped one: `npm run word-vectors -- --source use|mix --dims N
 * --out .word-vectors/x.bin`.
 */
import { basename } from 'node:path';
import type { Catalog } from '../../src/main/gateway/catalog/catalog.js';
import { buildIndex } from '../../src/main/gateway/catalog/search-build.js';
import {
  DEPRECATED_FACTOR,
  actionFit,
  actionOfWord,
  queryIntent,
  shapeFit,
} from '../../src/main/gateway/catalog/search-intent.js';
import {
  SEMANTIC,
  cosines,
  queryVector,
  type SemanticOptions,
} from '../../src/main/gateway/catalog/search-semantic.js';
import {
  STOP_WORDS,
  VALUES,
  splitWords,
  stem,
} from '../../src/main/gateway/catalog/search-text.js';
import { ToolIndex, VERB_WEIGHT, defaultRanking } from '../../src/main/gateway/catalog/search.js';
import { readWordVectors, type WordVectors } from '../../src/main/gateway/catalog/word-vectors.js';
import { catalogOf, loadRoutingData, type RoutingQuery } from './eval.js';
import { sentenceCosines, type ToolText } from './sentence-cosines.js';

/** What eval.ts asks for per task. */
const LIMIT = 10;
const SHIPPED = new URL('../../resources/word-vectors.bin', import.meta.url).pathname;

const RANKING = defaultRanking();

/** One task, ready for any fusion: its lexical scores, cosines and fits by tool position. */
interface Prepared {
  expected: ReadonlySet<number>;
  /** Lexical score over the task's best, for the tools the words found, best first. */
  lexical: { id: number; score: number }[];
  cos: Float32Array;
  /** With `--sentence`: the word vectors' cosine, which the shipped order keeps using. */
  wordCos?: Float32Array;
  /** Action × deprecation × shape factor (as the shipped blend weighs the cosine). */
  fits: Float64Array;
  contradicts: Uint8Array;
  /**
   * Per tool, per threshold of `SOFT_FLOORS`: the share of the task's word weight that the
   * tool lacks but holds a near word for, each missing word counting max(0, best cosine with
   * a tool word − threshold) / (1 − threshold). Only for the lexical top `SOFT_TOP`.
   */
  soft: Map<number, number[]>;
}

const SOFT_FLOORS = [0.3, 0.4, 0.5, 0.6];
const SOFT_TOP = 10;
/** Zipf's harmonic number for ~400k words, as search-semantic.ts weighs words. */
const HARMONIC = Math.log(400_000) + 0.5772;

/** A word's unit vector, or undefined without one (cached per vectors). */
function unitOf(
  vectors: WordVectors,
  cache: Map<string, Float32Array | null>,
  word: string,
): Float32Array | undefined {
  let v = cache.get(word);
  if (v === undefined) {
    const out = new Float32Array(vectors.dims);
    v = vectors.addTo(word, 1, out) ? out : null;
    if (v) {
      let sum = 0;
      for (const x of v) sum += x * x;
      const inv = 1 / Math.sqrt(sum || 1);
      for (let d = 0; d < v.length; d++) v[d]! *= inv;
    }
    cache.set(word, v);
  }
  return v ?? undefined;
}

/** Content words of a text that have vectors (singular when only that has one). */
function wordsOf(vectors: WordVectors, text: string): string[] {
  const out: string[] = [];
  for (const word of splitWords(text)) {
    if (STOP_WORDS.has(word) || /^\d/.test(word)) continue;
    if (vectors.rank(word) !== undefined) out.push(word);
    else if (word.endsWith('s') && vectors.rank(word.slice(0, -1)) !== undefined)
      out.push(word.slice(0, -1));
  }
  return out;
}

interface Figures {
  at1: number;
  at5: number;
  mrr: number;
}

type Fusion = (p: Prepared) => number[];

function prepare(
  catalog: Catalog,
  queries: RoutingQuery[],
  vectors: WordVectors,
  semantic: SemanticOptions,
): Prepared[] {
  const lexicalIndex = new ToolIndex(catalog, { semantic: { ...semantic, weight: 0 } });
  const built = buildIndex(catalog, { ...RANKING, semantic }, vectors);
  const ids = new Map(built.tools.map((tool, id) => [tool.name, id]));
  const weightOf = (word: string) => (actionOfWord(word) ? VERB_WEIGHT : 1);
  const units = new Map<string, Float32Array | null>();
  const toolWords = built.tools.map((tool) => {
    const o = tool.original;
    const text = `${o.name} ${o.title ?? ''} ${o.description ?? ''}`;
    return [...new Set(wordsOf(vectors, text))];
  });
  return queries.map((q) => {
    const intent = queryIntent(q.query);
    const n = built.tools.length;
    const fits = new Float64Array(n);
    const contradicts = new Uint8Array(n);
    for (let id = 0; id < n; id++) {
      const toolIntent = built.intents[id]!;
      const action = actionFit(intent, toolIntent, RANKING.actions);
      const aged = toolIntent.deprecated ? DEPRECATED_FACTOR : 1;
      fits[id] = action.factor * aged * shapeFit(intent, toolIntent, built.nameTerms[id]!);
      contradicts[id] = action.contradicts ? 1 : 0;
    }
    const meaning = queryVector(q.query, built.semantic!, semantic, weightOf);
    const cos = meaning ? cosines(built.semantic!, meaning) : new Float32Array(n);
    const lexical = lexicalIndex
      .search(q.query, { limit: 1e9 })
      .map((hit) => ({ id: ids.get(hit.tool.name)!, score: hit.score }));
    const expected = new Set(q.expected.map((name) => ids.get(name)!));
    const soft = new Map<number, number[]>();
    const taskWords = [...new Set(wordsOf(vectors, q.query.replace(VALUES, ' ')))].map((word) => {
      const rank = vectors.rank(word)!;
      const p = 1 / ((rank + 1) * HARMONIC);
      const idf = built.semantic!.idf.get(word) ?? built.semantic!.unseenIdf;
      const weight = weightOf(word) * (semantic.sif / (semantic.sif + p)) * idf;
      return { word, stem: stem(word), weight, unit: unitOf(vectors, units, word)! };
    });
    const total = taskWords.reduce((sum, w) => sum + w.weight, 0) || 1;
    for (const { id } of lexical.slice(0, SOFT_TOP)) {
      const words = toolWords[id]!;
      const stems = new Set(words.map((w) => stem(w)));
      const lacking = taskWords.filter((w) => !stems.has(w.stem));
      soft.set(
        id,
        SOFT_FLOORS.map((floor) => {
          let sum = 0;
          for (const w of lacking) {
            let best = 0;
            for (const word of words) {
              const u = unitOf(vectors, units, word)!;
              let dot = 0;
              for (let d = 0; d < u.length; d++) dot += u[d]! * w.unit[d]!;
              if (dot > best) best = dot;
            }
            sum += (w.weight * Math.max(0, best - floor)) / (1 - floor);
          }
          return sum / total;
        }),
      );
    }
    return { expected, lexical, cos, fits, contradicts, soft };
  });
}

function figuresOf(prepared: Prepared[], fusion: Fusion): Figures {
  let at1 = 0;
  let at5 = 0;
  let rr = 0;
  for (const p of prepared) {
    const got = fusion(p).slice(0, LIMIT);
    const rank = got.findIndex((id) => p.expected.has(id)) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 5) at5++;
    if (rank >= 1) rr += 1 / rank;
  }
  const n = prepared.length;
  return { at1: at1 / n, at5: at5 / n, mrr: rr / n };
}

/** The `count` tools of highest cosine above `floor`, closest first. */
function closest(p: Prepared, count: number, floor: number): number[] {
  const out: number[] = [];
  const order = Array.from(p.cos.keys())
    .filter((id) => p.cos[id]! > floor)
    .sort((a, b) => p.cos[b]! - p.cos[a]!);
  for (const id of order) {
    if (out.length >= count) break;
    out.push(id);
  }
  return out;
}

/** The lexical hits, plus `extra` closest tools (the shipped rule: only when too few). */
function candidates(p: Prepared, extra: number, floor: number): Map<number, number> {
  const out = new Map(p.lexical.map((h) => [h.id, h.score]));
  const add = extra > 0 ? extra : p.lexical.length < LIMIT ? SEMANTIC.candidates : 0;
  for (const id of closest(p, add, floor)) if (!out.has(id)) out.set(id, 0);
  return out;
}

const sorted = (scores: Map<number, number>) =>
  [...scores].sort((a, b) => b[1] - a[1]).map(([id]) => id);

/** The shipped blend: lexical / best + weight × max(0, cos − floor) × fits. */
const blend =
  (weight: number, floor: number, extra = 0): Fusion =>
  (p) => {
    const scores = candidates(p, extra, floor);
    for (const [id, lex] of scores) {
      scores.set(id, lex + weight * Math.max(0, p.cos[id]! - floor) * p.fits[id]!);
    }
    return sorted(scores);
  };

/** The shipped ranker's scores (by the word vectors' cosine also with `--sentence`). */
function shippedScores(p: Prepared): Map<number, number> {
  const cos = p.wordCos ?? p.cos;
  const scores = candidates({ ...p, cos }, 0, SEMANTIC.floor);
  for (const [id, lex] of scores) {
    scores.set(id, lex + SEMANTIC.weight * Math.max(0, cos[id]! - SEMANTIC.floor) * p.fits[id]!);
  }
  return scores;
}

/** The shipped ranker's order. */
const shipped: Fusion = (p) => sorted(shippedScores(p));

/**
 * Like `rrf`, with the shipped order in place of the lexical one: for a second cosine
 * (`--sentence`) on top of the shipped ranker, word vectors and all.
 */
const shippedRrf =
  (k: number, w: number, extra: number, floor: number): Fusion =>
  (p) => {
    const pool = shippedScores(p);
    for (const id of closest(p, extra, floor)) if (!pool.has(id)) pool.set(id, -Infinity);
    const scores = new Map<number, number>();
    sorted(pool).forEach((id, rank) => {
      scores.set(id, pool.get(id)! > -Infinity ? 1 / (k + rank + 1) : 0);
    });
    const meaning = [...pool.keys()]
      .filter((id) => !p.contradicts[id] && p.cos[id]! > floor)
      .sort((a, b) => p.cos[b]! - p.cos[a]!);
    meaning.forEach((id, rank) => scores.set(id, scores.get(id)! + w / (k + rank + 1)));
    return sorted(scores);
  };

/** Like `rerank`, with the shipped top `k` and scores in place of the lexical ones. */
const shippedRerank =
  (k: number, lambda: number): Fusion =>
  (p) => {
    const all = shippedScores(p);
    const order = sorted(all);
    const scores = new Map<number, number>();
    for (const id of order.slice(0, k)) {
      const c = p.contradicts[id] ? 0 : Math.max(0, p.cos[id]!) * p.fits[id]!;
      scores.set(id, (1 - lambda) * all.get(id)! + lambda * c);
    }
    return [...sorted(scores), ...order.slice(k)];
  };

/**
 * Reciprocal-rank fusion: 1 / (k + lexical rank) + w / (k + cosine rank), the cosine ranking
 * over the candidates that do not contradict the task (by cosine × fits when `byFit`).
 */
const rrf =
  (k: number, w: number, extra: number, floor: number, byFit: boolean): Fusion =>
  (p) => {
    const pool = candidates(p, extra, floor);
    const scores = new Map<number, number>();
    sorted(pool).forEach((id, rank) => {
      scores.set(id, pool.get(id)! > 0 ? 1 / (k + rank + 1) : 0);
    });
    const meaning = [...pool.keys()]
      .filter((id) => !p.contradicts[id] && p.cos[id]! > floor)
      .map((id) => [id, byFit ? p.cos[id]! * p.fits[id]! : p.cos[id]!] as const)
      .sort((a, b) => b[1] - a[1]);
    meaning.forEach(([id], rank) => scores.set(id, scores.get(id)! + w / (k + rank + 1)));
    return sorted(scores);
  };

/**
 * The lexical top `k` reordered by (1 − λ) × lexical / best + λ × cosine (× fits when
 * `byFit`), contradicting tools keeping only their lexical share; the rest follow as they were.
 */
const rerank =
  (k: number, lambda: number, byFit: boolean, minMax: boolean): Fusion =>
  (p) => {
    const ids = candidates(p, 0, SEMANTIC.floor);
    const order = sorted(ids);
    const top = order.slice(0, k);
    const cs = top.map((id) => p.cos[id]!);
    const lo = Math.min(...cs);
    const hi = Math.max(...cs);
    const scores = new Map<number, number>();
    for (const id of top) {
      let c = minMax ? (hi > lo ? (p.cos[id]! - lo) / (hi - lo) : 0) : Math.max(0, p.cos[id]!);
      if (byFit) c *= p.fits[id]!;
      if (p.contradicts[id]) c = 0;
      scores.set(id, (1 - lambda) * ids.get(id)! + lambda * c);
    }
    return [...sorted(scores), ...order.slice(k)];
  };

/** Lexical / best + w × max(0, z − z0) × fits, z the cosine's z-score among all tools. */
const zscore =
  (w: number, z0: number, extra: number): Fusion =>
  (p) => {
    const n = p.cos.length;
    let mean = 0;
    for (const c of p.cos) mean += c / n;
    let variance = 0;
    for (const c of p.cos) variance += (c - mean) ** 2 / n;
    const sd = Math.sqrt(variance) || 1;
    const floor = mean + z0 * sd;
    const scores = candidates(p, extra, floor);
    for (const [id, lex] of scores) {
      if (p.contradicts[id]) continue;
      const z = (p.cos[id]! - mean) / sd;
      scores.set(id, lex + w * Math.max(0, z - z0) * p.fits[id]!);
    }
    return sorted(scores);
  };

/**
 * Lexical / best + w × soft × fits over the lexical top `SOFT_TOP` (contradicting tools gain
 * nothing), the rest following as they were.
 */
const softMatch =
  (w: number, floorAt: number): Fusion =>
  (p) => {
    const order = shipped(p);
    const lex = new Map(p.lexical.map((h) => [h.id, h.score]));
    const top = order.slice(0, SOFT_TOP);
    const scores = new Map<number, number>();
    for (const id of top) {
      const gain = p.contradicts[id] ? 0 : w * (p.soft.get(id)?.[floorAt] ?? 0) * p.fits[id]!;
      const cos = p.wordCos ?? p.cos;
      const base =
        (lex.get(id) ?? 0) + SEMANTIC.weight * Math.max(0, cos[id]! - SEMANTIC.floor) * p.fits[id]!;
      scores.set(id, base + gain);
    }
    return [...sorted(scores), ...order.slice(SOFT_TOP)];
  };

/**
 * The shipped order, except that the closest tool of its top `k` moves to first when its
 * lexical score is at least `ratio` of the first's and its cosine `margin` above it (and
 * it does not contradict the task).
 */
const gate =
  (k: number, ratio: number, margin: number): Fusion =>
  (p) => {
    const order = shipped(p);
    const lex = new Map(p.lexical.map((h) => [h.id, h.score]));
    const first = order[0];
    if (first === undefined) return order;
    let pick = first;
    for (const id of order.slice(1, k)) {
      if (p.contradicts[id] || (lex.get(id) ?? 0) < ratio * (lex.get(first) ?? 0)) continue;
      if (p.cos[id]! - p.cos[first]! >= margin && p.cos[id]! > p.cos[pick]!) pick = id;
    }
    return [pick, ...order.filter((id) => id !== pick)];
  };

/** Ranked by the cosine alone (the vectors' own quality). */
const cosineOnly: Fusion = (p) => Array.from(p.cos.keys()).sort((a, b) => p.cos[b]! - p.cos[a]!);

const fmt = (f: Figures) => `${f.at1.toFixed(3)}/${f.at5.toFixed(3)}/${f.mrr.toFixed(3)}`;

const data = await loadRoutingData();
const tuningQueries = data.queries.filter((q) => !data.heldOut.has(q.id));
const sets = [
  { name: 'tuning', catalog: catalogOf(data.servers), queries: tuningQueries },
  { name: 'dev', catalog: catalogOf(data.devServers), queries: data.devQueries },
];

/** Tool-vector recipes: the shipped one, and a tool's whole text (name words and description). */
const RECIPES: Record<string, SemanticOptions> = {
  shipped: SEMANTIC,
  whole: {
    ...SEMANTIC,
    fields: { name: 1, title: 1, server: 0, description: 1, params: 0 },
    descriptionWords: Infinity,
  },
};

function fusions(): [string, Fusion][] {
  const out: [string, Fusion][] = [
    ['cosine only', cosineOnly],
    ['shipped', shipped],
    ['blend shipped', blend(SEMANTIC.weight, SEMANTIC.floor)],
  ];
  for (const weight of [0.5, 1, 2])
    for (const floor of [0.2, 0.3, 0.45])
      for (const extra of [0, 10])
        out.push([`blend w=${weight} floor=${floor} extra=${extra}`, blend(weight, floor, extra)]);
  for (const k of [1, 3, 10, 60])
    for (const w of [0.25, 0.5, 1])
      for (const extra of [0, 10])
        for (const byFit of [false, true])
          out.push([
            `rrf k=${k} w=${w} extra=${extra}${byFit ? ' ×fit' : ''}`,
            rrf(k, w, extra, 0, byFit),
          ]);
  for (const k of [2, 3, 5, 10])
    for (const lambda of [0.1, 0.2, 0.3, 0.5])
      for (const byFit of [false, true])
        for (const minMax of [false, true])
          out.push([
            `rerank k=${k} λ=${lambda}${byFit ? ' ×fit' : ''}${minMax ? ' minmax' : ''}`,
            rerank(k, lambda, byFit, minMax),
          ]);
  for (const k of [2, 3, 5])
    for (const ratio of [0.5, 0.7, 0.85])
      for (const margin of [0.1, 0.2, 0.3])
        out.push([`gate k=${k} ratio=${ratio} margin=${margin}`, gate(k, ratio, margin)]);
  for (const w of [0.1, 0.2, 0.4, 0.8, 1.6])
    for (const [at, floor] of SOFT_FLOORS.entries())
      out.push([`soft w=${w} floor=${floor}`, softMatch(w, at)]);
  for (const k of [1, 3, 10, 60])
    for (const w of [0.1, 0.25, 0.5, 1])
      for (const extra of [0, 10])
        for (const floor of [0, 0.2])
          out.push([
            `shipped+rrf k=${k} w=${w} extra=${extra} floor=${floor}`,
            shippedRrf(k, w, extra, floor),
          ]);
  for (const k of [2, 3, 5, 10])
    for (const lambda of [0.05, 0.1, 0.2, 0.3, 0.5])
      out.push([`shipped+rerank k=${k} λ=${lambda}`, shippedRerank(k, lambda)]);
  for (const w of [0.05, 0.1, 0.2, 0.4])
    for (const z0 of [1, 2, 3])
      for (const extra of [0, 10])
        out.push([`z w=${w} z0=${z0} extra=${extra}`, zscore(w, z0, extra)]);
  return out;
}

/** How many of `values` exceed `value`. */
function higher(values: Float32Array, value: number): number {
  let count = 0;
  for (const v of values) if (v > value) count++;
  return count;
}

/**
 * How far a rerank of the shipped top `k` by the cosine could go: per set, how often the
 * closest of the top k is the expected tool when the shipped first is right and when not.
 */
function oracle(prepared: Prepared[], k: number): string {
  const counts = {
    hitAgree: 0,
    hitLose: 0,
    missWin: 0,
    missNot: 0,
    outside: 0,
    missCosFirst: 0,
    missCosTop3: 0,
    hitCosFirst: 0,
  };
  for (const p of prepared) {
    const top = shipped(p).slice(0, k);
    // Where the cosine alone, over every tool, puts the expected tool.
    const cosRank = 1 + Math.min(...[...p.expected].map((id) => higher(p.cos, p.cos[id]!)));
    if (p.expected.has(top[0]!)) counts.hitCosFirst += cosRank === 1 ? 1 : 0;
    else {
      counts.missCosFirst += cosRank === 1 ? 1 : 0;
      counts.missCosTop3 += cosRank <= 3 ? 1 : 0;
    }
    const closestOfTop = top
      .filter((id) => !p.contradicts[id])
      .sort((a, b) => p.cos[b]! - p.cos[a]!)[0];
    const win = closestOfTop !== undefined && p.expected.has(closestOfTop);
    if (p.expected.has(top[0]!)) counts[win ? 'hitAgree' : 'hitLose']++;
    else if (top.some((id) => p.expected.has(id))) counts[win ? 'missWin' : 'missNot']++;
    else counts.outside++;
  }
  return JSON.stringify(counts);
}

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
/**
 * `--sentence` (or `--sentence-centred`): the cosine is the full sentence encoder's, of the task
 * and the tool's whole text (`sentence-cosines.ts`), instead of the word vectors' average.
 */
const sentence = process.argv.includes('--sentence-centred')
  ? 'centred'
  : process.argv.includes('--sentence')
    ? 'raw'
    : undefined;
const sentenceCos: Float32Array[][] | undefined = sentence ? [] : undefined;
// One set after the other: each call may load the encoder.
for (const set of sentence ? sets : []) {
  const tasks = set.queries.map((q) => q.query);
  const how = (process.env.SENTENCE_TOOL_TEXT ?? 'whole') as ToolText;
  sentenceCos!.push(await sentenceCosines(set.catalog, tasks, sentence === 'centred', how));
}
/** The prepared tasks of each set, their cosines the sentence encoder's with `--sentence`. */
function withSentence(prepared: Prepared[][]): Prepared[][] {
  if (!sentenceCos) return prepared;
  return prepared.map((set, i) =>
    set.map((p, j) => ({ ...p, cos: sentenceCos[i]![j]!, wordCos: p.cos })),
  );
}
if (process.argv.includes('--timing')) {
  // Per-query p50 on 1,000 tools (the tuning catalog again under other ids, as eval.ts builds
  // it): the shipped search, and the lexical search plus every tool's cosine, the least any
  // fusion needs that lets a tool found by meaning alone overrule the words.
  const large = catalogOf([]);
  let room = 1_000;
  for (let copy = 1; room > 0; copy++) {
    for (const server of data.servers) {
      if (room <= 0) break;
      const tools = server.tools.slice(0, room);
      catalogOf([{ ...server, tools }], large, copy === 1 ? '' : `-${copy}`);
      room -= tools.length;
    }
  }
  const median = (run: (query: string) => void) => {
    for (const q of tuningQueries) run(q.query);
    const samples: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const q of tuningQueries) {
        const started = performance.now();
        run(q.query);
        samples.push(performance.now() - started);
      }
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  };
  for (const file of files.length > 0 ? files : [SHIPPED]) {
    const vectors = readWordVectors(file);
    const shipped = new ToolIndex(large, {}, undefined, () => vectors);
    const lexical = new ToolIndex(large, { semantic: { ...SEMANTIC, weight: 0 } });
    const built = buildIndex(large, RANKING, vectors);
    const weightOf = (word: string) => (actionOfWord(word) ? VERB_WEIGHT : 1);
    const fused = (query: string) => {
      lexical.search(query, { limit: LIMIT });
      const meaning = queryVector(query, built.semantic!, SEMANTIC, weightOf);
      if (meaning) cosines(built.semantic!, meaning);
    };
    const a = median((query) => shipped.search(query, { limit: LIMIT }));
    const b = median(fused);
    console.log(
      `${basename(file)} ${large.tools().length} tools: shipped p50 ${a.toFixed(3)} ms, ` +
        `lexical + all cosines p50 ${b.toFixed(3)} ms`,
    );
  }
  process.exit(0);
}
if (process.argv.includes('--diff')) {
  // Tuning and dev tasks whose rank a fusion changes against the shipped blend.
  const fusion = softMatch(Number(process.env.SOFT_W ?? 1.6), SOFT_FLOORS.indexOf(0.6));
  for (const file of files) {
    const vectors = readWordVectors(file);
    for (const set of sets) {
      const prepared = prepare(set.catalog, set.queries, vectors, SEMANTIC);
      for (const [j, p] of prepared.entries()) {
        const rankOf = (order: number[]) =>
          order.slice(0, LIMIT).findIndex((id) => p.expected.has(id)) + 1;
        const a = rankOf(blend(SEMANTIC.weight, SEMANTIC.floor)(p));
        const b = rankOf(fusion(p));
        if (a !== b)
          console.log(`${basename(file)} ${set.name} ${set.queries[j]!.id}: ${a} → ${b}`);
      }
    }
  }
  process.exit(0);
}
if (process.argv.includes('--misses')) {
  // The shipped ranker's misses on tuning and dev: where the cosine puts the expected tool.
  for (const file of files.length > 0 ? files : [SHIPPED]) {
    const vectors = readWordVectors(file);
    for (const set of sets) {
      const prepared = prepare(set.catalog, set.queries, vectors, SEMANTIC);
      for (const [j, p] of prepared.entries()) {
        const order = blend(SEMANTIC.weight, SEMANTIC.floor)(p);
        const rank = order.findIndex((id) => p.expected.has(id)) + 1;
        if (rank === 1) continue;
        const byCos = Array.from(p.cos.keys()).sort((a, b) => p.cos[b]! - p.cos[a]!);
        const cosRank = byCos.findIndex((id) => p.expected.has(id)) + 1;
        const want = [...p.expected][0]!;
        const first = order[0]!;
        console.log(
          `${basename(file)} ${set.name} ${set.queries[j]!.id} rank ${rank || '-'} cosRank ${cosRank}` +
            ` cos(want) ${p.cos[want]!.toFixed(2)} cos(first) ${p.cos[first]!.toFixed(2)}`,
        );
      }
    }
  }
  process.exit(0);
}
if (process.argv.includes('--oracle')) {
  for (const file of files.length > 0 ? files : [SHIPPED]) {
    const vectors = readWordVectors(file);
    for (const [recipe, semantic] of Object.entries(RECIPES)) {
      for (const [i, set] of sets.entries()) {
        const prepared = withSentence(
          sets.map((s, at) => (at === i ? prepare(s.catalog, s.queries, vectors, semantic) : [])),
        )[i]!;
        for (const k of [2, 3, 5])
          console.log(`${basename(file)} ${recipe} ${set.name} top${k} ${oracle(prepared, k)}`);
      }
    }
  }
  process.exit(0);
}
const rows: string[] = [];
for (const file of files.length > 0 ? files : [SHIPPED]) {
  const vectors = readWordVectors(file);
  for (const [recipe, semantic] of Object.entries(RECIPES)) {
    // The sentence cosine does not depend on the recipe.
    if (sentence && recipe !== 'shipped') continue;
    const prepared = sets.map((set) => prepare(set.catalog, set.queries, vectors, semantic));
    if (recipe === 'shipped') {
      // The shipped blend rebuilt from the parts must rank as ToolIndex does.
      for (const [i, set] of sets.entries()) {
        const index = new ToolIndex(set.catalog, {}, undefined, () => vectors);
        const ids = new Map(set.catalog.tools().map((t, id) => [t.name, id]));
        for (const [j, q] of set.queries.entries()) {
          const want = index.search(q.query, { limit: LIMIT }).map((h) => ids.get(h.tool.name));
          const got = blend(SEMANTIC.weight, SEMANTIC.floor)(prepared[i]![j]!).slice(0, LIMIT);
          if (want.join() !== got.join()) console.warn(`${set.name} ${q.id}: blend differs`);
        }
      }
    }
    const used = withSentence(prepared);
    for (const [name, fusion] of fusions()) {
      const [tuning, dev] = used.map((p) => figuresOf(p, fusion));
      rows.push(
        `| ${basename(file)}${sentence ? ` + sentence ${sentence}` : ''} | ${recipe} | ${name} | ${fmt(tuning!)} | ${fmt(dev!)} | ${(tuning!.mrr + dev!.mrr).toFixed(3)} |`,
      );
    }
  }
}
console.log('| vectors | tool vector | fusion | tuning r@1/r@5/MRR | dev r@1/r@5/MRR | MRR sum |');
console.log('|---|---|---|---|---|---:|');
for (const row of rows) console.log(row);
