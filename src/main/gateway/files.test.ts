import { mkdtemp, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, readTextIfExists, writeFileAtomic } from './files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

describe('ensurePrivateDir', () => {
  it('creates nested folders with mode 0700', async () => {
    const target = path.join(dir, 'a', 'b');
    ensurePrivateDir(target);
    expect(await modeOf(target)).toBe(0o700);
  });

  it('tightens an existing folder to 0700', async () => {
    await chmod(dir, 0o755);
    ensurePrivateDir(dir);
    expect(await modeOf(dir)).toBe(0o700);
  });
});

describe('writeFileAtomic', () => {
  it('writes the data with mode 0600 and leaves no temp file', async () => {
    const file = path.join(dir, 'x.json');
    writeFileAtomic(file, '{"a":1}');
    expect(readTextIfExists(file)).toBe('{"a":1}');
    expect(await modeOf(file)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['x.json']);
  });

  it('replaces an existing, more open file and makes it 0600', async () => {
    const file = path.join(dir, 'x.json');
    await writeFile(file, 'old', { mode: 0o644 });
    writeFileAtomic(file, new TextEncoder().encode('new'));
    expect(readTextIfExists(file)).toBe('new');
    expect(await modeOf(file)).toBe(0o600);
  });

  it('keeps 0600 under a permissive umask', async () => {
    const previous = process.umask(0);
    try {
      const file = path.join(dir, 'open.json');
      writeFileAtomic(file, 'x');
      expect(await modeOf(file)).toBe(0o600);
      writeFileAtomic(path.join(dir, 'other'), 'y', 0o640);
      expect(await modeOf(path.join(dir, 'other'))).toBe(0o640);
    } finally {
      process.umask(previous);
    }
  });

  it('throws and cleans up when the folder does not exist', () => {
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'x'), 'x')).toThrow(/ENOENT/);
  });
});

describe('readTextIfExists', () => {
  it('returns undefined for a missing file and rethrows other errors', () => {
    expect(readTextIfExists(path.join(dir, 'nope'))).toBeUndefined();
    expect(() => readTextIfExists(dir)).toThrow(/EISDIR/);
  });
});
