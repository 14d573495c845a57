import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLean } from '../src/main/gateway/lean.js';
import { startHttpFixture, stopAllFixtures, type HttpFixture } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// What one small call costs a Streamable HTTP server behind the gateway, counted by the server
// itself: one POST of that call on a kept-alive connection, whatever the agent's era and
// whichever path (lean or SDK) the gateway takes. A new connection, a GET stream or a second
// request per call would each add a round trip (or a handshake) to every call.

let t: TestSwitchboard;
let remote: HttpFixture;
let key: string;

interface Stats {
  connections: number;
  requests: Record<string, number>;
}

async function stats(): Promise<Stats> {
  const response = await fetch(remote.url.replace(/\/mcp$/, '/stats'));
  return (await response.json()) as Stats;
}

/** What the server saw between two readings: new connections and requests by kind. */
function delta(before: Stats, after: Stats): Stats {
  const requests: Record<string, number> = {};
  for (const [kind, count] of Object.entries(after.requests)) {
    const more = count - (before.requests[kind] ?? 0);
    if (more > 0) requests[kind] = more;
  }
  return { connections: after.connections - before.connections, requests };
}

beforeAll(async () => {
  remote = await startHttpFixture(['--name', 'remote']);
  t = await startSwitchboard({
    servers: [{ id: 'remote', transport: { type: 'http', url: remote.url, headers: {} } }],
    // Every call reaches the server: no answer from the response cache.
    settings: { cacheTtlMs: 0 },
  });
  await vi.waitFor(() => expect(t.sb.gateway.status('remote')?.state).toBe('ready'), {
    timeout: 60_000,
  });
  key = await t.key('admin');
}, 120_000);

afterAll(async () => {
  setLean(true);
  await t?.stop();
  await remote?.stop();
  await stopAllFixtures();
});

describe.each([
  ['2026-07-28', 'modern'],
  ['2025', 'legacy'],
] as const)('a %s agent calling through to a Streamable HTTP server', (_, era) => {
  it.each([true, false])(
    'costs the server one POST per call (lean lane %s)',
    async (enabled) => {
      setLean(enabled);
      const agent = await t.connect(key, { era });
      try {
        // Warm: the connection to the server is open and the era's envelope known.
        await agent.callTool({ name: 'remote__echo', arguments: { text: 'warm' } });
        const before = await stats();
        const counted = (await t.sb.control.getMetrics()).totals.calls;
        const calls = 20;
        for (let i = 0; i < calls; i++) {
          const result = await agent.callTool({
            name: 'remote__echo',
            arguments: { text: `${i}` },
          });
          expect(result.isError).toBeFalsy();
        }
        const seen = delta(before, await stats());
        expect(seen.requests).toEqual({ 'POST tools/call': calls });
        // At most the test's own /stats reading opened one; the gateway's was kept alive.
        expect(seen.connections).toBeLessThanOrEqual(1);
        // And the gateway counts each call once (its calls total and latency histogram).
        expect((await t.sb.control.getMetrics()).totals.calls - counted).toBe(calls);
      } finally {
        await agent.close();
        setLean(true);
      }
    },
    60_000,
  );
});
