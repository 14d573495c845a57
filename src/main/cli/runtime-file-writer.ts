import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../gateway/index.js';
import { RUNTIME_FILE, readRuntimeFile, type RuntimeInfo } from './runtime-file.js';

/*
 * The runtime file's writing side, apart from its reading side (runtime-file.ts): only the
 * processes that run the gateway write it, so only they load the gateway through this import.
 * The stdio bridge, which agents start for each session, only reads it.
 */

/** Writes the runtime file for the current process. */
export function writeRuntimeFile(dataDir: string, origin: string): void {
  const info: RuntimeInfo = { pid: process.pid, origin };
  writeFileAtomic(join(dataDir, RUNTIME_FILE), JSON.stringify(info));
}

/** Removes the runtime file if it still names this process. */
export function removeRuntimeFile(dataDir: string): void {
  const info = readRuntimeFile(dataDir);
  if (info?.pid === process.pid) rmSync(join(dataDir, RUNTIME_FILE), { force: true });
}
