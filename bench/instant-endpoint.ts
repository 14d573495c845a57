/**
 * An MCP endpoint that answers at once: the ceiling any gateway in front of a server can reach
 * with the same agent. 2025-era Streamable HTTP with a session, JSON responses; `tools/call`
 * echoes its text without any server behind it. Prints `listening <port>`.
 *
 *   node --import tsx bench/instant-endpoint.ts
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { jsonRpcEndpoint } from './json-rpc-endpoint.js';

const server = jsonRpcEndpoint((message, res) => {
  if (message.id === undefined) {
    res.writeHead(202).end();
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let result: unknown;
  if (message.method === 'initialize') {
    headers['mcp-session-id'] = randomUUID();
    result = {
      protocolVersion: '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'instant', version: '1.0.0' },
    };
  } else if (message.method === 'tools/call') {
    result = { content: [{ type: 'text', text: `echo: ${message.params?.arguments?.text}` }] };
  } else {
    result = {};
  }
  res.writeHead(200, headers).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
