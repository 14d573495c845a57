/**
 * Whole-text embeddings by the full Universal Sentence Encoder lite (`scripts/sentence-encoder.ts`)
 * for experiments only: what the teacher of the static word vectors says when it reads a tool's
 * text and a task as sentences. It runs at experiment time (tfjs on WebAssembly, never per query
 * in the app); embeddings are cached in .word-vectors/ by a digest of the texts.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../../src/main/gateway/catalog/catalog.js';
import { splitWords } from '../../src/main/gateway/catalog/search-text.js';
import { embedCached } from '../../scripts/sentence-encoder.js';

const WORK = fileURLToPath(new URL('../../.word-vectors', import.meta.url));
/** Texts the encoder embeds at once (a batch pads to its longest text). */
const BATCH = 64;

/**
 * How a tool's text is put to the encoder (`SENTENCE_TOOL_TEXT`): `whole`, its name's words,
 * title and description as one text; `first`, the same up to the description's first full stop;
 * `max`, each of those sentences alone, the tool's cosine the highest of theirs.
 */
export type ToolText = 'whole' | 'first' | 'max';

/** A tool's texts for the encoder (one, or one per sentence for `max`). */
export function toolSentences(tool: ReturnType<Catalog['tools']>[number], how: ToolText): string[] {
  const o = tool.original;
  const name = splitWords(o.name).join(' ');
  const title = o.title ?? o.annotations?.title ?? '';
  const clean = (text: string) => text.replace(/\s+/g, ' ').trim();
  const description = clean(`${title} ${o.description ?? ''}`);
  const sentences = description.split(/(?<=[.!?])\s+(?=[A-Z])/).filter((s) => s.length > 0);
  if (how === 'whole') return [clean(`${name}. ${description}`)];
  if (how === 'first') return [clean(`${name}. ${sentences[0] ?? ''}`)];
  return [clean(`${name}. ${sentences[0] ?? ''}`), ...sentences.slice(1)];
}

/** Each text's unit embedding (512 dims), in order; cached by the texts' digest. */
export async function embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
  const digest = createHash('sha256').update(texts.join('\n\0')).digest('hex').slice(0, 16);
  const cache = join(WORK, `sentences-${texts.length}-${digest}.f32`);
  return (await embedCached(WORK, cache, texts, BATCH)).map(unit);
}

/** `v` scaled to length 1 (in place). */
export function unit(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let d = 0; d < v.length; d++) v[d]! *= inv;
  return v;
}

/**
 * Per task, the cosine of its sentence embedding with every tool's, by the catalog's tool
 * order. With `centre`, the tools' mean direction is taken from tool and task vectors first
 * (as the shipped word-vector cosine does).
 */
export async function sentenceCosines(
  catalog: Catalog,
  tasks: readonly string[],
  centre: boolean,
  how: ToolText = 'whole',
): Promise<Float32Array[]> {
  const texts = catalog.tools().map((tool) => toolSentences(tool, how));
  const owner = texts.flatMap((list, id) => list.map(() => id));
  const toolVectors = await embedTexts(texts.flat());
  const taskVectors = await embedTexts(tasks);
  // Per task, each tool's highest cosine over its texts.
  return cosinesOf(toolVectors, taskVectors, centre).map((row) => {
    const out = new Float32Array(texts.length).fill(-Infinity);
    for (const [at, id] of owner.entries()) out[id] = Math.max(out[id]!, row[at]!);
    return out;
  });
}

/** Cosines of every task vector with every tool vector (see `sentenceCosines`). */
export function cosinesOf(
  toolVectors: readonly Float32Array[],
  taskVectors: readonly Float32Array[],
  centre: boolean,
): Float32Array[] {
  const dims = toolVectors[0]!.length;
  const common = new Float32Array(dims);
  if (centre) {
    for (const v of toolVectors)
      for (let d = 0; d < dims; d++) common[d]! += v[d]! / toolVectors.length;
  }
  const prepare = (v: Float32Array) => unit(Float32Array.from(v, (x, d) => x - common[d]!));
  const tools = toolVectors.map(prepare);
  return taskVectors.map((task) => {
    const q = prepare(task);
    return Float32Array.from(tools, (t) => {
      let sum = 0;
      for (let d = 0; d < dims; d++) sum += t[d]! * q[d]!;
      return sum;
    });
  });
}
