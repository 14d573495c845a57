import { execFile } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  codeCacheDir,
  enableCodeCache,
  STALE_AFTER_MS,
  type CodeCacheState,
} from './code-cache.js';

// The code cache runs where it matters, in a fresh Node per run: the first run compiles and
// writes, the next one starts from V8's cached data. Each run prints what the cache did.

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const tsx = pathToFileURL(createRequire(join(repo, 'package.json')).resolve('tsx')).href;
const run = promisify(execFile);

let base: string;
let root: string;
let dir: string;
let runner: string;

/** A module with a large function, so that calling it compiles noticeably more code. */
function writeLib(answer: number): void {
  const body = Array.from({ length: 400 }, (_, i) => `  total += (x * ${i}) % 7;`).join('\n');
  writeFileSync(
    join(root, 'lib.cjs'),
    `exports.answer = ${answer};\nexports.big = function (x) {\n  let total = 0;\n${body}\n  return total;\n};\n`,
  );
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'sb-code-cache-'));
  root = join(base, 'out');
  dir = join(base, 'cache');
  mkdirSync(root);
  writeLib(42);
  writeFileSync(join(base, 'outside.cjs'), 'exports.outside = true;\n');
  runner = join(base, 'runner.mts');
  writeFileSync(
    runner,
    [
      `import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';`,
      `import { join } from 'node:path';`,
      `import { enableCodeCache } from ${JSON.stringify(pathToFileURL(join(here, 'code-cache.ts')).href)};`,
      `const [root, dir, mode] = process.argv.slice(2);`,
      `const state = enableCodeCache(root, { dir, writeAfterMs: 50 });`,
      `const require = createRequire(import.meta.url);`,
      `const lib = require(join(root, 'lib.cjs'));`,
      `const outside = require(join(root, '..', 'outside.cjs')).outside;`,
      `const big = mode === 'warm' ? lib.big(3) : undefined;`,
      `process.on('exit', () => process.stdout.write(JSON.stringify({ ...state, answer: lib.answer, text: lib.text, outside, big })));`,
      `if (mode === 'warm') setTimeout(() => {}, 400);`,
    ].join('\n'),
  );
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

type Report = CodeCacheState & { answer: number; text?: string; outside: boolean; big?: number };

async function runOnce(mode: 'cold' | 'warm' = 'cold', env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await run(process.execPath, ['--import', tsx, runner, root, dir, mode], {
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout) as Report;
}

const lib = () => join(root, 'lib.cjs');
const cacheFiles = () => readdirSync(dir).filter((name) => name.endsWith('.v8'));

/** Node ≥ 22.1 has its own compile cache, which the module uses instead of vm.Script. */
const vmMode = !('enableCompileCache' in nodeModule);

describe.runIf(vmMode)('the code cache (Node 20: vm.Script with cached data)', () => {
  it('writes the cache on the first run and compiles from it on the next', async () => {
    const first = await runOnce();
    expect(first.mode).toBe('vm');
    expect(first.answer).toBe(42);
    expect(first.misses).toEqual([lib()]);
    expect(first.written).toHaveLength(1);
    expect(cacheFiles()).toHaveLength(1);

    const second = await runOnce();
    expect(second.answer).toBe(42);
    expect(second.hits).toEqual([lib()]);
    expect(second.misses).toEqual([]);
    // A hit that exits before it warms up writes nothing.
    expect(second.written).toEqual([]);
  }, 30_000);

  it('reads a file that is not ASCII as UTF-8, from source and from the cache', async () => {
    // The build writes ASCII only, read as Latin-1; any other file must keep its characters.
    writeFileSync(lib(), 'exports.answer = 7;\nexports.text = "grüße ✓";\n');
    const first = await runOnce();
    expect([first.text, first.misses]).toEqual(['grüße ✓', [lib()]]);
    const second = await runOnce();
    expect([second.text, second.hits]).toEqual(['grüße ✓', [lib()]]);
  });

  it('leaves files outside the root to Node, and keeps the folder and files private', async () => {
    const report = await runOnce();
    expect(report.outside).toBe(true);
    expect([...report.hits, ...report.misses]).toEqual([lib()]);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, cacheFiles()[0]!)).mode & 0o777).toBe(0o600);
    }
  }, 30_000);

  it('never runs stale code: a rebuilt file of the same length gets its own cache', async () => {
    await runOnce();
    // Same length as 42, and the same mtime (as an npm tarball gives every file): only the
    // content differs, which V8 does not check.
    const { mtime } = statSync(lib());
    writeLib(43);
    utimesSync(lib(), mtime, mtime);
    const before = cacheFiles();
    const report = await runOnce();
    expect(report.answer).toBe(43);
    expect(report.misses).toEqual([lib()]);
    // The old build's entry is gone: one cache file per file and install.
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()).not.toEqual(before);
  }, 30_000);

  it("a write removes the same install's older entries, and others' only once stale", async () => {
    const otherRoot = join(base, 'other-install');
    mkdirSync(otherRoot);
    writeFileSync(join(otherRoot, 'lib.cjs'), 'exports.answer = 1;\n');
    await run(process.execPath, ['--import', tsx, runner, otherRoot, dir, 'cold']);
    const [otherEntry] = cacheFiles();
    await runOnce();
    expect(cacheFiles()).toHaveLength(2);

    const rebuild = async (answer: number, minutesLater: number) => {
      writeLib(answer);
      const later = new Date(Date.now() + minutesLater * 60_000);
      utimesSync(lib(), later, later);
      expect((await runOnce()).answer).toBe(answer);
    };
    await rebuild(44, 1);
    expect(cacheFiles()).toHaveLength(2);
    expect(cacheFiles()).toContain(otherEntry);

    // Not written for longer than STALE_AFTER_MS: an install that is gone.
    const old = new Date(Date.now() - STALE_AFTER_MS - 60_000);
    utimesSync(join(dir, otherEntry!), old, old);
    await rebuild(45, 2);
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()).not.toContain(otherEntry);
  }, 30_000);

  it('ignores a corrupt cache file (V8 rejects it), runs correctly and writes it again', async () => {
    await runOnce();
    const file = join(dir, cacheFiles()[0]!);
    const size = readFileSync(file).length;
    writeFileSync(file, Buffer.alloc(size, 7));
    const report = await runOnce();
    expect(report.answer).toBe(42);
    expect(report.misses).toEqual([lib()]);
    expect(report.written).toEqual([file]);
    expect((await runOnce()).hits).toEqual([lib()]);
  }, 30_000);

  it('a warm run that compiled more than the cache holds writes it again', async () => {
    await runOnce('cold');
    const file = join(dir, cacheFiles()[0]!);
    const before = readFileSync(file).length;
    const warm = await runOnce('warm');
    expect(warm.hits).toEqual([lib()]);
    expect(warm.big).toBe(warmTotal(3));
    expect(warm.written).toEqual([file]);
    expect(readFileSync(file).length).toBeGreaterThan(before);
  }, 30_000);

  it('is off when asked, and when the folder is writable by others', async () => {
    const off = await runOnce('cold', { SWITCHBOARD_CODE_CACHE: 'off' });
    expect(off.mode).toBe('off');
    expect(off.answer).toBe(42);
    expect(off.reason).toMatch(/SWITCHBOARD_CODE_CACHE=off/);
    if (process.platform !== 'win32') {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777);
      const open = await runOnce();
      expect(open.mode).toBe('off');
      expect(open.reason).toMatch(/writable by others/);
      expect(open.answer).toBe(42);
      expect(readdirSync(dir)).toEqual([]);
    }
  }, 30_000);
});

describe.runIf(vmMode)('the code cache in this process', () => {
  it('compiles a cached file from the cache and a new one from source, then writes the new one', async () => {
    await runOnce(); // a child run caches lib.cjs
    const fresh = join(root, 'fresh.cjs');
    writeFileSync(fresh, 'exports.fresh = "yes";\n');
    const state = enableCodeCache(root, { dir, writeAfterMs: 20 });
    const load = createRequire(import.meta.url);
    expect(load(lib()).answer).toBe(42);
    expect(load(fresh).fresh).toBe('yes');
    expect(load(join(base, 'outside.cjs')).outside).toBe(true);
    expect(state).toMatchObject({ mode: 'vm', hits: [lib()], misses: [fresh] });
    // The warm write: the new file's cache; the hit compiled nothing new, so it stays.
    await vi.waitFor(() => expect(state.written).toHaveLength(1), { timeout: 10_000 });
    expect(state.written[0]).toContain('fresh.cjs.');
    expect(cacheFiles()).toHaveLength(2);
  });
});

/** What lib.big(x) returns, computed here. */
function warmTotal(x: number): number {
  let total = 0;
  for (let i = 0; i < 400; i++) total += (x * i) % 7;
  return total;
}

describe('codeCacheDir', () => {
  it('is the per-user cache folder of each platform, or the one asked for', () => {
    expect(codeCacheDir({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/switchboard/v8');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/ada')).toBe('/x/switchboard/v8');
    expect(codeCacheDir({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Caches/Switchboard/v8',
    );
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\Users\\ada')).toBe(
      'C:\\L\\Switchboard\\Cache\\v8',
    );
    expect(codeCacheDir({ SWITCHBOARD_CODE_CACHE_DIR: '/c' }, 'linux', '/h')).toBe('/c');
  });

  it('reports why it is off without touching the loader when the folder cannot be made', () => {
    const blocked = join(mkdtempSync(join(tmpdir(), 'sb-code-cache-')), 'file');
    writeFileSync(blocked, '');
    const state = enableCodeCache(blocked, { dir: join(blocked, 'v8') });
    expect(state.mode).toBe('off');
    expect(state.reason).toContain(blocked);
    rmSync(dirname(blocked), { recursive: true, force: true });
  });
});
