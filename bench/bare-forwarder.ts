/**
 * A bare JSON-RPC forwarder: the floor for any gateway in front of a stdio server, with the same
 * agent. 2025-era Streamable HTTP with a session and JSON responses; each request is parsed once,
 * given an id of its own, written to the server's stdin, and its answer written back with the
 * agent's id. No policy, audit, metrics, cache, timeouts or server-to-client traffic: everything a
 * gateway adds is what it costs above this. Prints `listening <port>`.
 *
 *   node --import tsx bench/bare-forwarder.ts -- <server command> [args…]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { jsonRpcEndpoint } from './json-rpc-endpoint.mjs';

const [command, ...args] = process.argv.slice(process.argv.indexOf('--') + 1);
if (!command) throw new Error('bare-forwarder: give the server command after --');
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
child.once('exit', (code) => process.exit(code ?? 1));

interface Waiting {
  res: ServerResponse;
  id: number | string;
  session?: string;
}
const waiting = new Map<number, Waiting>();
let next = 0;

createInterface({ input: child.stdout }).on('line', (line) => {
  const message = JSON.parse(line) as { id?: number; method?: string };
  // Only answers go back: the server's own requests and notifications are dropped.
  if (message.method !== undefined || message.id === undefined) return;
  const entry = waiting.get(message.id);
  if (!entry) return;
  waiting.delete(message.id);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (entry.session) headers['mcp-session-id'] = entry.session;
  entry.res.writeHead(200, headers).end(JSON.stringify({ ...message, id: entry.id }));
});

const server = jsonRpcEndpoint((message, res) => {
  if (message.id === undefined) {
    child.stdin.write(`${JSON.stringify(message)}\n`);
    res.writeHead(202).end();
    return;
  }
  const id = ++next;
  waiting.set(id, {
    res,
    id: message.id,
    ...(message.method === 'initialize' ? { session: randomUUID() } : {}),
  });
  child.stdin.write(`${JSON.stringify({ ...message, id })}\n`);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  child.kill('SIGTERM');
  process.exit(0);
});
