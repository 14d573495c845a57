import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// Sick servers: each fault gives the caller a clear error in bounded time, the gateway
// stays up and serves the others, and the sick one recovers when it can.

let t: TestSwitchboard;
let agent: Client;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      { id: 'healthy', transport: fixtureTransport() },
      { id: 'hangs', transport: fixtureTransport(), callTimeoutMs: 400 },
      { id: 'dead', transport: fixtureTransport(['--exit-at-start']), fallback: 'healthy' },
      { id: 'garbage', transport: fixtureTransport(['--garbage-stdout']) },
      { id: 'noisy', transport: fixtureTransport(['--stderr-flood', '5000']) },
      { id: 'busy', transport: fixtureTransport(), maxInFlight: 1, maxQueue: 1 },
      { id: 'twins', transport: fixtureTransport(), replicas: 2, balance: 'round-robin' },
      { id: 'lazy', transport: fixtureTransport(), lazy: true },
      // Takes 4 s to start; start-up waits for it only 500 ms and marks it instead.
      {
        id: 'laggard',
        transport: fixtureTransport(['--delay-start', '4000']),
        startTimeoutMs: 500,
      },
    ],
    // No response cache here: replicas and repeated calls must reach the servers.
    settings: { maxResultBytes: 1_000_000, cacheTtlMs: 0 },
  });
  agent = await t.connect(t.adminKey);
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

const status = (id: string) => t.sb.gateway.status(id)!;

describe('a slow starter', () => {
  it('does not delay start-up or the others; it joins when ready', async () => {
    expect(status('laggard').state).toBe('starting');
    expect(status('healthy').state).toBe('ready');
    await expect.poll(() => status('laggard').state, { timeout: 20_000 }).toBe('ready');
    const names = (await agent.listTools()).tools.map((x) => x.name);
    expect(names).toContain('laggard__echo');
  });
});

describe('faults', () => {
  it('marks a server that exits at start down, with its stderr, and serves the rest', async () => {
    expect(status('dead').state).toBe('down');
    expect(status('dead').stderrTail.join('\n')).toContain('exit');
    expect(text(await agent.callTool({ name: 'healthy__echo', arguments: { text: 'up' } }))).toBe(
      'echo: up',
    );
  });

  it('answers a hanging call with a clear timeout and cancels it downstream', async () => {
    const result = await agent.callTool({ name: 'hangs__hang', arguments: {} });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('"hangs" did not answer in time');
    await expect
      .poll(
        async () =>
          JSON.parse(text(await agent.callTool({ name: 'hangs__last_cancelled', arguments: {} })))
            .cancelled,
      )
      .toBeGreaterThan(0);
  });

  it('opens the circuit after repeated failures and fails fast', async () => {
    for (let i = 0; i < 5; i++) await agent.callTool({ name: 'hangs__hang', arguments: {} });
    expect(status('hangs').breaker).toBe('open');
    const fast = await agent.callTool({ name: 'hangs__echo', arguments: { text: 'x' } });
    expect(fast.isError).toBe(true);
    expect(text(fast)).toContain('failed repeatedly and is paused');
  });

  it("tolerates garbage on a server's stdout", async () => {
    expect(text(await agent.callTool({ name: 'garbage__echo', arguments: { text: 'g' } }))).toBe(
      'echo: g',
    );
  });

  it('keeps only a bounded tail of a server that floods stderr', () => {
    expect(status('noisy').state).toBe('ready');
    expect(status('noisy').stderrTail.length).toBeLessThanOrEqual(51);
  });

  it('refuses a result over the size limit clearly and stays up', async () => {
    const big = await agent.callTool({ name: 'healthy__big', arguments: { bytes: 2_000_000 } });
    expect(big.isError).toBe(true);
    expect(text(big)).toContain("over Switchboard's limit of 1000000 bytes");
    expect(text(await agent.callTool({ name: 'healthy__big', arguments: { bytes: 10 } }))).toBe(
      'x'.repeat(10),
    );
  });

  it('recovers a crashed server with a restart', async () => {
    await agent.callTool({ name: 'healthy__crash', arguments: {} });
    await expect.poll(() => status('healthy').state, { timeout: 20_000 }).toBe('ready');
    expect(
      text(await agent.callTool({ name: 'healthy__echo', arguments: { text: 'again' } })),
    ).toBe('echo: again');
  });
});

describe('routing around and over servers', () => {
  it('sends calls for a down server to its fallback and says which one answered', async () => {
    // "dead" never listed tools, so ask the catalog of the fallback by the tool's own name.
    const direct = await t.connect(t.adminKey, { path: '/mcp/dead' });
    const tools = (await direct.listTools()).tools;
    expect(tools).toEqual([]);
    const result = await t.sb.gateway.forward(
      'dead',
      'tools/call',
      { name: 'echo', arguments: { text: 'fb' } },
      {},
    );
    expect(text(result)).toBe('echo: fb');
    expect(result._meta).toMatchObject({ 'io.switchboard/answeredBy': 'healthy' });
  });

  it('applies backpressure: a bounded queue, then a clear "busy"', async () => {
    const calls = [1, 2, 3].map(() =>
      agent.callTool({ name: 'busy__slow', arguments: { ms: 400 } }),
    );
    const results = await Promise.all(calls);
    const busy = results.filter((r) => r.isError);
    expect(busy).toHaveLength(1);
    expect(text(busy[0])).toContain('server busy');
  });

  it('balances calls over replicas', async () => {
    expect(status('twins').replicas).toHaveLength(2);
    const pids = new Set<number>();
    for (let i = 0; i < 4; i++) {
      pids.add(
        JSON.parse(text(await agent.callTool({ name: 'twins__whoami', arguments: {} }))).pid,
      );
    }
    expect(pids.size).toBe(2);
  });

  it('starts a lazy server on first use, listing its tools before', async () => {
    expect(status('lazy').state).toBe('asleep');
    expect((await agent.listTools()).tools.map((x) => x.name)).toContain('lazy__echo');
    expect(text(await agent.callTool({ name: 'lazy__echo', arguments: { text: 'woke' } }))).toBe(
      'echo: woke',
    );
    expect(status('lazy').state).toBe('ready');
  });
});
