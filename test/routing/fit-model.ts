/**
 * Fits the scoring model's weights (`search-model.ts`) on the tuning split of queries.json only
 * (never the held-out split, never the unseen set): a listwise logistic loss (the softmax of
 * each task's candidates should put its weight on an expected tool), with an L2 pull towards
 * the hand-set weights, by gradient descent. The pull's strength is chosen by 5-fold
 * cross-validation inside the tuning split, and the cross-validated figures are printed next
 * to those of the hand-set weights so a gain that only memorises the split shows as none.
 *
 *   node --import tsx test/routing/fit-model.ts     prints the CV table and the fitted weights
 */
import { catalogOf, loadRoutingData } from './eval.js';
import { ToolIndex } from '../../src/main/gateway/catalog/search.js';
import {
  FEATURES,
  FEATURE_WEIGHTS,
  weightVector,
  logScore,
} from '../../src/main/gateway/catalog/search-model.js';

interface Task {
  features: Float64Array[];
  positive: boolean[];
}

const FOLDS = 5;
const STEPS = 600;
const RATE = 0.05;
const PULLS = [0, 0.001, 0.003, 0.01, 0.03];
const method = process.argv.includes('--softmax') ? fit : ascend;

const data = await loadRoutingData();
const tuning = data.queries.filter((q) => !data.heldOut.has(q.id));
const index = new ToolIndex(catalogOf(data.servers));
const tasks: Task[] = tuning.map((q) => {
  const { hits } = index.candidates(q.query);
  return {
    features: hits.map((h) => h.features),
    positive: hits.map((h) => q.expected.includes(h.tool.name)),
  };
});
const start = weightVector(FEATURE_WEIGHTS);

/** Gradient descent on the mean softmax loss plus `pull` × |w − start|². */
function fit(train: Task[], pull: number): Float64Array {
  const w = Float64Array.from(start);
  const usable = train.filter((t) => t.positive.some(Boolean));
  for (let step = 0; step < STEPS; step++) {
    const grad = new Float64Array(w.length);
    for (const task of usable) {
      const scores = task.features.map((f) => logScore(w, f));
      const top = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - top));
      const all = exp.reduce((a, b) => a + b, 0);
      const pos = exp.reduce((a, e, i) => a + (task.positive[i] ? e : 0), 0);
      // d(−log pos/all)/dw = Σ p_all·f − Σ p_pos·f
      for (let i = 0; i < exp.length; i++) {
        const coeff = exp[i]! / all - (task.positive[i] ? exp[i]! / pos : 0);
        const f = task.features[i]!;
        for (let j = 0; j < w.length; j++) grad[j]! += (coeff * f[j]!) / usable.length;
      }
    }
    for (let j = 0; j < w.length; j++) w[j]! -= RATE * (grad[j]! + 2 * pull * (w[j]! - start[j]!));
  }
  return w;
}

/**
 * Coordinate ascent on recall@1 + MRR itself (the softmax loss is only a stand-in for them):
 * one weight at a time by ± steps, keeping a step that raises the objective by more than
 * `pull` × its distance from the hand-set weight.
 */
function ascend(train: Task[], pull: number): Float64Array {
  let w = Float64Array.from(start);
  const value = (v: Float64Array) => {
    const [r1, , mrr] = measure(v, train);
    let dist = 0;
    for (let j = 0; j < v.length; j++) dist += Math.abs(v[j]! - start[j]!);
    return r1 + mrr - pull * dist;
  };
  let best = value(w);
  for (let sweep = 0; sweep < 6; sweep++) {
    let moved = false;
    for (let j = 0; j < w.length; j++) {
      for (const step of [-0.4, -0.2, -0.1, 0.1, 0.2, 0.4]) {
        const next = Float64Array.from(w);
        next[j]! += step;
        const v = value(next);
        if (v > best + 1e-9) [best, w, moved] = [v, next, true];
      }
    }
    if (!moved) break;
  }
  return w;
}

/** recall@1, recall@5 and MRR of weights `w` on `set`. */
function measure(w: Float64Array, set: Task[]): [number, number, number] {
  let [at1, at5, rr] = [0, 0, 0];
  for (const task of set) {
    const order = task.features
      .map((f, i) => [logScore(w, f), i] as const)
      .sort((a, b) => b[0] - a[0]);
    const rank = order.findIndex(([, i]) => task.positive[i]) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 5) at5++;
    if (rank >= 1) rr += 1 / rank;
  }
  const n = Math.max(1, set.length);
  return [at1 / n, at5 / n, rr / n];
}

const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join('  ');
const folds = tasks.map((_, i) => i % FOLDS);
function crossValidated(pull: number | undefined): number[] {
  const sums = [0, 0, 0];
  for (let k = 0; k < FOLDS; k++) {
    const train = tasks.filter((_, i) => folds[i] !== k);
    const test = tasks.filter((_, i) => folds[i] === k);
    const w = pull === undefined ? start : method(train, pull);
    measure(w, test).forEach((x, i) => (sums[i]! += (x * test.length) / tasks.length));
  }
  return sums;
}

console.log(`tuning split: ${tasks.length} tasks, ${FOLDS}-fold CV   r@1    r@5    MRR`);
console.log(`hand-set weights                     ${fmt(crossValidated(undefined))}`);
let best = { pull: PULLS[0]!, r1: -1, mrr: -1 };
for (const pull of PULLS) {
  const [r1 = 0, r5 = 0, mrr = 0] = crossValidated(pull);
  console.log(`fitted, pull ${String(pull).padEnd(6)}                 ${fmt([r1, r5, mrr])}`);
  if (r1 + mrr > best.r1 + best.mrr) best = { pull, r1, mrr };
}
const w = method(tasks, best.pull);
console.log(`\npull ${best.pull}; on the whole tuning split: ${fmt(measure(w, tasks))}`);
console.log(
  JSON.stringify(Object.fromEntries(FEATURES.map((name, i) => [name, +w[i]!.toPrecision(3)]))),
);
