import { afterAll, describe, expect, it } from 'vitest';
import { ServerConfigSchema } from '../src/shared/model.js';
import { Upstream } from '../src/main/gateway/upstream/upstream.js';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';

// A breaker that opens fails the calls waiting in its queue at once: none goes out to a server
// that was just paused, and none waits out its own timeout.

const config = ServerConfigSchema.parse({
  id: 'paused',
  transport: fixtureTransport(),
  maxInFlight: 5,
  maxQueue: 10,
});
const upstream = new Upstream(
  config,
  { connectTimeoutMs: 60_000, callTimeoutMs: 60_000, healthIntervalMs: 600_000 },
  { onStatus: () => {}, onLists: () => {} },
);
const hang = { name: 'hang', arguments: {} };

afterAll(async () => {
  await upstream.stop();
  await stopAllFixtures();
});

describe('a breaker that opens', () => {
  it('fails its queue at once with the pause, not at each call timeout', async () => {
    await upstream.start();
    // Five calls fill the slots and time out together: the fifth failure opens the breaker.
    const running = Array.from({ length: 5 }, () =>
      upstream.request('tools/call', hang, { timeout: 500 }).then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    );
    const queued = Array.from({ length: 10 }, () =>
      upstream.request('tools/call', hang, { timeout: 5_000 }).then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    );
    for (const message of await Promise.all(running)) expect(message).toMatch(/timed out/i);
    // The slots freed by the first four failures went to four waiters while the breaker was
    // still closed; the six still waiting when it opened fail with the pause.
    const outcomes = await Promise.all(queued);
    expect(outcomes.filter((m) => m.includes('failed repeatedly and is paused'))).toHaveLength(6);
    expect(outcomes).not.toContain('answered');
    expect(upstream.status({ tools: 0, resources: 0, prompts: 0 }).breaker).toBe('open');
  }, 40_000);
});
