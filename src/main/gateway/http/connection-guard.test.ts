import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardConnections, type ConnectionGuard } from './connection-guard.js';

// A real node:http server and raw sockets; the deadline is injected small, and every wait is
// for an event (a socket closing), never for a length of time.

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that trusts `Authorization: <key>` and keeps `GET /stream` open. */
async function serve(
  options: { firstRequestMs?: number; maxUntrusted?: number; maxPerKey?: number } = {},
): Promise<{ port: number; guard: ConnectionGuard }> {
  const server = createServer((req, res) => {
    const key = req.headers.authorization;
    if (key && !guard.trust(req.socket, key)) {
      res.writeHead(429, { connection: 'close' }).end();
      return;
    }
    if (req.url === '/stream')
      res.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders();
    else res.end('ok');
  });
  const guard = guardConnections(server, {
    firstRequestMs: options.firstRequestMs ?? 60_000,
    maxUntrusted: options.maxUntrusted ?? 100,
    maxPerKey: options.maxPerKey ?? 100,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, guard };
}

interface Peer {
  socket: Socket;
  closed: () => boolean;
  received: () => string;
}

async function open(port: number, request?: string): Promise<Peer> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let closed = false;
  let received = '';
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  socket.on('data', (chunk) => (received += chunk.toString('utf8')));
  await new Promise((resolve) => socket.once('connect', resolve));
  if (request) socket.write(request);
  return { socket, closed: () => closed, received: () => received };
}

const get = (path: string, key?: string) =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\n${key ? `Authorization: ${key}\r\n` : ''}\r\n`;

describe('guardConnections', () => {
  it('closes a connection that sends nothing by the first-request deadline', async () => {
    const { port, guard } = await serve({ firstRequestMs: 50 });
    const silent = await open(port);
    await vi.waitFor(() => expect(silent.closed()).toBe(true));
    expect(guard.counts()).toEqual({ untrusted: 0, trusted: 0 });
  });

  it('keeps an event stream open once its request head arrived', async () => {
    const { port } = await serve({ firstRequestMs: 50 });
    const stream = await open(port, get('/stream', 'k'));
    await vi.waitFor(() => expect(stream.received()).toMatch(/^HTTP\/1\.1 200/));
    // A silent connection opened after the stream's deadline passes first: once it is cut,
    // the stream's own deadline (earlier) has passed too.
    const silent = await open(port);
    await vi.waitFor(() => expect(silent.closed()).toBe(true));
    expect(stream.closed()).toBe(false);
  });

  it('keeps at most maxUntrusted anonymous connections, closing the oldest', async () => {
    const { port, guard } = await serve({ maxUntrusted: 3 });
    const peers: Peer[] = [];
    for (let i = 0; i < 5; i += 1) peers.push(await open(port));
    await vi.waitFor(() => expect(peers.filter((p) => p.closed())).toHaveLength(2));
    expect(peers[0]?.closed()).toBe(true);
    expect(peers[1]?.closed()).toBe(true);
    expect(guard.counts().untrusted).toBe(3);
  });

  it('lets an agent in and keeps it while anonymous connections flood', async () => {
    const { port, guard } = await serve({ maxUntrusted: 3 });
    const agent = await open(port, get('/stream', 'agent'));
    await vi.waitFor(() => expect(agent.received()).toMatch(/^HTTP\/1\.1 200/));
    const flood: Peer[] = [];
    for (let i = 0; i < 10; i += 1) flood.push(await open(port));
    await vi.waitFor(() => expect(flood.filter((p) => p.closed())).toHaveLength(7));
    const late = await open(port, get('/', 'agent'));
    await vi.waitFor(() => expect(late.received()).toMatch(/^HTTP\/1\.1 200/));
    expect(agent.closed()).toBe(false);
    expect(guard.counts().trusted).toBe(2);
  });

  it('refuses a key its connection beyond maxPerKey, and not other keys', async () => {
    const { port } = await serve({ maxPerKey: 2 });
    const held = [await open(port, get('/stream', 'a')), await open(port, get('/stream', 'a'))];
    for (const peer of held) {
      await vi.waitFor(() => expect(peer.received()).toMatch(/^HTTP\/1\.1 200/));
    }
    const third = await open(port, get('/', 'a'));
    await vi.waitFor(() => expect(third.received()).toMatch(/^HTTP\/1\.1 429/));
    await vi.waitFor(() => expect(third.closed()).toBe(true));
    const other = await open(port, get('/', 'b'));
    await vi.waitFor(() => expect(other.received()).toMatch(/^HTTP\/1\.1 200/));
  });
});
