/**
 * A loopback HTTP front for Switchboard's endpoint, for the conformance suite: the suite's
 * server mode takes only a URL, while the gateway wants a Bearer key, and its `/mcp` endpoint
 * names every tool and prompt `<server>__<name>` where the suite calls fixed names.
 *
 * Every request gets the key and goes to one gateway path. With `prefix` set (the `/mcp`
 * run), names are mapped both ways: a call, prompt or completion the suite names `x` goes out
 * as `<prefix>x`, and the tool and prompt lists come back holding only that server's entries
 * under their own names. Bodies are rewritten as they stream (JSON, or SSE event by event), so
 * notifications during a call arrive when they are sent. Host and Origin naming the proxy are
 * moved to the gateway's port; any other Host goes through as it is, so the gateway's DNS
 * rebinding check still sees the foreign one.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyOptions {
  /** The gateway's origin, `http://127.0.0.1:<port>`. */
  gateway: string;
  /** The gateway path every request goes to (`/mcp/<server>` or `/mcp`). */
  path: string;
  key: string;
  /** `<server>__` to map names through the aggregate endpoint; none for `/mcp/<server>`. */
  prefix?: string;
}

type Message = { method?: string; params?: Record<string, unknown>; result?: unknown };

/** Renames what the suite sends: tool, prompt and completion names gain the prefix. */
function renameOutgoing(message: Message, prefix: string): void {
  const params = message.params;
  if (!params) return;
  if ((message.method === 'tools/call' || message.method === 'prompts/get') && params.name) {
    params.name = `${prefix}${String(params.name)}`;
  }
  const ref = params.ref as { type?: string; name?: string } | undefined;
  if (message.method === 'completion/complete' && ref?.type === 'ref/prompt' && ref.name) {
    ref.name = `${prefix}${ref.name}`;
  }
}

/** Renames what comes back: the lists keep this server's entries, under their own names. */
function renameIncoming(message: Message, prefix: string): void {
  const result = message.result as Record<string, unknown> | undefined;
  if (!result) return;
  for (const key of ['tools', 'prompts'] as const) {
    const items = result[key];
    if (!Array.isArray(items)) continue;
    result[key] = items
      .filter((item: { name?: string }) => item.name?.startsWith(prefix))
      .map((item: { name: string }) => ({ ...item, name: item.name.slice(prefix.length) }));
  }
}

function mapJson(text: string, map: (m: Message) => void): string {
  try {
    const parsed = JSON.parse(text) as Message | Message[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) map(message);
    return JSON.stringify(parsed);
  } catch {
    return text;
  }
}

/** Rewrites the `data:` lines of an SSE stream as they pass, one complete line at a time. */
function pipeSse(from: IncomingMessage, to: ServerResponse, prefix: string): void {
  let pending = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    const mapped = lines.map((line) =>
      line.startsWith('data: ')
        ? `data: ${mapJson(line.slice(6), (m) => renameIncoming(m, prefix))}`
        : line,
    );
    to.write(`${mapped.join('\n')}\n`);
  });
  from.on('end', () => to.end(pending));
  from.on('error', () => to.destroy());
}

function forwardHeaders(req: IncomingMessage, options: ProxyOptions, own: string): Headers {
  const gatewayHost = new URL(options.gateway).host;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'content-length' || name === 'connection') continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const ownHosts = [`127.0.0.1:${own}`, `localhost:${own}`];
  if (ownHosts.includes(headers.host ?? '')) headers.host = gatewayHost;
  if (headers.origin && ownHosts.includes(new URL(headers.origin).host)) {
    headers.origin = options.gateway;
  }
  headers.authorization = `Bearer ${options.key}`;
  return new Headers(headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  req.setEncoding('utf8');
  for await (const chunk of req) body += chunk as string;
  return body;
}

async function relay(
  req: IncomingMessage,
  res: ServerResponse,
  options: ProxyOptions,
  own: string,
): Promise<void> {
  const prefix = options.prefix;
  let body = req.method === 'POST' ? await readBody(req) : undefined;
  if (body && prefix) body = mapJson(body, (m) => renameOutgoing(m, prefix));
  const headers = Object.fromEntries(forwardHeaders(req, options, own));
  const target = new URL(options.path, options.gateway);
  const upstream = httpRequest(target, { method: req.method, headers, setHost: false });
  upstream.on('response', (answer) => {
    const type = answer.headers['content-type'] ?? '';
    const out = { ...answer.headers };
    delete out['content-length'];
    res.writeHead(answer.statusCode ?? 502, out);
    res.flushHeaders();
    if (prefix && type.includes('text/event-stream')) return pipeSse(answer, res, prefix);
    if (prefix && type.includes('application/json')) {
      void readBody(answer).then((text) =>
        res.end(mapJson(text, (m) => renameIncoming(m, prefix))),
      );
      return;
    }
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  res.on('close', () => upstream.destroy());
  upstream.end(body);
}

/** Starts the front on a free loopback port; resolves with its `/mcp` URL and a stop. */
export async function startConformanceProxy(
  options: ProxyOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  let own = '';
  const server: Server = createServer((req, res) => {
    relay(req, res, options, own).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  own = String((server.address() as AddressInfo).port);
  return {
    url: `http://127.0.0.1:${own}/mcp`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
