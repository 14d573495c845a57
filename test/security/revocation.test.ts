import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { fixtureTransport } from '../helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from '../helpers/start-switchboard.js';
import { INITIALIZE, MCP_HEADERS, head, rawHttp } from './helpers.js';

// Revoking a key refused its next request, but what it already held went on: its legacy
// event stream stayed open (and kept receiving notifications) and a call already running
// finished. Revocation must end both at once, and cancel the call downstream.

let t: TestSwitchboard;
let port: number;
let observer: Client;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [{ id: 'fixture', transport: fixtureTransport() }],
    // last_cancelled is read-only: cached, a poll would keep reading the count before the cancel.
    settings: { cacheTtlMs: 0 },
  });
  port = t.sb.endpoint.port;
  observer = await t.connect(t.adminKey);
}, 60_000);
afterAll(() => t.stop());

const auth = (key: string) => `Authorization: Bearer ${key}`;

/** A legacy session opened over a raw socket, and its GET event stream, held open. */
async function openEventStream(key: string): Promise<{ socket: Socket; closed: () => boolean }> {
  const init = await rawHttp(
    port,
    head(port, 'POST', '/mcp', [...MCP_HEADERS, auth(key)]),
    JSON.stringify(INITIALIZE),
  );
  const sessionId = init.headers['mcp-session-id'];
  expect(sessionId).toBeTruthy();
  const socket = connect(port, '127.0.0.1');
  let closed = false;
  let headers = '';
  socket.on('data', (chunk) => (headers += chunk.toString('utf8')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  socket.write(
    [
      ...head(port, 'GET', '/mcp', [
        auth(key),
        'Accept: text/event-stream',
        `Mcp-Session-Id: ${sessionId}`,
        'Mcp-Protocol-Version: 2025-06-18',
      ]),
      '',
      '',
    ].join('\r\n'),
  );
  await vi.waitFor(() => expect(headers).toMatch(/^HTTP\/1\.1 200[\s\S]*text\/event-stream/));
  return { socket, closed: () => closed };
}

async function cancellations(): Promise<number> {
  const result = await observer.callTool({ name: 'fixture__last_cancelled', arguments: {} });
  const text = (result.content as Array<{ text: string }>)[0]?.text ?? '{}';
  return (JSON.parse(text) as { cancelled: number }).cancelled;
}

describe('revoking a key', () => {
  it('closes its open event stream at once', async () => {
    const key = await t.key('admin', 'stream-holder');
    const stream = await openEventStream(key);
    expect(stream.closed()).toBe(false);
    await t.sb.control.revokeKey({ name: 'stream-holder' });
    await vi.waitFor(() => expect(stream.closed()).toBe(true));
  });

  it.each(['legacy', 'modern'] as const)(
    'cancels its %s call in flight, downstream too',
    async (era) => {
      const name = `caller-${era}`;
      const key = await t.key('admin', name);
      const agent = await t.connect(key, { era });
      const before = await cancellations();
      let progressed = false;
      const stop = new AbortController();
      const call = agent
        .callTool(
          { name: 'fixture__slow', arguments: { ms: 600_000, steps: 6_000 } },
          { onprogress: () => (progressed = true), signal: stop.signal, timeout: 600_000 },
        )
        .catch(() => 'ended');
      // The server is running the call once progress comes back.
      await vi.waitFor(() => expect(progressed).toBe(true), { timeout: 10_000 });
      await t.sb.control.revokeKey({ name });
      await vi.waitFor(async () => expect(await cancellations()).toBeGreaterThan(before), {
        timeout: 10_000,
      });
      stop.abort();
      await call;
    },
  );
});
