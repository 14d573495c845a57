/**
 * An MCP endpoint made only of the SDK parts Switchboard keeps in charge of an agent's
 * handshake: the SDK's `Server` behind its Node Streamable HTTP transport (hono's adapter, web
 * `Request`/`Response`, zod), 2025-era sessions with JSON responses (the cheaper of its two
 * modes), on `node:http`. A session's `tools/list` is
 * answered outside the SDK from the tools of `--tools FILE`, serialized once, as Switchboard
 * answers it; everything else goes to the SDK (`tools/call` echoes). Prints `listening <port>`.
 *
 * The everyday start's second floor (bench/run.ts, bench/start-ab.ts `--sdk-floor`): given the
 * gateway's own tools, what the SDK's part of a start costs on its own. The bench bundles it into
 * one CommonJS file and starts it with the V8 code cache on, as `switchboard serve` starts.
 *
 *   node --import tsx bench/sdk-endpoint.ts [--port P] [--tools FILE]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { Server, type Tool } from '@modelcontextprotocol/server';

const { values } = parseArgs({
  strict: true,
  options: { port: { type: 'string', default: '0' }, tools: { type: 'string' } },
});
const tools = (values.tools ? JSON.parse(readFileSync(values.tools, 'utf8')) : []) as Tool[];
const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

function openSession(): NodeStreamableHTTPServerTransport {
  const server = new Server(
    { name: 'sdk-floor', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true } } },
  );
  server.setRequestHandler('tools/list', () => ({ tools }));
  server.setRequestHandler('tools/call', (request) => ({
    content: [{ type: 'text', text: `echo: ${String(request.params.arguments?.text)}` }],
  }));
  const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    onsessioninitialized: (id) => {
      sessions.set(id, transport);
    },
    onsessionclosed: (id) => {
      sessions.delete(id);
    },
  });
  void server.connect(transport);
  return transport;
}

/** The list serialized once, as Switchboard answers a session's `tools/list` itself. */
const toolsJson = JSON.stringify({ tools });

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = req.headers['mcp-session-id'];
  const transport = typeof id === 'string' ? sessions.get(id) : openSession();
  if (!transport) {
    res.writeHead(404).end();
    return;
  }
  if (req.method !== 'POST') return transport.handleRequest(req, res);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    id?: unknown;
    method?: string;
  };
  if (id !== undefined && body.method === 'tools/list') {
    res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': String(id) });
    res.end(`{"jsonrpc":"2.0","id":${JSON.stringify(body.id)},"result":${toolsJson}}`);
    return;
  }
  return transport.handleRequest(req, res, body);
}

const http = createServer((req, res) => {
  handle(req, res).catch(() => res.destroy());
});
http.listen(Number(values.port), '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`listening ${typeof address === 'object' ? address?.port : ''}\n`);
});
