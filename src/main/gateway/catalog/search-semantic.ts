import type { IndexResult } from './search-index.js';
import { STOP_WORDS, VALUES, splitWords } from './search-text.js';
import type { WordVectors } from './word-vectors.js';

/**
 * The semantic side of tool search: a tool and a task are each a weighted average of their
 * words' vectors (`word-vectors.ts`), and their cosine says how close they are in meaning,
 * also when they share no word ("hear a guitar album" and a tool that plays music tracks).
 * Averaged GloVe vectors are a weak paraphrase signal (for "speed up lookups" an index tool
 * is no closer than any other), so it weighs little beside the words. Tool vectors are
 * computed when the index is built; a query costs one vector and a dot product per tool.
 */

/** The text of a tool, field by field (the fields of `toolDocument`). */
export interface SemanticDocument {
  name: string;
  title: string;
  server: string;
  description: string;
  params: string;
}

/** How tool and task vectors are made and how much they count. */
export interface SemanticOptions {
  /** The cosine's share of a tool's score, against the lexical score's 1 (0: off). */
  weight: number;
  /** Each field's weight in a tool's vector. */
  fields: Record<keyof SemanticDocument, number>;
  /** Smooth inverse frequency: a word of frequency p weighs a / (a + p). */
  sif: number;
  /** Multiply each word's weight by its inverse document frequency in the catalog. */
  idf: boolean;
  /** Subtract the tools' common direction (their mean) from tool and task vectors. */
  removeCommon: boolean;
  /** How many of the closest tools join the lexical matches as candidates. */
  candidates: number;
  /** Cosines at or below this count as no similarity at all. */
  floor: number;
  /** At most this many description words per tool (the first ones say what it does). */
  descriptionWords: number;
}

/**
 * The defaults: the weight and floor are the best of a grid on the tuning split and the dev
 * set (`test/routing/`); a larger weight or a lower floor loses tuning tasks.
 */
export const SEMANTIC: SemanticOptions = {
  weight: 0.3,
  fields: { name: 2, title: 2, server: 0.5, description: 1, params: 0.3 },
  sif: 1e-3,
  idf: true,
  removeCommon: true,
  candidates: 10,
  floor: 0.45,
  descriptionWords: 20,
};

/** The vectors of a catalog's tools (unit length, row by row) and what a query needs. */
export interface ToolVectors {
  /** The word vectors they were made of, for the tasks' vectors. */
  vectors: WordVectors;
  dims: number;
  /** Row i: tool i's unit vector, or zeros when none of its words has a vector. */
  matrix: Float32Array;
  /** Each word's inverse document frequency among the tools. */
  idf: Map<string, number>;
  /** The idf of a word no tool has. */
  unseenIdf: number;
  /** The tools' mean direction, removed from every vector (zeros when not removed). */
  common: Float32Array;
}

/** Zipf's harmonic number for the GloVe vocabulary (~400k words): p(rank r) ≈ 1 / (r × H). */
const HARMONIC = Math.log(400_000) + 0.5772;

/** A word's weight from its frequency rank: common words say little about a tool. */
function sifWeight(vectors: WordVectors, word: string, a: number): number {
  const rank = vectors.rank(word);
  if (rank === undefined) return 0;
  const p = 1 / ((rank + 1) * HARMONIC);
  return a / (a + p);
}

/** The word itself, or its singular, whichever has a vector (`lookups` → `lookup`). */
function known(vectors: WordVectors, word: string): string | undefined {
  if (vectors.rank(word) !== undefined) return word;
  if (word.endsWith('ies')) {
    const y = `${word.slice(0, -3)}y`;
    if (vectors.rank(y) !== undefined) return y;
  }
  if (word.endsWith('s')) {
    const one = word.slice(0, -1);
    if (vectors.rank(one) !== undefined) return one;
  }
  return undefined;
}

/** Content words: no stop words, no numbers, each as the form that has a vector. */
function contentWords(
  vectors: WordVectors,
  text: string,
  limit = Infinity,
  forms = new Map<string, string | undefined>(),
): string[] {
  const out: string[] = [];
  for (const word of splitWords(text)) {
    if (out.length >= limit) break;
    if (STOP_WORDS.has(word) || /^\d/.test(word)) continue;
    let form = forms.get(word);
    if (form === undefined && !forms.has(word)) forms.set(word, (form = known(vectors, word)));
    if (form) out.push(form);
  }
  return out;
}

const FIELDS = ['name', 'title', 'server', 'description', 'params'] as const;

/** Every tool's vector; `docs` in the order of the catalog's tools. */
export function buildToolVectors(
  docs: readonly SemanticDocument[],
  vectors: WordVectors,
  options: SemanticOptions,
): ToolVectors {
  const dims = vectors.dims;
  // Each tool's words with their summed field weights; a word's form is looked up once.
  const forms = new Map<string, string | undefined>();
  const df = new Map<string, number>();
  const bags = docs.map((doc) => {
    const bag = new Map<string, number>();
    for (const field of FIELDS) {
      const weight = options.fields[field];
      if (weight === 0) continue;
      const limit = field === 'description' ? options.descriptionWords : Infinity;
      for (const word of contentWords(vectors, doc[field], limit, forms)) {
        bag.set(word, (bag.get(word) ?? 0) + weight);
      }
    }
    for (const word of bag.keys()) df.set(word, (df.get(word) ?? 0) + 1);
    return bag;
  });
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [word, count] of df) idf.set(word, Math.log(1 + n / count));
  const unseenIdf = Math.log(1 + n);
  const sif = new Map<string, number>();
  for (const word of df.keys()) sif.set(word, sifWeight(vectors, word, options.sif));
  const matrix = new Float32Array(n * dims);
  const rows = bags.map((bag, i) => {
    const row = matrix.subarray(i * dims, (i + 1) * dims);
    for (const [word, weight] of bag) {
      const rarity = options.idf ? idf.get(word)! : 1;
      vectors.addTo(word, weight * sif.get(word)! * rarity, row);
    }
    return normalize(row);
  });
  // A tool without a word that has a vector keeps a zero row: close to nothing.
  const filled = rows.filter((_, i) => bags[i]!.size > 0);
  const common = new Float32Array(dims);
  if (options.removeCommon && filled.length > 0) {
    for (const row of filled) for (let d = 0; d < dims; d++) common[d]! += row[d]! / filled.length;
    for (const row of filled) normalize(subtract(row, common));
  }
  return { vectors, dims, matrix, idf, unseenIdf, common };
}

/** The cosine of a task's unit vector (`queryVector`) with one tool's, by position. */
export function cosineOf(tools: ToolVectors, id: number, query: Float32Array): number {
  const { dims, matrix } = tools;
  let sum = 0;
  for (let d = 0, at = id * dims; d < dims; d++, at++) sum += matrix[at]! * query[d]!;
  return sum;
}

/** Adds the tools closest in meaning (`SemanticOptions.candidates`) as matching no word. */
export function addClosest(
  results: IndexResult[],
  cosines: Float32Array,
  options: SemanticOptions,
  allow?: (id: number) => boolean,
): void {
  const have = new Set(results.map((r) => r.id));
  for (const id of closestTools(cosines, options.candidates, options.floor, allow)) {
    if (!have.has(id)) results.push({ id, score: 0, queryTerms: [], match: {} });
  }
}

/**
 * The task's unit vector, made like a tool's; undefined when none of its words has one.
 * `weightOf` weighs a task word (verbs count less: the action fit judges them).
 */
export function queryVector(
  query: string,
  tools: ToolVectors,
  options: SemanticOptions,
  weightOf: (word: string) => number = () => 1,
): Float32Array | undefined {
  const vectors = tools.vectors;
  const out = new Float32Array(tools.dims);
  let any = false;
  for (const word of new Set(contentWords(vectors, query.replace(VALUES, ' ')))) {
    const weight =
      weightOf(word) *
      sifWeight(vectors, word, options.sif) *
      (options.idf ? (tools.idf.get(word) ?? tools.unseenIdf) : 1);
    any = vectors.addTo(word, weight, out) || any;
  }
  if (!any) return undefined;
  if (options.removeCommon) {
    normalize(out);
    subtract(out, tools.common);
  }
  return normalize(out);
}

/** The cosine of `query` with every tool, by position. */
export function cosines(tools: ToolVectors, query: Float32Array): Float32Array {
  const { dims, matrix } = tools;
  const out = new Float32Array(matrix.length / dims);
  // Four sums side by side: about twice as fast as one in V8.
  const whole = dims - (dims % 4);
  for (let id = 0, at = 0; id < out.length; id++, at += dims) {
    let a = 0;
    let b = 0;
    let c = 0;
    let e = 0;
    let d = 0;
    for (; d < whole; d += 4) {
      a += matrix[at + d]! * query[d]!;
      b += matrix[at + d + 1]! * query[d + 1]!;
      c += matrix[at + d + 2]! * query[d + 2]!;
      e += matrix[at + d + 3]! * query[d + 3]!;
    }
    for (; d < dims; d++) a += matrix[at + d]! * query[d]!;
    out[id] = a + b + c + e;
  }
  return out;
}

/**
 * The `count` tools closest to the task (by `cosines`) above `floor` that `allow` admits,
 * closest first.
 */
export function closestTools(
  cosines: Float32Array,
  count: number,
  floor: number,
  allow?: (id: number) => boolean,
): number[] {
  const best: { id: number; cos: number }[] = [];
  if (count <= 0) return best.map((b) => b.id);
  for (let id = 0; id < cosines.length; id++) {
    const cos = cosines[id]!;
    if (cos <= floor || (best.length === count && cos <= best[count - 1]!.cos)) continue;
    if (allow && !allow(id)) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && best[at - 1]!.cos < cos) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = { id, cos };
  }
  return best.map((b) => b.id);
}

function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let d = 0; d < v.length; d++) sum += v[d]! * v[d]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let d = 0; d < v.length; d++) v[d]! *= inv;
  }
  return v;
}

function subtract(v: Float32Array, common: Float32Array): Float32Array {
  for (let d = 0; d < v.length; d++) v[d]! -= common[d]!;
  return v;
}
