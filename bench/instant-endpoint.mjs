/**
 * An MCP endpoint that answers at once, with no server behind it: 2025-era Streamable HTTP with
 * a session and JSON responses. `tools/call` echoes its text; `tools/list` answers the tools
 * of `--tools FILE` (none without it). Prints `listening <port>`.
 *
 * Two floors in the bench: the ceiling any gateway's calls/s can reach with the same agent
 * (bench/per-call.ts), and, given the gateway's own tools, the everyday start no gateway can
 * beat (bench/run.ts). Plain JavaScript on bare `node`, because its own start is timed.
 *
 *   node bench/instant-endpoint.mjs [--port P] [--tools FILE]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jsonRpcEndpoint } from './json-rpc-endpoint.mjs';

const { values } = parseArgs({
  strict: true,
  options: { port: { type: 'string', default: '0' }, tools: { type: 'string' } },
});
const tools = values.tools ? JSON.parse(readFileSync(values.tools, 'utf8')) : [];

const server = jsonRpcEndpoint((message, res) => {
  if (message.id === undefined) {
    res.writeHead(202).end();
    return;
  }
  const headers = { 'content-type': 'application/json' };
  let result = {};
  if (message.method === 'initialize') {
    headers['mcp-session-id'] = randomUUID();
    result = {
      protocolVersion: '2025-06-18',
      capabilities: { tools: { listChanged: true } },
      serverInfo: { name: 'instant', version: '1.0.0' },
    };
  } else if (message.method === 'tools/call') {
    result = { content: [{ type: 'text', text: `echo: ${message.params?.arguments?.text}` }] };
  } else if (message.method === 'tools/list') {
    result = { tools };
  }
  res.writeHead(200, headers).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
});
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
