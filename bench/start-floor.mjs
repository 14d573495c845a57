/**
 * The floor of the everyday start: a bare 2025-era Streamable HTTP endpoint that answers
 * `initialize` and `tools/list` by hand from a tools list read from a file, with no policy, no
 * servers and no SDK. The time from its spawn to the agent's complete list is what Node itself
 * and the agent cost on this machine, the part of the start-up figure no gateway can remove.
 * Plain JavaScript run by bare `node` (not tsx), because its own start is what is measured.
 *
 *   node bench/start-floor.mjs --port P --tools FILE     prints `listening <port>`
 */
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  strict: true,
  options: { port: { type: 'string', default: '0' }, tools: { type: 'string' } },
});
if (!values.tools) throw new Error('usage: node bench/start-floor.mjs --port P --tools FILE');
const tools = JSON.parse(readFileSync(values.tools, 'utf8'));

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(req.method === 'GET' ? 405 : 200).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const headers = { 'content-type': 'application/json' };
    let result = {};
    if (message.method === 'initialize') {
      headers['mcp-session-id'] = randomUUID();
      result = {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: 'start-floor', version: '1.0.0' },
      };
    } else if (message.method === 'tools/list') {
      result = { tools };
    }
    res.writeHead(200, headers).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
  });
});
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
