import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_SESSIONS_PER_KEY, SESSION_IDLE_MS } from '../../src/main/gateway/http/endpoint.js';
import { startSwitchboard, type TestSwitchboard } from '../helpers/start-switchboard.js';
import { INITIALIZE, MCP_HEADERS, head, rawHttp, rpcError, trickyServer } from './helpers.js';

// Input limits and floods: oversized and deep bodies, malformed JSON and JSON-RPC,
// slow clients, session and approval-queue floods — each followed by a normal call.

const ROLES = [
  { name: 'admin', rules: [{ pattern: '*', action: 'allow' as const }] },
  { name: 'asker', rules: [{ pattern: 'tricky__echo', action: 'ask' as const }] },
];

let t: TestSwitchboard;
let port: number;
let admin: Client;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [trickyServer()],
    roles: ROLES,
    settings: { maxPendingPerKey: 4, approvalTimeoutMs: 20_000 },
  });
  port = t.sb.endpoint.port;
  admin = await t.connect(t.adminKey);
});
afterAll(() => t.stop());

const auth = () => `Authorization: Bearer ${t.adminKey}`;

/** A normal call still completes: the gateway is serving. */
const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

async function stillServes(): Promise<void> {
  const result = await admin.callTool({ name: 'tricky__echo', arguments: { text: 'alive' } });
  expect(JSON.stringify(result.content)).toContain('echo: alive');
}

describe('bodies', () => {
  it('answers 413 to a declared 16 MiB body without reading it', async () => {
    const res = await rawHttp(
      port,
      head(port, 'POST', '/mcp', [...MCP_HEADERS, auth(), `Content-Length: ${16 * 1024 * 1024}`]),
      '{"jsonrpc":"2.0",',
    );
    expect(res.status).toBe(413);
    await stillServes();
  });

  it('answers 413 to a 16 MiB chunked body before it is all sent', async () => {
    const status = await new Promise<number>((resolvePromise, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/mcp',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${t.adminKey}`,
          },
        },
        (res) => {
          res.resume();
          req.destroy();
          resolvePromise(res.statusCode ?? 0);
        },
      );
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      const chunk = 'x'.repeat(1024 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 16 && !req.destroyed) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    await stillServes();
  });

  it('answers 400 to 10,000-deep nesting, in arrays, objects and params', async () => {
    const bodies = [
      '['.repeat(10_000) + ']'.repeat(10_000),
      '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: {} }).replace(
        '{}',
        '{"arguments":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}',
      ),
      '['.repeat(10_000), // never closed
    ];
    for (const body of bodies) {
      const res = await rawHttp(port, head(port, 'POST', '/mcp', [...MCP_HEADERS, auth()]), body);
      expect(res.status).toBe(400);
      expect(rpcError(res.json)).toBeDefined();
    }
    await stillServes();
  });

  it('answers 400 with -32700 to malformed JSON', async () => {
    for (const body of ['{ not json', '{"jsonrpc":"2.0",', '\u0000\u0001', 'nul', '{"a":1}}']) {
      const res = await rawHttp(port, head(port, 'POST', '/mcp', [...MCP_HEADERS, auth()]), body);
      expect(res.status, body).toBe(400);
      expect(rpcError(res.json)?.code).toBe(-32700);
    }
  });

  it('answers malformed JSON-RPC with a 4xx and a JSON-RPC error, never a crash', async () => {
    const bodies: unknown[] = [
      {},
      [],
      null,
      42,
      'tools/list',
      { jsonrpc: '1.0', id: 1, method: 'initialize' },
      { jsonrpc: '2.0', id: {}, method: 'initialize', params: INITIALIZE.params },
      { jsonrpc: '2.0', id: 1, method: 5 },
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: 'x' },
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: 7 } },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'tricky__echo' } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 1, result: {} },
      [INITIALIZE, INITIALIZE],
    ];
    for (const body of bodies) {
      const res = await rawHttp(
        port,
        head(port, 'POST', '/mcp', [...MCP_HEADERS, auth()]),
        JSON.stringify(body),
      );
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
    // A "__proto__" key (JSON.parse makes it an own property) must not reach any prototype.
    const polluting = JSON.stringify({ ...INITIALIZE, id: 2 }).replace(
      '"params":{',
      '"params":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
    );
    const res = await rawHttp(
      port,
      head(port, 'POST', '/mcp', [...MCP_HEADERS, auth()]),
      polluting,
    );
    expect(res.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillServes();
  });

  it('malformed messages inside a live session get errors, and the session survives', async () => {
    const sessionId = (admin as unknown as { transport: { sessionId?: string } }).transport
      .sessionId!;
    const bodies: unknown[] = [
      { jsonrpc: '2.0', id: 90, method: 'tools/call', params: { name: 42 } },
      {
        jsonrpc: '2.0',
        id: 91,
        method: 'tools/call',
        params: { name: 'tricky__echo', arguments: 'x' },
      },
      { jsonrpc: '2.0', id: 92, method: 'no/such/method' },
      { jsonrpc: '2.0', id: 93, method: 'resources/read', params: { uri: 5 } },
      {
        jsonrpc: '2.0',
        id: 94,
        method: 'tools/call',
        params: { name: 'tricky__echo', arguments: { text: 5 } },
      },
    ];
    for (const body of bodies) {
      const res = await rawHttp(
        port,
        head(port, 'POST', '/mcp', [
          ...MCP_HEADERS,
          auth(),
          `Mcp-Session-Id: ${sessionId}`,
          'MCP-Protocol-Version: 2025-06-18',
        ]),
        JSON.stringify(body),
      );
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(res.body, JSON.stringify(body)).toMatch(/"error"|"isError":true/);
    }
    await stillServes();
  });
});

describe('sessions', () => {
  it('answers 404 to an unknown session id and to a terminated one', async () => {
    const unknown = await rawHttp(
      port,
      head(port, 'POST', '/mcp', [...MCP_HEADERS, auth(), 'Mcp-Session-Id: not-a-session']),
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    );
    expect(unknown.status).toBe(404);

    const client = await t.connect(t.adminKey);
    const transport = (
      client as unknown as { transport: { sessionId?: string; terminateSession(): Promise<void> } }
    ).transport;
    const id = transport.sessionId!;
    await transport.terminateSession();
    const after = await rawHttp(
      port,
      head(port, 'POST', '/mcp', [...MCP_HEADERS, auth(), `Mcp-Session-Id: ${id}`]),
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    );
    expect(after.status).toBe(404);
  });

  // Sessions per key are bounded: opening one more than MAX_SESSIONS_PER_KEY closes that
  // key's least recently used session, so a flooding key only ever evicts its own sessions.
  it('bounds the sessions one key may open; other keys keep theirs', async () => {
    const open = async (key: string) => {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, authorization: `Bearer ${key}` },
        body: JSON.stringify(INITIALIZE),
      });
      await res.body?.cancel();
      return res.headers.get('mcp-session-id')!;
    };
    const listWith = async (key: string, session: string) => {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: {
          ...JSON_HEADERS,
          authorization: `Bearer ${key}`,
          'mcp-session-id': session,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      await res.body?.cancel();
      return res.status;
    };
    const other = await open(t.adminKey);
    const flooder = await t.key('admin', 'flooder');
    const sessions: string[] = [];
    for (let i = 0; i < MAX_SESSIONS_PER_KEY + 40; i++) sessions.push(await open(flooder));
    expect(await listWith(flooder, sessions[0]!)).toBe(404);
    expect(await listWith(flooder, sessions.at(-1)!)).toBe(200);
    expect(await listWith(t.adminKey, other)).toBe(200);
    await stillServes();
  });

  // Idle sessions expire: a session nobody used for SESSION_IDLE_MS is closed by the
  // endpoint's sweep (every minute), and its id gets 404. The clock and the sweep's interval
  // are faked; requests and everything else run on real timers.
  it('closes a session idle for SESSION_IDLE_MS; a session in use stays', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: Date.now() });
    const idle = await startSwitchboard({ servers: [] });
    try {
      const open = async () => {
        const res = await fetch(idle.url, {
          method: 'POST',
          headers: { ...JSON_HEADERS, authorization: `Bearer ${idle.adminKey}` },
          body: JSON.stringify(INITIALIZE),
        });
        await res.body?.cancel();
        return res.headers.get('mcp-session-id')!;
      };
      const list = async (session: string) => {
        const res = await fetch(idle.url, {
          method: 'POST',
          headers: {
            ...JSON_HEADERS,
            authorization: `Bearer ${idle.adminKey}`,
            'mcp-session-id': session,
            'mcp-protocol-version': '2025-11-25',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
        });
        await res.body?.cancel();
        return res.status;
      };
      const forgotten = await open();
      const busy = await open();
      vi.advanceTimersByTime(SESSION_IDLE_MS - 60_000);
      expect(await list(busy)).toBe(200); // used: its idle time starts again
      vi.advanceTimersByTime(2 * 60_000);
      expect(await list(forgotten)).toBe(404);
      expect(await list(busy)).toBe(200);
    } finally {
      vi.useRealTimers();
      await idle.stop();
    }
  });
});

describe('slow clients', () => {
  function slowHeaders(): { socket: Socket; closed: Promise<number> } {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('connect', () => socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`));
    // A header line now and then, never the blank line that ends them.
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow: ${Date.now()}\r\n`);
    }, 1_000);
    const closed = new Promise<number>((resolvePromise) =>
      socket.on('close', () => {
        clearInterval(drip);
        resolvePromise(Date.now() - started);
      }),
    );
    return { socket, closed };
  }

  it('500 slow-header clients at once do not stop a normal call', async () => {
    const clients = Array.from({ length: 500 }, slowHeaders);
    try {
      await vi.waitFor(() => expect(clients.filter((c) => c.socket.connecting)).toEqual([]), {
        timeout: 30_000,
        interval: 50,
      });
      await stillServes();
    } finally {
      for (const c of clients) c.socket.destroy();
    }
  });

  // `headersTimeout` is only enforced when Node's connection sweep runs, every
  // `connectionsCheckingInterval` (30 s by default); the endpoint checks every second. The
  // bounds are wide on purpose (a shared machine): they tell 10 s from Node's default 30 s.
  it('disconnects a client that has not sent its headers within 10 s', async () => {
    const { socket, closed } = slowHeaders();
    const bounded = await Promise.race([
      closed,
      new Promise<number>((r) => setTimeout(() => r(Infinity), 25_000)),
    ]);
    socket.destroy();
    expect(bounded).toBeGreaterThanOrEqual(9_000);
    expect(bounded).toBeLessThan(20_000);
  }, 30_000);
});

describe('approval-queue flooding', () => {
  it('one key cannot queue more than its share; others still reach a person', async () => {
    const flooder = await t.connect(await t.key('asker', 'asker-flood'));
    const calls = Array.from({ length: 30 }, (_, i) =>
      flooder.callTool({ name: 'tricky__echo', arguments: { text: `flood ${i}` } }).then(
        (r) => ({ isError: r.isError === true, text: JSON.stringify(r.content) }),
        (e: Error) => ({ isError: true, text: e.message }),
      ),
    );
    // The excess is refused at once, not parked.
    const settledEarly = await Promise.race([
      Promise.all(calls.slice(4)),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 5_000)),
    ]);
    expect(settledEarly).toBeDefined();
    expect(settledEarly!.every((r) => r.isError)).toBe(true);
    const pending = await t.sb.control.listApprovals();
    expect(pending.filter((a) => a.keyName === 'asker-flood')).toHaveLength(4);

    // Another key of the same role still reaches a person.
    const other = await t.connect(await t.key('asker', 'asker-other'));
    const otherCall = other.callTool({ name: 'tricky__echo', arguments: { text: 'mine' } });
    await expect
      .poll(async () =>
        (await t.sb.control.listApprovals()).some((a) => a.keyName === 'asker-other'),
      )
      .toBe(true);
    for (const approval of await t.sb.control.listApprovals()) {
      await t.sb.control.decideApproval({
        id: approval.id,
        decision: approval.keyName === 'asker-other' ? 'approve' : 'deny',
      });
    }
    expect(JSON.stringify((await otherCall).content)).toContain('echo: mine');
    await Promise.all(calls);
    await stillServes();
  });
});
