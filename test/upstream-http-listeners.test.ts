import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHttpFixture, stopAllFixtures, type HttpFixture } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// The HTTP client path to a Streamable HTTP upstream keeps a fixed number of abort listeners
// under load: no MaxListenersExceededWarning, no growth between garbage collections.

let t: TestSwitchboard;
let http: HttpFixture;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

beforeAll(async () => {
  process.on('warning', onWarning);
  http = await startHttpFixture();
  t = await startSwitchboard({
    // A 2025-era connection: the SDK gives every request the connection's one long-lived signal.
    servers: [{ id: 'web', transport: { type: 'http', url: http.url, headers: {} }, era: '2025' }],
    settings: { cacheTtlMs: 0 },
  });
  await vi.waitFor(() => expect(t.sb.gateway.status('web')?.state).toBe('ready'), {
    timeout: 60_000,
  });
}, 120_000);

afterAll(async () => {
  process.off('warning', onWarning);
  await t?.stop();
  await http?.stop();
  await stopAllFixtures();
});

/** The abort listeners on the connection's own signal (the SDK transport's, reached inside). */
function transportListeners(): number {
  const gateway = t.sb.gateway as unknown as {
    upstreams: Map<string, { replicas: { connection: { transport: unknown } }[] }>;
  };
  const transport = gateway.upstreams.get('web')!.replicas[0]!.connection.transport as {
    _abortController: AbortController;
  };
  return getEventListeners(transport._abortController.signal, 'abort').length;
}

describe('the HTTP client path under load', () => {
  it('makes 20,000 calls with no warning and a flat listener count', async () => {
    const counts: number[] = [];
    for (let batch = 0; batch < 100; batch++) {
      const calls = Array.from({ length: 200 }, (_, i) =>
        t.sb.gateway.forward(
          'web',
          'tools/call',
          { name: 'echo', arguments: { text: `${i}` } },
          {},
        ),
      );
      const results = await Promise.all(calls);
      expect(results.every((r) => !r.isError)).toBe(true);
      if (batch % 10 === 9) counts.push(transportListeners());
    }
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
  }, 600_000);
});
