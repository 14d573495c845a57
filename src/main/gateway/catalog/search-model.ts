import type { FitKind } from './search-intent.js';

/**
 * The ranker's scoring model: a tool's score is exp(w · f) over a few features of how it
 * matched the task (its BM25 sums, how much of the task and of its own name it covers, its
 * server's fit, the action fit). The weights are fitted on the tuning split of the routing
 * evaluation by `test/routing/fit-model.ts` (pairwise logistic regression, checked by
 * cross-validation), instead of being set by hand; in log space the old product of factors
 * is the same model with weight 1 on the BM25 and coverage terms.
 */

export const FEATURES = [
  /** log of the BM25 sum over every matched term and field. */
  'bm25',
  /** log of the sum of the best weight of each of the task's concepts matched. */
  'coverage',
  /** log(1 + the tool's server's fit to the task, 0..1). */
  'serverFit',
  /** The tool's action is the task's, related to it, other, or contradicts it (one-hot). */
  'match',
  'related',
  'other',
  'contradict',
  /** Its description says it is deprecated. */
  'deprecated',
  /** It takes no arguments, yet some of the task's own words matched nothing of it. */
  'restless',
  /** The share of the tool's own name words the task matched. */
  'nameShare',
  /** The share of the task's concepts the tool matched. */
  'conceptShare',
  /** log(1 + the BM25 share of each field). */
  'nameField',
  'descriptionField',
  'paramsField',
] as const;

export type Feature = (typeof FEATURES)[number];
export type FeatureWeights = Record<Feature, number>;

/** Fitted by `test/routing/fit-model.ts` on the tuning split only. */
export const FEATURE_WEIGHTS: FeatureWeights = {
  bm25: 1,
  coverage: 1,
  serverFit: 1,
  match: Math.log(1.6),
  related: Math.log(1.47),
  other: Math.log(0.32),
  contradict: Math.log(0.15),
  deprecated: Math.log(0.7),
  restless: Math.log(0.45),
  nameShare: 0,
  conceptShare: 0,
  nameField: 0,
  descriptionField: 0,
  paramsField: 0,
};

/** What one candidate's features are computed from. */
export interface FeatureInput {
  bm25: number;
  coverage: number;
  serverFit: number;
  kind: FitKind;
  deprecated: boolean;
  restless: boolean;
  nameShare: number;
  conceptShare: number;
  /** BM25 shares of the name, description and params fields. */
  fields: [number, number, number];
}

/** The feature vector, in the order of `FEATURES`. */
export function featureVector(input: FeatureInput): Float64Array {
  const f = new Float64Array(FEATURES.length);
  f[0] = Math.log(Math.max(1e-9, input.bm25));
  f[1] = Math.log(Math.max(1e-9, input.coverage));
  f[2] = Math.log1p(input.serverFit);
  if (input.kind !== 'neutral') f[3 + KINDS.indexOf(input.kind)] = 1;
  f[7] = input.deprecated ? 1 : 0;
  f[8] = input.restless ? 1 : 0;
  f[9] = input.nameShare;
  f[10] = input.conceptShare;
  f[11] = Math.log1p(input.fields[0]);
  f[12] = Math.log1p(input.fields[1]);
  f[13] = Math.log1p(input.fields[2]);
  return f;
}

const KINDS: FitKind[] = ['match', 'related', 'other', 'contradict'];

/** The weights as a vector in the order of `FEATURES`. */
export function weightVector(weights: FeatureWeights): Float64Array {
  return Float64Array.from(FEATURES, (name) => weights[name]);
}

/** w · f: the log of a candidate's score. */
export function logScore(weights: Float64Array, features: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < features.length; i++) sum += weights[i]! * features[i]!;
  return sum;
}
