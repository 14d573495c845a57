import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * node:* only: the stdio bridge reads this file at every agent session's start, and must not
 * load the gateway for it. The processes that run the gateway write it (runtime-file-writer.ts).
 */

/** Where a running gateway says how to reach its control API (0600, in the data directory). */
export const RUNTIME_FILE = 'gateway.json';

/** What the runtime file holds. */
export interface RuntimeInfo {
  pid: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
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
