import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  fixtureTransport,
  startHttpFixture,
  stopAllFixtures,
  type HttpFixture,
} from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// A lost upstream session heals: the server restarts (HTTP: a new process on the same port
// answers 404 to the old Mcp-Session-Id; stdio: the child exits), the gateway initializes a
// new session, read-only calls go on, and a call that may have run is not repeated.

let t: TestSwitchboard;
let agent: Client;
let web: HttpFixture;

beforeAll(async () => {
  web = await startHttpFixture();
  t = await startSwitchboard({
    servers: [
      // The 2025 era keeps a session (the 2026-07-28 one has none to lose).
      { id: 'web', transport: { type: 'http', url: web.url, headers: {} }, era: '2025' },
      { id: 'local', transport: fixtureTransport() },
    ],
    settings: { cacheTtlMs: 0 },
  });
  agent = await t.connect(t.adminKey);
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

const status = (id: string) => t.sb.gateway.status(id)!;

async function reinitializations(server: string): Promise<number> {
  const token = new URL(t.sb.controlCenterUrl).hash.replace('#token=', '');
  const res = await fetch(`${t.sb.endpoint.origin}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const line = (await res.text())
    .split('\n')
    .find((l) => l.startsWith(`switchboard_upstream_reinitializations_total{server="${server}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('an HTTP server that restarts mid-session', () => {
  it('serves the next read-only call after a restart between calls', async () => {
    const before = JSON.parse(text(await agent.callTool({ name: 'web__whoami', arguments: {} })));
    expect(before.pid).toBe(web.pid);
    const renewed = await reinitializations('web');
    // Same port, new process: it answers 404 to the old session id.
    await web.stop();
    web = await startHttpFixture([], web.port);
    const after = await agent.callTool({ name: 'web__whoami', arguments: {} });
    expect(after.isError).toBeFalsy();
    expect(JSON.parse(text(after)).pid).toBe(web.pid);
    expect(await reinitializations('web')).toBe(renewed + 1);
    expect(status('web').state).toBe('ready');
  });

  it('fails a call that is not read-only in flight at the restart, naming the server', async () => {
    const write = agent.callTool({ name: 'web__slow', arguments: { ms: 60_000 } });
    await vi.waitFor(() => expect(status('web').replicas[0]!.inFlight).toBe(1));
    await web.stop();
    const failed = await write;
    expect(failed.isError).toBe(true);
    expect(text(failed)).toMatch(/server "web" restarted while the call to slow was in flight/);
    expect(text(failed)).toContain('not retried');
    // Back on the same port, the server is served again (its restart backs off meanwhile).
    web = await startHttpFixture([], web.port);
    await vi.waitFor(() => expect(status('web').state).toBe('ready'), { timeout: 30_000 });
    expect(text(await agent.callTool({ name: 'web__echo', arguments: { text: 'hi' } }))).toBe(
      'echo: hi',
    );
  });
});

describe('a stdio server that restarts', () => {
  it('retries a read-only call in flight once on the new process', async () => {
    const pid = status('local').pid;
    const before = await reinitializations('local');
    // `counted` is read-only; it waits 5 s, and the process exits meanwhile.
    const read = agent.callTool({ name: 'local__counted', arguments: { text: 'r', ms: 5_000 } });
    await vi.waitFor(() => expect(status('local').replicas[0]!.inFlight).toBe(1));
    await agent.callTool({ name: 'local__crash', arguments: {} });
    const result = await read;
    expect(result.isError).toBeFalsy();
    // The new process numbers its first run 1: the retry ran there.
    expect(text(result)).toBe('r #1');
    expect(status('local').pid).not.toBe(pid);
    expect(await reinitializations('local')).toBe(before + 1);
  });
});
