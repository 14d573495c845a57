import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import {
  Client,
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  StreamableHTTPClientTransport,
  type JSONRPCMessage,
} from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeepAlivePost } from '../src/main/gateway/upstream/http-post.js';
import { WirePool, type WireHandler } from '../src/main/gateway/upstream/http-wire.js';
import { selfSignedCert } from './helpers/self-signed.js';
import { startHttpFixture, stopAllFixtures, type HttpFixture } from './helpers/spawn-fixture.js';

// The hot POST of a Streamable HTTP upstream, on its own wire: against the fixture MCP server
// (a JSON answer parsed once, an SSE answer handed on event by event, progress first), and
// against a plain HTTP server for the framings a server may choose.

describe('the keep-alive POST against a real MCP server', () => {
  let remote: HttpFixture;
  const open: Client[] = [];

  beforeAll(async () => {
    remote = await startHttpFixture(['--name', 'remote']);
  }, 60_000);

  afterAll(async () => {
    for (const client of open) await client.close();
    await remote?.stop();
    await stopAllFixtures();
  });

  /** A session the SDK opened, and a POST beside it whose answers are collected. */
  async function session(era: 'legacy' | 'modern') {
    const url = new URL(remote.url);
    const transport = new StreamableHTTPClientTransport(url);
    const client = new Client(
      { name: 'wire-test', version: '1' },
      { versionNegotiation: { mode: era === 'modern' ? { pin: '2026-07-28' } : 'legacy' } },
    );
    await client.connect(transport);
    open.push(client);
    const seen: JSONRPCMessage[] = [];
    // The answers are this test's: the SDK client never sent these requests.
    transport.onmessage = (message) => void seen.push(message);
    return { post: new KeepAlivePost(transport, { url }), seen };
  }

  const envelope = {
    [PROTOCOL_VERSION_META_KEY]: '2026-07-28',
    [CLIENT_INFO_META_KEY]: { name: 'wire-test', version: '1' },
    [CLIENT_CAPABILITIES_META_KEY]: {},
  };

  it('parses a JSON answer once and hands it on', async () => {
    const { post, seen } = await session('modern');
    const call = {
      jsonrpc: '2.0',
      id: 'w-1',
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'hi' }, _meta: envelope },
    } as JSONRPCMessage;
    expect(post.carries(call)).toBe(true);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      await post.send(call);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
      post.close();
    }
    expect(seen).toMatchObject([{ id: 'w-1', result: { content: [{ text: 'echo: hi' }] } }]);
    // The premise: the server answers this call with a JSON body, not an event stream.
    const probe = await fetch(remote.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'echo',
      },
      body: JSON.stringify(call),
    });
    expect(probe.headers.get('content-type')).toContain('application/json');
    await probe.text();
  });

  it('hands on an SSE answer event by event: progress first, then the result', async () => {
    const { post, seen } = await session('legacy');
    const call = {
      jsonrpc: '2.0',
      id: 'w-2',
      method: 'tools/call',
      params: { name: 'slow', arguments: { ms: 20, steps: 2 }, _meta: { progressToken: 'p' } },
    } as JSONRPCMessage;
    await post.send(call);
    post.close();
    expect(seen.map((m) => ('method' in m ? m.method : m.id))).toEqual([
      'notifications/progress',
      'notifications/progress',
      'w-2',
    ]);
    expect(seen.at(-1)).toMatchObject({ result: { content: [{ text: 'done after 20 ms' }] } });
  });
});

describe('the wire against a plain HTTP server', () => {
  let server: Server;
  let url: URL;
  const connections: Socket[] = [];
  let respond: (path: string, socket: Socket) => string = () => '';

  beforeAll(async () => {
    // A bare TCP server that reads each request (head, then its Content-Length) and answers
    // raw bytes, so each framing is exactly the one under test.
    server = createServer((socket) => {
      connections.push(socket);
      let buffer = '';
      socket.on('data', (chunk) => {
        buffer += chunk.toString('latin1');
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const length = Number(/content-length: (\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
          if (buffer.length < end + 4 + length) return;
          const path = buffer.slice(0, end).split(' ')[1] ?? '/';
          buffer = buffer.slice(end + 4 + length);
          const raw = respond(path, socket);
          if (raw) socket.write(raw);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  });

  afterEach(() => {
    for (const socket of connections.splice(0)) socket.destroy();
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** One exchange: what the handler was told, in order. */
  function exchange(pool: WirePool, signal?: AbortSignal) {
    return new Promise<{ status: number; body: string; events: string[] }>((resolve, reject) => {
      const events: string[] = [];
      let status = 0;
      let body = '';
      const handler: WireHandler = {
        onHead: (code) => void ((status = code), events.push('head')),
        onBody: (chunk) => void ((body += chunk.toString()), events.push('body')),
        onEnd: () => resolve({ status, body, events }),
        onError: reject,
      };
      const head = `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n`;
      pool.request(head, '{}', handler, signal);
    });
  }

  it('keeps one connection for requests in turn, whatever the framing', async () => {
    const pool = new WirePool(url);
    const answers = [
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n' +
        '3;x=y\r\nabc\r\n2\r\nde\r\n0\r\ntrailer: t\r\n\r\n',
      'HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n',
    ];
    let n = 0;
    respond = () => answers[n++ % answers.length]!;
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await exchange(pool));
    pool.close();
    expect(seen.map((s) => [s.status, s.body])).toEqual([
      [200, 'hello'],
      [200, 'abcde'],
      [202, ''],
      [200, 'hello'],
      [200, 'abcde'],
      [202, ''],
    ]);
    expect(connections).toHaveLength(1);
  });

  it('reads a chunked body whose framing arrives split across writes', async () => {
    const pool = new WirePool(url);
    respond = (_, socket) => {
      const parts = [
        'HTTP/1.1 200 OK\r\ntransfer-',
        'encoding: chunked\r\n\r\n1',
        '0\r\n0123456',
        '789abcdef\r',
        '\n0\r\n',
        '\r\n',
      ];
      let at = 0;
      const next = () => {
        socket.write(parts[at++]!);
        if (at < parts.length) setTimeout(next, 5);
      };
      next();
      return '';
    };
    const seen = await exchange(pool);
    pool.close();
    expect(seen.body).toBe('0123456789abcdef');
    expect(seen.events[0]).toBe('head');
  });

  it.each([
    ['a signed chunk size', '-5\r\nabc'],
    ['a chunk size that is not hex', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['data longer than its chunk size', '2\r\nabc\r\n0\r\n\r\n'],
  ])('fails on %s and drops the connection', async (_, chunks) => {
    const pool = new WirePool(url);
    respond = () => `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${chunks}`;
    const error = await exchange(pool).catch((e: unknown) => e);
    pool.close();
    expect(error).toMatchObject({ message: 'terminated' });
  });

  it('reads a body framed by the close, and opens a new connection after it', async () => {
    const pool = new WirePool(url);
    respond = (_, socket) => {
      socket.end('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nto the end');
      return '';
    };
    expect((await exchange(pool)).body).toBe('to the end');
    respond = () => 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok';
    expect((await exchange(pool)).body).toBe('ok');
    pool.close();
    expect(connections).toHaveLength(2);
  });

  it('fails as fetch does when the server hangs up before answering', async () => {
    const pool = new WirePool(url);
    respond = (_, socket) => {
      socket.destroy();
      return '';
    };
    const error = await exchange(pool).catch((e: unknown) => e);
    pool.close();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
  });

  it('ends the exchange and its connection on the signal', async () => {
    const pool = new WirePool(url);
    let socketOfCall: Socket | undefined;
    respond = (_, socket) => {
      socketOfCall = socket;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n');
      return '';
    };
    const controller = new AbortController();
    const pending = exchange(pool, controller.signal).catch((e: unknown) => e);
    await vi.waitFor(() => expect(socketOfCall).toBeDefined());
    controller.abort(new Error('cancelled'));
    expect(await pending).toMatchObject({ message: 'cancelled' });
    await vi.waitFor(() => expect(socketOfCall?.destroyed).toBe(true));
    pool.close();
  });
});

describe('the wire over TLS', () => {
  it('verifies the server: a certificate no CA signed is refused before any request', async () => {
    const { key, cert } = selfSignedCert();
    let requests = 0;
    const server = createHttpsServer({ key, cert }, (_req, res) => {
      requests += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const pool = new WirePool(new URL(`https://127.0.0.1:${port}/mcp`));
    try {
      const error = await new Promise<unknown>((resolve) => {
        pool.request(`POST /mcp HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n`, '{}', {
          onHead: () => resolve(new Error('answered')),
          onBody: () => undefined,
          onEnd: () => resolve(new Error('ended')),
          onError: resolve,
        });
      });
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('fetch failed');
      expect(((error as Error).cause as { code?: string }).code).toMatch(/SELF_SIGNED|VERIFY/);
      expect(requests).toBe(0);
    } finally {
      pool.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the keep-alive POST checks what a server answers', () => {
  let server: HttpServer;
  let url: URL;
  let reply: (res: ServerResponse) => void = () => {};

  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => reply(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A POST whose answers and reported errors are collected. */
  function post() {
    const transport = new StreamableHTTPClientTransport(url);
    const seen: JSONRPCMessage[] = [];
    const errors: unknown[] = [];
    transport.onmessage = (message) => void seen.push(message);
    transport.onerror = (error) => void errors.push(error);
    return { post: new KeepAlivePost(transport, { url }), seen, errors };
  }
  const call = { jsonrpc: '2.0', id: 'c-1', method: 'tools/call', params: { name: 'x' } };

  it('fails the request on a JSON answer that is not JSON-RPC, as the SDK would', async () => {
    reply = (res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"jsonrpc":"2.0","id":"c-1","result":{},"stray":1}');
    const { post: p, seen } = post();
    try {
      await expect(p.send(call as JSONRPCMessage)).rejects.toThrow();
      expect(seen).toEqual([]);
    } finally {
      p.close();
    }
  });

  it('skips an event that is not JSON-RPC, reports it, and hands on the answer', async () => {
    reply = (res) =>
      res
        .writeHead(200, { 'content-type': 'text/event-stream' })
        .end(
          'data: {"jsonrpc":"2.0","id":"c-1","result":{},"stray":1}\n\n' +
            'data: {"jsonrpc":"2.0","id":"c-1","result":{"content":[]}}\n\n',
        );
    const { post: p, seen, errors } = post();
    try {
      await p.send(call as JSONRPCMessage);
    } finally {
      p.close();
    }
    expect(seen).toEqual([{ jsonrpc: '2.0', id: 'c-1', result: { content: [] } }]);
    expect(errors).toHaveLength(1);
  });
});
