import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONNECTION_GUARD } from '../../src/main/gateway/http/connection-guard.js';
import { startSwitchboard, type TestSwitchboard } from '../helpers/start-switchboard.js';
import { trickyServer } from './helpers.js';

// Connections that never send a byte stayed open for ever (100 of 100 after 90 s), and the
// endpoint accepts 2,048 at most: any local process could lock every agent out. Raw sockets
// against the real endpoint.

let t: TestSwitchboard;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startSwitchboard({ servers: [trickyServer()] });
  port = t.sb.endpoint.port;
}, 60_000);
afterEach(() => {
  vi.useRealTimers();
  for (const socket of sockets.splice(0)) socket.destroy();
});
afterAll(() => t.stop());

async function silent(): Promise<{ closed: () => boolean }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return { closed: () => closed };
}

describe('connections that send nothing', () => {
  it('are closed at the first-request deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const peer = await silent();
    // The endpoint armed the socket's deadline when it accepted it.
    await vi.waitFor(() => expect(vi.getTimerCount()).toBeGreaterThan(0));
    vi.advanceTimersByTime(DEFAULT_CONNECTION_GUARD.firstRequestMs - 1);
    expect(peer.closed()).toBe(false);
    vi.advanceTimersByTime(2);
    await vi.waitFor(() => expect(peer.closed()).toBe(true));
  });

  it('cannot lock agents out: past the untrusted cap the oldest close, agents get in', async () => {
    const cap = DEFAULT_CONNECTION_GUARD.maxUntrusted;
    const peers: Array<{ closed: () => boolean }> = [];
    for (let i = 0; i < cap + 44; i += 1) peers.push(await silent());
    await vi.waitFor(() => expect(peers.filter((p) => p.closed()).length).toBe(44));
    expect(peers.slice(0, 44).every((p) => p.closed())).toBe(true);
    const agent = await t.connect(t.adminKey);
    expect((await agent.listTools()).tools.length).toBeGreaterThan(0);
    // The agent's connection is trusted: more anonymous ones do not push it out.
    for (let i = 0; i < cap + 10; i += 1) await silent();
    expect((await agent.listTools()).tools.length).toBeGreaterThan(0);
  });
});
