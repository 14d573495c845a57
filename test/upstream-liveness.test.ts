import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// Health probes never harm work: any answer is alive, and a restart after a silent probe lets
// the calls in flight finish.

// 2025 era: the probe is `ping` (2026-07-28 connections probe with server/discover).
const server = (id: string, ping: string) => ({
  id,
  era: '2025' as const,
  transport: { type: 'stdio' as const, ...fixtureStdio(['--ping', ping]), env: {} },
});

let t: TestSwitchboard;
let agent: Client;
const status = (id: string) => t.sb.gateway.status(id)!;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [server('refuses', 'error'), server('silent', 'silent')],
    settings: { healthIntervalMs: 300, cacheTtlMs: 0 },
  });
  await vi.waitFor(
    () => expect([status('refuses').state, status('silent').state]).toEqual(['ready', 'ready']),
    { timeout: 90_000, interval: 200 },
  );
  agent = await t.connect(t.adminKey);
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

describe('health probes', () => {
  it('count an error answer to a ping as alive: no restart', async () => {
    const pid = status('refuses').pid;
    await vi.waitFor(() => expect(status('refuses').stderrTail).toContain('ping 2: error'), {
      timeout: 30_000,
      interval: 100,
    });
    expect(status('refuses').pid).toBe(pid);
    expect(status('refuses').state).toBe('ready');
  }, 40_000);

  it('restart a silent server without killing the call in flight', async () => {
    // It is restarted every ~10 s (5 s quiet, then a 5 s probe): call it while it is up.
    await vi.waitFor(() => expect(status('silent').state).toBe('ready'), { timeout: 30_000 });
    const pid = status('silent').pid;
    let settled = false;
    const call = agent.callTool({ name: 'silent__slow', arguments: { ms: 25_000 } });
    void call.finally(() => (settled = true));
    await vi.waitFor(() => expect(status('silent').pid).not.toBe(pid), {
      timeout: 40_000,
      interval: 100,
    });
    // The restart came while the call was still running on the old process…
    expect(settled).toBe(false);
    // …and the call still gets its answer from it.
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(text(result)).toBe('done after 25000 ms');
  }, 60_000);
});
