import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Small file helpers for everything the gateway persists (config, keys, audit, pins).
 * Mostly synchronous on purpose: they run on rare saves, and callers need the file on disk
 * before they answer. `BackgroundFile` is the exception, for state rewritten once per server
 * while servers start (pins, the catalog memory): there a blocking fsync per server would hold
 * up the event loop, and with it every other server's handshake.
 */

/** Creates `dir` (and its parents) if missing and sets it to 0700, so only the owner can list it. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask and ignored for a folder that already exists.
  chmodSync(dir, 0o700);
}

/**
 * Writes `data` to `path` atomically with `mode` (0600 by default, whatever the umask): a temp
 * file in the same folder is written, fsynced and renamed over the target.
 * Readers see either the old or the new content, never a torn file.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    // The open mode is filtered by the umask; chmod makes the result exact.
    chmodSync(temp, mode);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDir(dirname(path));
}

/** `writeFileAtomic` off the event loop (fs/promises): temp file, fsync, rename, fsync of the folder. */
export async function writeFileAtomicAsync(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await chmod(temp, mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (process.platform === 'win32') return;
  const dir = await open(dirname(path), 'r').catch(() => undefined);
  await dir?.sync().catch(() => undefined);
  await dir?.close();
}

/**
 * A file kept in step with some state, written in the background: `schedule()` says the state
 * changed; one write at a time runs (`writeFileAtomicAsync`), and changes made while it runs
 * are folded into the next one, which renders the state as it is then. `flush()` resolves once
 * everything scheduled so far is on disk. Writes never overlap, so the file never goes back to
 * an older state. A failed write is reported and retried at the next change.
 */
export class BackgroundFile {
  private stale = false;
  private running: Promise<void> | undefined;
  /** Ends the wait before a write at once (set while `drain` waits out `delayMs`). */
  private hurry: (() => void) | undefined;

  constructor(
    private readonly path: string,
    private readonly render: () => string,
    private readonly onError: (error: unknown) => void,
    /** How long a change waits for more before the write starts (bursts share one write). */
    private readonly delayMs = 0,
    private readonly mode = 0o600,
  ) {}

  schedule(): void {
    this.stale = true;
    this.running ??= this.drain();
  }

  /** Writes what is scheduled now, without waiting out the delay, and resolves once it is on disk. */
  async flush(): Promise<void> {
    while (this.running) {
      this.hurry?.();
      await this.running;
    }
  }

  private async drain(): Promise<void> {
    try {
      // Changes made in the same turn of the event loop, or within `delayMs` (ten servers
      // listing one after another at start-up), share one write.
      await new Promise<void>((resolve) => {
        if (this.delayMs <= 0) return setImmediate(resolve);
        const timer = setTimeout(resolve, this.delayMs);
        this.hurry = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.hurry = undefined;
      while (this.stale) {
        this.stale = false;
        await writeFileAtomicAsync(this.path, this.render(), this.mode).catch(this.onError);
      }
    } finally {
      this.running = undefined;
    }
  }
}

/** Reads `path` as UTF-8, or returns undefined when it does not exist; other errors throw. */
export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes every byte (a single `writeSync` may write fewer); returns how many were written. */
export function writeAll(fd: number, bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  return offset;
}

/** Makes the rename itself durable; not possible (and not needed) on Windows. */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to fsync a directory; the data itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
