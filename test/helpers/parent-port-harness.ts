/**
 * A script for `node --input-type=module -e` that stands in for Electron's utility process
 * under plain Node: a `process.parentPort` whose messages carry the real stdin, as
 * desktop/utility-stdio.ts posts them, and then imports `moduleUrl` (the stdio shim).
 */
export function parentPortHarness(moduleUrl: string): string {
  return `
import { EventEmitter } from 'node:events';
const port = new EventEmitter();
const queued = [];
const post = (data) => (port.listenerCount('message') > 0 ? port.emit('message', { data }) : queued.push(data));
// Like a MessagePort, messages wait for the first listener.
port.on('newListener', (name) => name === 'message' && setImmediate(() => queued.splice(0).forEach(post)));
const realStdin = process.stdin;
process.parentPort = port;
realStdin.on('data', (chunk) => post({ type: 'data', bytes: new Uint8Array(chunk) }));
realStdin.on('end', () => post({ type: 'end' }));
await import(${JSON.stringify(moduleUrl)});
`;
}
