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

// One bad server cannot take the gateway down: what a server writes is read in bounded memory,
// and a server over the bounds is refused or cut off while the others go on.

let t: TestSwitchboard;
let agent: Client;
let http: HttpFixture;

beforeAll(async () => {
  http = await startHttpFixture();
  t = await startSwitchboard({
    servers: [
      { id: 'good', transport: fixtureTransport() },
      { id: 'flood', transport: fixtureTransport() },
      { id: 'web', transport: { type: 'http', url: http.url, headers: {} } },
    ],
    settings: { maxResultBytes: 100_000, cacheTtlMs: 0 },
  });
  // On a loaded machine a server may take longer than start-up waits: wait for both.
  await vi.waitFor(
    () =>
      expect(['good', 'flood', 'web'].map((id) => status(id).state)).toEqual([
        'ready',
        'ready',
        'ready',
      ]),
    { timeout: 90_000, interval: 200 },
  );
  agent = await t.connect(t.adminKey);
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await http?.stop();
  await stopAllFixtures();
});

const status = (id: string) => t.sb.gateway.status(id)!;

describe('the stdout read path', () => {
  it('cuts off a server that writes over 64 MiB without a newline; the gateway lives', async () => {
    const result = await agent.callTool({
      name: 'flood__flood_stdout',
      arguments: { bytes: 65 * 1024 * 1024 },
    });
    expect(result.isError).toBe(true);
    await expect.poll(() => status('flood').lastError ?? '').toContain('cut it off');
    expect(text(await agent.callTool({ name: 'good__echo', arguments: { text: 'alive' } }))).toBe(
      'echo: alive',
    );
    // The cut-off server is restarted like any crashed one and serves again.
    await expect.poll(() => status('flood').state, { timeout: 20_000 }).toBe('ready');
    expect(text(await agent.callTool({ name: 'flood__echo', arguments: { text: 'back' } }))).toBe(
      'echo: back',
    );
  }, 60_000);

  it('refuses a result while it arrives once it passes the limit on the wire', async () => {
    const result = await agent.callTool({ name: 'good__big', arguments: { bytes: 2_000_000 } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('while it arrived');
    expect(text(result)).toContain("over Switchboard's limit of 100000 bytes");
    // The server was not cut off: its next answer arrives on the same connection.
    const pid = status('good').pid;
    expect(text(await agent.callTool({ name: 'good__big', arguments: { bytes: 10 } }))).toBe(
      'x'.repeat(10),
    );
    expect(status('good').pid).toBe(pid);
  });

  it('refuses an HTTP answer while it arrives once it passes the limit on the wire', async () => {
    // Five refusals in a row: our verdicts, not the server's failures, so the breaker stays shut.
    for (let i = 0; i < 5; i++) {
      const result = await agent.callTool({ name: 'web__big', arguments: { bytes: 2_000_000 } });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain('while it arrived');
    }
    expect(status('web').breaker).toBe('closed');
    expect(text(await agent.callTool({ name: 'web__big', arguments: { bytes: 10 } }))).toBe(
      'x'.repeat(10),
    );
  });
});
