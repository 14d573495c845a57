import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createWordVectorSource,
  decodeWordVectors,
  encodeWordVectors,
  readWordVectors,
  type WordVectors,
} from './word-vectors.js';

const SHIPPED = fileURLToPath(new URL('../../../../resources/word-vectors.bin', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'switchboard-vectors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cosine(vectors: WordVectors, a: string, b: string): number {
  const x = new Float32Array(vectors.dims);
  const y = new Float32Array(vectors.dims);
  expect(vectors.addTo(a, 1, x), a).toBe(true);
  expect(vectors.addTo(b, 1, y), b).toBe(true);
  return x.reduce((sum, v, d) => sum + v * y[d]!, 0);
}

/** A logger that keeps its warnings. */
function warnings(): { warn: (...args: unknown[]) => void; lines: unknown[][] } {
  const lines: unknown[][] = [];
  return { warn: (...args) => void lines.push(args), lines };
}

describe('the shipped word vectors', () => {
  const vectors = readWordVectors(SHIPPED);

  it('hold the most frequent plain words, 50 principal components each', () => {
    expect(vectors.dims).toBe(50);
    expect(vectors.size).toBeGreaterThanOrEqual(20_000);
    expect(vectors.rank('the')).toBe(0);
    for (const word of ['folder', 'directory', 'email', 'delete', 'calendar', 'weather']) {
      expect(vectors.rank(word), word).toBeDefined();
    }
    expect(vectors.rank('Folder')).toBeUndefined();
  });

  it('put related words closer than unrelated ones', () => {
    expect(cosine(vectors, 'folder', 'directory')).toBeGreaterThan(
      cosine(vectors, 'folder', 'weather'),
    );
    expect(cosine(vectors, 'email', 'mail')).toBeGreaterThan(cosine(vectors, 'email', 'river'));
    expect(cosine(vectors, 'music', 'song')).toBeGreaterThan(cosine(vectors, 'music', 'bank'));
    expect(cosine(vectors, 'folder', 'folder')).toBeCloseTo(1, 5);
  });
});

describe('the word-vector file', () => {
  const words = ['alpha', 'beta', 'gamma'];
  const raw = [
    [1, 0, 0, 2],
    [0.5, -0.5, 0, 0],
    [-3, 1, 0.25, 0],
  ];

  it('keeps each vector’s direction and order through int8 and back', () => {
    const vectors = decodeWordVectors(encodeWordVectors(words, raw, 4));
    expect([vectors.dims, vectors.size]).toEqual([4, 3]);
    expect(words.map((w) => vectors.rank(w))).toEqual([0, 1, 2]);
    const out = new Float32Array(4);
    expect(vectors.addTo('gamma', 2, out)).toBe(true);
    const length = Math.hypot(...raw[2]!);
    raw[2]!.forEach((v, d) => expect(out[d]).toBeCloseTo((2 * v) / length, 1));
    expect(vectors.norm('gamma')).toBeCloseTo(length, 1);
    expect(vectors.addTo('delta', 1, out)).toBe(false);
  });

  it('refuses a file of another kind, version or length', () => {
    const good = encodeWordVectors(words, raw, 4);
    expect(() => decodeWordVectors(good.subarray(0, good.length - 1))).toThrow(/length/);
    const magic = Buffer.from(good);
    magic.write('XXXX', 0, 'latin1');
    expect(() => decodeWordVectors(magic)).toThrow(/not a word-vector file/);
    const version = Buffer.from(good);
    version.writeUInt16LE(9, 4);
    expect(() => decodeWordVectors(version)).toThrow(/format 9/);
    expect(() => decodeWordVectors(new Uint8Array(3))).toThrow(/not a word-vector file/);
  });
});

describe('the word-vector source', () => {
  it('reads the file once, at the first call', () => {
    const file = join(dir, 'good.bin');
    writeFileSync(file, encodeWordVectors(['alpha'], [[1, 2]], 2));
    const log = warnings();
    const source = createWordVectorSource(file, log);
    rmSync(file);
    // Nothing was read yet, so the file is missed now.
    expect(source()).toBeUndefined();
    expect(log.lines).toHaveLength(1);
  });

  it('warns once and gives no vectors when the file is missing or corrupt', () => {
    const corrupt = join(dir, 'corrupt.bin');
    writeFileSync(corrupt, readFileSync(SHIPPED).subarray(0, 1000));
    for (const file of [join(dir, 'missing.bin'), corrupt, undefined]) {
      const log = warnings();
      const source = createWordVectorSource(file, log);
      expect([source(), source(), source()]).toEqual([undefined, undefined, undefined]);
      expect(log.lines).toHaveLength(1);
      expect(String(log.lines[0]![1])).toMatch(/words only.*npm run word-vectors/);
    }
  });

  it('gives the same vectors to every caller', () => {
    const log = warnings();
    const source = createWordVectorSource(SHIPPED, log);
    expect(source()).toBe(source());
    expect(source()?.rank('folder')).toBeDefined();
    expect(log.lines).toEqual([]);
  });
});
