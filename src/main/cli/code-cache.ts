import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import * as nodeModule from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, posix, sep, win32 } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';

/**
 * The V8 code cache for the built main-process code (start-up time). Every `switchboard`
 * command compiles the 2.7 MB bundle before it can do anything, and `serve` does it before it
 * can spawn a server: about 60 ms of one core on the bench machine, while the other core idles.
 * With the code that ran last time kept as V8 cached data, that compile is skipped.
 *
 * - Node ≥ 22.1 has this built in (`module.enableCompileCache`); it is used when present.
 * - Node 20 has no switch for it. There the `.cjs` files under `root` (the build's out/main)
 *   are compiled by `vm.Script` with the cached data of their last run, and after the run has
 *   warmed up (or at exit) the cache is written, so it also holds the functions compiled lazily
 *   while serving: the handshake, the review, the agent's first list.
 *
 * Cached data is code: it lives in a folder only this user can write (0700, owned by them, no
 * group/other write), else the cache is off. It is keyed by the file's path and content and by
 * V8's version, because V8 itself checks only the source's length. A cache V8 rejects (a
 * different V8, flags, a corrupt file) is ignored and written again. Nothing here can fail a
 * command: any error leaves the file to Node's own loader.
 *
 * `SWITCHBOARD_CODE_CACHE=off` turns it off; `SWITCHBOARD_CODE_CACHE_DIR` moves it.
 *
 * This file imports `node:*` only (test/boundaries.test.ts holds it to that). It is its own build
 * entry and runs before the bundle loads: anything shared, such as files.ts's atomic write or
 * private folder, would pull in the bundle's chunk before the cache is on, so those few lines
 * are written here again on purpose.
 */

/** How long a run warms up before its compiled code is written (also written at exit). */
const WRITE_AFTER_MS = 3_000;

/** A warm run's code replaces a cache it outgrew by this factor. */
const GROWTH = 1.05;

export interface CodeCacheOptions {
  /** Where the cache lives (default: the user's cache folder, see `codeCacheDir`). */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  writeAfterMs?: number;
}

/** What the cache did in this process (for tests and `--debug` output). */
export interface CodeCacheState {
  mode: 'off' | 'native' | 'vm';
  /** Why it is off, when it is. */
  reason?: string;
  dir?: string;
  /** Files compiled from cached data V8 accepted. */
  hits: string[];
  /** Files compiled without (no cache yet, or V8 rejected it). */
  misses: string[];
  /** Cache files written. */
  written: string[];
}

/** The per-user cache folder: $XDG_CACHE_HOME, ~/Library/Caches or %LOCALAPPDATA%. */
export function codeCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.SWITCHBOARD_CODE_CACHE_DIR) return env.SWITCHBOARD_CODE_CACHE_DIR;
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local');
    return win32.join(base, 'Switchboard', 'Cache', 'v8');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'Switchboard', 'v8');
  return posix.join(env.XDG_CACHE_HOME || posix.join(home, '.cache'), 'switchboard', 'v8');
}

/**
 * A folder only this user can write, created 0700 if missing; undefined (and why) otherwise.
 * On Windows the folder under %LOCALAPPDATA% is private by its ACL; modes are not checked.
 */
function privateDir(dir: string): { ok: true } | { ok: false; reason: string } {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform === 'win32') return { ok: true };
    const stat = statSync(dir);
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      return { ok: false, reason: `${dir} belongs to another user` };
    }
    if ((stat.mode & 0o022) !== 0) return { ok: false, reason: `${dir} is writable by others` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `${dir}: ${(error as Error).message}` };
  }
}

type Loader = (module: NodeJS.Module, filename: string) => void;
type Wrapped = (
  exports: unknown,
  require: NodeJS.Require,
  module: NodeJS.Module,
  filename: string,
  dirname: string,
) => void;

/** Node ≥ 22.1's own compile cache, if this Node has it, and its status codes. */
const nativeEnable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown })
  .enableCompileCache;
const nativeStatus = (
  nodeModule as { constants?: { compileCacheStatus?: { FAILED: number; DISABLED: number } } }
).constants?.compileCacheStatus;

/**
 * Turns the code cache on for the `.cjs` files under `root` that are loaded from now on.
 * Call it before requiring the built entry.
 */
export function enableCodeCache(root: string, options: CodeCacheOptions = {}): CodeCacheState {
  const env = options.env ?? process.env;
  const state: CodeCacheState = { mode: 'off', hits: [], misses: [], written: [] };
  if (env.SWITCHBOARD_CODE_CACHE === 'off')
    return { ...state, reason: 'SWITCHBOARD_CODE_CACHE=off' };
  const dir = options.dir ?? codeCacheDir(env);
  const usable = privateDir(dir);
  if (!usable.ok) return { ...state, reason: usable.reason };
  state.dir = dir;
  if (nativeEnable) {
    // Node answers { status, message }; FAILED or DISABLED (NODE_DISABLE_COMPILE_CACHE) is off.
    const result = nativeEnable(dir) as { status?: number; message?: string } | undefined;
    const { FAILED, DISABLED } = nativeStatus ?? {};
    if (result?.status !== undefined && (result.status === FAILED || result.status === DISABLED)) {
      return { ...state, reason: result.message ?? 'Node did not enable its compile cache' };
    }
    state.mode = 'native';
    return state;
  }
  state.mode = 'vm';
  installVmLoader(root, dir, options.writeAfterMs ?? WRITE_AFTER_MS, state);
  return state;
}

function installVmLoader(
  root: string,
  dir: string,
  writeAfterMs: number,
  state: CodeCacheState,
): void {
  // `require.extensions` is the documented (if deprecated) hook every compile cache uses.
  const extensions = nodeModule.createRequire(join(root, 'index.cjs')).extensions as Record<
    string,
    Loader
  >;
  const fallback = extensions['.cjs'] ?? extensions['.js']!;
  // Misses are written at the timer or at exit; hits are written again at the timer only if
  // this run compiled more (a `serve` that connected servers after a one-shot command's run).
  const pending: { script: Script; file: string; known?: number }[] = [];
  const prefix = root.endsWith(sep) ? root : root + sep;
  // Cache files are per install (root); a write drops that scope's other files, which are
  // older builds' (a rebuild changes every key).
  const scope = createHash('sha256').update(root).digest('hex').slice(0, 8);
  const current = new Set<string>();

  extensions['.cjs'] = (module, filename) => {
    if (!filename.startsWith(prefix)) return fallback(module, filename);
    let run: Wrapped;
    try {
      const bytes = readFileSync(filename);
      const source = sourceText(bytes);
      const name = cacheName(filename, bytes, scope);
      current.add(name);
      const file = join(dir, name);
      const cachedData = readIfPresent(file);
      // One line: the wrapper keeps the file's line numbers in stack traces.
      const script = new Script(
        `(function (exports, require, module, __filename, __dirname) { ${source}\n})`,
        {
          filename,
          ...(cachedData ? { cachedData } : {}),
          importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
        },
      );
      if (cachedData && !script.cachedDataRejected) {
        state.hits.push(filename);
        pending.push({ script, file, known: cachedData.length });
      } else {
        state.misses.push(filename);
        pending.push({ script, file });
      }
      run = script.runInThisContext() as Wrapped;
    } catch {
      return fallback(module, filename);
    }
    run.call(
      module.exports,
      module.exports,
      nodeModule.createRequire(filename),
      module,
      filename,
      dirname(filename),
    );
  };

  const write = (warm: boolean) => {
    clearTimeout(timer);
    const before = state.written.length;
    for (const { script, file, known } of pending.splice(0)) {
      if (known !== undefined && !warm) continue;
      const data = script.createCachedData();
      if (known !== undefined && data.length < known * GROWTH) continue;
      if (writeQuietly(file, data)) state.written.push(file);
    }
    if (state.written.length > before) prune(dir, scope, current);
  };
  const atExit = () => write(false);
  const timer = setTimeout(() => write(true), writeAfterMs);
  timer.unref();
  process.on('exit', atExit);
}

/** A cache file not written for this long is dropped at the next write (other installs' too). */
export const STALE_AFTER_MS = 30 * 24 * 3600 * 1000;

/**
 * Removes the scope's cache files this run did not use (older builds of this install), and any
 * cache file not written for STALE_AFTER_MS (installs that are gone; one still in use just
 * compiles once and writes it again).
 */
function prune(dir: string, scope: string, keep: Set<string>): void {
  try {
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.v8') || keep.has(name)) continue;
      const file = join(dir, name);
      if (name.includes(`.${scope}.`) || now - statSync(file).mtimeMs > STALE_AFTER_MS) {
        rmSync(file, { force: true });
      }
    }
  } catch {
    // best effort: a stale entry only costs disk space
  }
}

/**
 * A file's text. The build writes ASCII only (electron.vite.config.ts, `charset`), and ASCII read
 * as Latin-1 is the same string without UTF-8 decoding: the bundle is read at about twice the
 * speed. A file with any other byte is decoded as UTF-8.
 */
function sourceText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * `<file>.<scope>.<key>.v8`, the key covering what V8 does not check: the source itself (V8
 * looks at its length only; an upgrade from an npm tarball keeps every file's mtime) and the
 * V8 build. The bytes are hashed as read, not re-encoded from the text: about 3 ms for the
 * 3.5 MB a `serve` loads.
 */
function cacheName(filename: string, bytes: Buffer, scope: string): string {
  const key = createHash('sha256')
    .update(`${filename}\0${process.versions.v8}\0${process.arch}\0`)
    .update(bytes)
    .digest('hex')
    .slice(0, 16);
  return `${basename(filename)}.${scope}.${key}.v8`;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written aside and renamed, 0600; false on any error (the cache is an optimisation). */
function writeQuietly(file: string, data: Buffer): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}
