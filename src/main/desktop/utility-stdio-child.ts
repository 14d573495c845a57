import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { MessageEvent } from 'electron';

/**
 * Runs inside an Electron utility process (see utility-stdio.ts): installs a `process.stdin`
 * fed by the parent's messages, then imports the bundled server, which reads and writes stdio
 * as it would in a real child process. Imports no runtime electron module.
 */

/** Precedes the server entry in the utility process's arguments. */
export const ENTRY_FLAG = '--switchboard-server-entry';

/** What the parent posts: stdin bytes, or the end of stdin. */
export type StdinMessage = { type: 'data'; bytes: Uint8Array } | { type: 'end' };

/** Starts the server named after ENTRY_FLAG; does nothing when imported elsewhere. */
export async function runBundledServer(): Promise<void> {
  const at = process.argv.indexOf(ENTRY_FLAG);
  const entry = at === -1 ? undefined : process.argv[at + 1];
  if (!entry || !process.parentPort) return;
  const stdin = new PassThrough();
  Object.defineProperty(process, 'stdin', { configurable: true, get: () => stdin });
  process.parentPort.on('message', ({ data }: MessageEvent) => {
    const message = data as StdinMessage;
    if (message.type === 'data') stdin.write(Buffer.from(message.bytes));
    else stdin.end();
  });
  // The server parses its own arguments from argv, as if started as `node entry ...args`.
  process.argv = [process.execPath, entry, ...process.argv.slice(at + 2)];
  await import(pathToFileURL(entry).href);
}

if (process.argv.includes(ENTRY_FLAG)) void runBundledServer();
