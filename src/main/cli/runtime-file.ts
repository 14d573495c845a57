import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/*
 * node:* only: the stdio bridge reads this file at every agent session's start, and importing
 * the gateway here made it load the whole gateway chunk for that read. The writers, which run
 * the gateway anyway, hand in its atomic write.
 */

/** Where a running gateway says how to reach its control API (0600, in the data directory). */
export const RUNTIME_FILE = 'gateway.json';

/** What the runtime file holds. */
export interface RuntimeInfo {
  pid: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
}

/** Writes the runtime file for the current process, with `write` (the gateway's atomic write). */
export function writeRuntimeFile(
  dataDir: string,
  origin: string,
  write: (file: string, text: string) => void,
): void {
  const info: RuntimeInfo = { pid: process.pid, origin };
  write(join(dataDir, RUNTIME_FILE), JSON.stringify(info));
}

/** Removes the runtime file if it still names this process. */
export function removeRuntimeFile(dataDir: string): void {
  const info = readRuntimeFile(dataDir);
  if (info?.pid === process.pid) rmSync(join(dataDir, RUNTIME_FILE), { force: true });
}

/** The running gateway of a data directory, or undefined when none runs (or it died). */
export function readRuntimeFile(dataDir: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, RUNTIME_FILE), 'utf8')) as RuntimeInfo;
    if (typeof info.pid !== 'number' || typeof info.origin !== 'string') return undefined;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
