/**
 * The inverted index under tool search: BM25 per field, scored the way minisearch scores it
 * (unique-token field lengths, its BM25+ formula, prefix weight decaying with the extra
 * letters), but with every (term, field, document) score computed once at build time and
 * the per-query work done in flat arrays. A query over a thousand tools then touches only the
 * postings of its terms, instead of allocating a result object per term and field.
 */

/** A document: its id is its position; each field is already split into tokens. */
export type FieldTokens = readonly (readonly string[])[];

/** BM25 saturation (k), length normalisation (b) and the floor for a matching term (d). */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** One query term as the index needs it. */
export interface IndexQueryTerm {
  term: string;
  /** Multiplies every score of this term. */
  boost: number;
  /** Also match longer indexed terms that start with this one. */
  prefix: boolean;
}

/** Per document that matched: its summed score, the query terms it matched and where. */
export interface IndexResult {
  id: number;
  /** The BM25 sum over matched (term, field) pairs, each times its boosts. */
  score: number;
  /** The query terms that matched (each once), in query order. */
  queryTerms: string[];
  /** Indexed term → the fields it was found in. */
  match: Record<string, string[]>;
}

interface Posting {
  /** Document ids, field ids and precomputed field-boosted BM25 scores, side by side. */
  docs: Int32Array;
  fields: Uint8Array;
  scores: Float64Array;
}

export class FieldIndex {
  private readonly postings = new Map<string, Posting>();
  /** Every indexed term, sorted, for prefix lookups. */
  private readonly sorted: string[];
  readonly size: number;

  /**
   * `process` maps a token to its index term (or null to skip it); `boosts` weigh the
   * fields in the order of `fields`.
   */
  constructor(
    readonly fields: readonly string[],
    documents: readonly FieldTokens[],
    process: (token: string) => string | null,
    boosts: readonly number[],
    bm25: Bm25Params,
  ) {
    this.size = documents.length;
    const nf = fields.length;
    const lengths = new Float64Array(documents.length * nf);
    const totals = new Float64Array(nf);
    // term → flat [doc, field, freq, doc, field, freq, …]
    const raw = new Map<string, number[]>();
    documents.forEach((doc, d) => {
      for (let f = 0; f < nf; f++) {
        const tokens = doc[f] ?? [];
        const length = new Set(tokens).size;
        lengths[d * nf + f] = length;
        totals[f]! += length;
        const freqs = new Map<string, number>();
        for (const token of tokens) {
          const term = process(token);
          if (term) freqs.set(term, (freqs.get(term) ?? 0) + 1);
        }
        for (const [term, freq] of freqs) {
          let list = raw.get(term);
          if (!list) raw.set(term, (list = []));
          list.push(d, f, freq);
        }
      }
    });
    const n = Math.max(1, documents.length);
    const avg = [...totals].map((t) => t / n);
    const { k, b, d: floor } = bm25;
    for (const [term, list] of raw) {
      const count = list.length / 3;
      const matching = new Int32Array(nf);
      for (let i = 0; i < list.length; i += 3) matching[list[i + 1]!]!++;
      const posting: Posting = {
        docs: new Int32Array(count),
        fields: new Uint8Array(count),
        scores: new Float64Array(count),
      };
      for (let i = 0, j = 0; i < list.length; i += 3, j++) {
        const [doc, f, tf] = [list[i]!, list[i + 1]!, list[i + 2]!];
        const idf = Math.log(1 + (documents.length - matching[f]! + 0.5) / (matching[f]! + 0.5));
        const norm = tf + k * (1 - b + (b * lengths[doc * nf + f]!) / (avg[f]! || 1));
        posting.docs[j] = doc;
        posting.fields[j] = f;
        posting.scores[j] = boosts[f]! * idf * (floor + (tf * (k + 1)) / norm);
      }
      this.postings.set(term, posting);
    }
    this.sorted = [...raw.keys()].sort();
  }

  /** Whether any document holds this term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Every indexed term. */
  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /**
   * The documents matching any term, best raw score first. A prefix match counts
   * `prefixWeight × long / (long + 0.3 × extra letters)` of an exact one.
   */
  search(
    query: readonly IndexQueryTerm[],
    prefixWeight: number,
    allow?: (id: number) => boolean,
  ): IndexResult[] {
    const byDoc = new Map<number, IndexResult>();
    const add = (source: string, term: string, weight: number, posting: Posting) => {
      for (let j = 0; j < posting.docs.length; j++) {
        const id = posting.docs[j]!;
        const field = this.fields[posting.fields[j]!]!;
        const score = weight * posting.scores[j]!;
        let result = byDoc.get(id);
        if (!result) byDoc.set(id, (result = { id, score: 0, queryTerms: [], match: {} }));
        result.score += score;
        if (!result.queryTerms.includes(source)) result.queryTerms.push(source);
        (result.match[term] ??= []).push(field);
      }
    };
    for (const { term, boost, prefix } of query) {
      const exact = this.postings.get(term);
      if (exact) add(term, term, boost, exact);
      if (!prefix) continue;
      for (let i = lowerBound(this.sorted, term); i < this.sorted.length; i++) {
        const longer = this.sorted[i]!;
        if (!longer.startsWith(term)) break;
        if (longer.length === term.length) continue;
        const weight =
          (prefixWeight * longer.length) / (longer.length + 0.3 * (longer.length - term.length));
        add(term, longer, boost * weight, this.postings.get(longer)!);
      }
    }
    const results: IndexResult[] = [];
    for (const result of byDoc.values()) if (!allow || allow(result.id)) results.push(result);
    results.sort((a, b) => b.score * b.queryTerms.length - a.score * a.queryTerms.length);
    return results;
  }
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
