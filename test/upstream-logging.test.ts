import { afterAll, describe, expect, it, vi } from 'vitest';
import { ServerConfigSchema } from '../src/shared/model.js';
import { createLogger } from '../src/main/gateway/observe/logger.js';
import { createRedactor } from '../src/main/gateway/observe/redact.js';
import { Upstream } from '../src/main/gateway/upstream/upstream.js';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';

// Every state change of a server reaches the log: starting, ready, down, restarting, and the
// breaker's open / half-open / closed.

const lines: { msg: string; state?: string; breaker?: string }[] = [];
const logger = createLogger({
  level: 'info',
  redactor: createRedactor(),
  destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
});
const config = ServerConfigSchema.parse({
  id: 'logged',
  transport: fixtureTransport(),
});
const upstream = new Upstream(
  config,
  { connectTimeoutMs: 60_000, callTimeoutMs: 30_000, healthIntervalMs: 60_000, logger },
  { onStatus: () => {}, onLists: () => {} },
);
const messages = () => lines.map((l) => l.msg);

afterAll(async () => {
  await upstream.stop();
  await stopAllFixtures();
});

describe('server state changes in the log', () => {
  it('logs start, ready, a crash (down), the restart and ready again', async () => {
    await upstream.start();
    expect(messages()).toEqual(expect.arrayContaining(['server logged is ready']));
    await upstream.request('tools/call', { name: 'crash', arguments: {} }, {}).catch(() => {});
    await vi.waitFor(
      () => {
        const after = messages().slice(messages().indexOf('server logged is ready') + 1);
        expect(after).toEqual(
          expect.arrayContaining([
            'server logged is down',
            'server logged is restarting',
            'server logged is ready',
          ]),
        );
      },
      { timeout: 60_000, interval: 100 },
    );
  }, 90_000);

  it('logs the breaker opening after repeated timeouts', async () => {
    for (let i = 0; i < 5; i++) {
      await upstream
        .request('tools/call', { name: 'hang', arguments: {} }, { timeout: 200 })
        .catch(() => {});
    }
    expect(lines.find((l) => l.msg === 'server logged: breaker open')).toMatchObject({
      breaker: 'open',
    });
  }, 60_000);
});
