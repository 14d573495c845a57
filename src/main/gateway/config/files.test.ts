import { mkdtemp, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile } from 'node:fs/promises';
import {
  BackgroundFile,
  ensurePrivateDir,
  readTextIfExists,
  writeFileAtomic,
  writeFileAtomicAsync,
} from './files.js';

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

describe('writeFileAtomicAsync', () => {
  it('writes 0600 and leaves no temp file; a missing folder rejects and leaves nothing', async () => {
    const target = path.join(dir, 'state.json');
    await writeFileAtomicAsync(target, '{"a":1}');
    expect(await readFile(target, 'utf8')).toBe('{"a":1}');
    expect(await modeOf(target)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
    await expect(writeFileAtomicAsync(path.join(dir, 'no', 'x.json'), 'x')).rejects.toThrow();
  });
});

describe('BackgroundFile', () => {
  it('folds changes made during a write into one later write, in order, and flush waits', async () => {
    const target = path.join(dir, 'state.json');
    let state = 0;
    let renders = 0;
    const file = new BackgroundFile(
      target,
      () => {
        renders += 1;
        return JSON.stringify({ state });
      },
      (error) => {
        throw error;
      },
    );
    for (state = 1; state <= 5; state += 1) file.schedule(); // one turn: one write
    state = 5;
    await file.flush();
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ state: 5 });
    expect(renders).toBe(1);

    file.schedule();
    await new Promise((resolve) => setImmediate(resolve)); // the write has started
    state = 6;
    file.schedule(); // folded into a second write that renders the newer state
    state = 7;
    file.schedule();
    await file.flush();
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ state: 7 });
    expect(renders).toBe(3);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('with a delay, changes spread over a burst share one write', async () => {
    let renders = 0;
    const file = new BackgroundFile(
      path.join(dir, 'burst.json'),
      () => String((renders += 1)),
      (error) => {
        throw error;
      },
      80,
    );
    // Fake timers move the clock 10 ms between changes, so the burst stays inside the 80 ms
    // delay however loaded the machine is; the write itself goes to the real disk.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      for (let i = 0; i < 4; i += 1) {
        file.schedule();
        vi.advanceTimersByTime(10);
      }
      expect(renders).toBe(0);
      await file.flush();
    } finally {
      vi.useRealTimers();
    }
    expect(renders).toBe(1);
  });

  it('flush writes at once instead of waiting out the delay (stopping is not held up)', async () => {
    const target = path.join(dir, 'slow.json');
    const file = new BackgroundFile(
      target,
      () => 'now',
      (error) => {
        throw error;
      },
      3_600_000,
    );
    file.schedule();
    await file.flush(); // would take an hour without the hurry
    expect(await readFile(target, 'utf8')).toBe('now');
  });

  it('reports a failed write and writes again at the next change', async () => {
    const sub = path.join(dir, 'later');
    const errors: unknown[] = [];
    const file = new BackgroundFile(
      path.join(sub, 'x.json'),
      () => 'x',
      (e) => errors.push(e),
    );
    file.schedule();
    await file.flush();
    expect(errors).toHaveLength(1);
    ensurePrivateDir(sub);
    file.schedule();
    await file.flush();
    expect(await readFile(path.join(sub, 'x.json'), 'utf8')).toBe('x');
    expect(errors).toHaveLength(1);
  });
});
