import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tightenDataDir } from './tighten-modes.js';

const posix = process.platform !== 'win32';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-modes-'));
  dirs.push(dir);
  return dir;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.runIf(posix)('tightenDataDir', () => {
  it('takes group and other access from the gateway’s files and folders, one line each', () => {
    const dir = dataDir();
    const files = [
      'config.json',
      'config.last-good.json',
      'config.corrupt-2026.json',
      'admin-key.txt',
      'control-token',
      'pins.json',
      'catalog-cache.json',
    ];
    for (const name of files) writeFileSync(join(dir, name), '{}', { mode: 0o666 });
    mkdirSync(join(dir, 'audit'), { mode: 0o755 });
    writeFileSync(join(dir, 'audit', 'audit.jsonl'), '', { mode: 0o644 });
    mkdirSync(join(dir, 'logs'), { mode: 0o777 });
    writeFileSync(join(dir, 'logs', 'switchboard.log'), '', { mode: 0o640 });
    for (const name of files) chmodSync(join(dir, name), 0o666);
    chmodSync(join(dir, 'logs'), 0o777);
    chmodSync(dir, 0o755);

    const lines = tightenDataDir(dir);

    expect(modeOf(dir)).toBe(0o700);
    for (const name of files) expect(modeOf(join(dir, name)), name).toBe(0o600);
    expect(modeOf(join(dir, 'audit'))).toBe(0o700);
    expect(modeOf(join(dir, 'audit', 'audit.jsonl'))).toBe(0o600);
    expect(modeOf(join(dir, 'logs'))).toBe(0o700);
    expect(modeOf(join(dir, 'logs', 'switchboard.log'))).toBe(0o600);
    expect(lines).toHaveLength(files.length + 5);
    expect(lines).toContain(`tightened ${join(dir, 'config.json')} from 0666 to 0600`);
    expect(tightenDataDir(dir)).toEqual([]);
  });

  it('leaves files a server wrote, private files and symbolic links alone', () => {
    const dir = dataDir();
    chmodSync(dir, 0o700);
    writeFileSync(join(dir, 'memory.json'), '', { mode: 0o644 });
    chmodSync(join(dir, 'memory.json'), 0o644);
    writeFileSync(join(dir, 'pins.json'), '', { mode: 0o600 });
    const outside = join(dataDir(), 'target');
    writeFileSync(outside, '', { mode: 0o644 });
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dir, 'config.json'));

    expect(tightenDataDir(dir)).toEqual([]);
    expect(modeOf(join(dir, 'memory.json'))).toBe(0o644);
    expect(modeOf(outside)).toBe(0o644);
  });

  it('does nothing for a data directory that does not exist yet', () => {
    expect(tightenDataDir(join(dataDir(), 'missing'))).toEqual([]);
  });
});
