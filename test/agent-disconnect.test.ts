import {
  Client,
  StreamableHTTPClientTransport,
  type ClientOptions,
} from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';
import { setLean } from '../src/main/gateway/lean.js';

// An agent that drops its connection mid-call has its call cancelled downstream at once, in
// both protocol eras and on both paths (the lean lane and the SDK's), and the drop does not
// count against the server's breaker.

let t: TestSwitchboard;
let observer: Client;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [{ id: 'work', transport: fixtureTransport() }],
    settings: { cacheTtlMs: 0, callTimeoutMs: 120_000 },
  });
  await vi.waitFor(() => expect(t.sb.gateway.status('work')?.state).toBe('ready'), {
    timeout: 90_000,
    interval: 200,
  });
  observer = await t.connect(t.adminKey);
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

/** An agent whose tools/call HTTP requests can be cut (the connection drops; no cancel sent). */
async function droppingAgent(era: 'legacy' | 'modern') {
  const cuts: AbortController[] = [];
  const cuttable: typeof fetch = (url, init) => {
    const cut = new AbortController();
    if (String(init?.body ?? '').includes('"tools/call"')) cuts.push(cut);
    const signal = init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal;
    return fetch(url, { ...init, signal });
  };
  const client = new Client({ name: 'dropping-agent', version: '1.0.0' }, {
    versionNegotiation: { mode: era === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
  } as ClientOptions);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(t.url), {
      requestInit: { headers: { authorization: `Bearer ${t.adminKey}` } },
      fetch: cuttable,
    }),
  );
  return { client, cut: () => cuts.splice(0).forEach((c) => c.abort()) };
}

const cancelled = async () =>
  (
    JSON.parse(text(await observer.callTool({ name: 'work__last_cancelled', arguments: {} }))) as {
      cancelled: number;
    }
  ).cancelled;

describe.each([
  ['legacy', true],
  ['modern', true],
  ['legacy', false],
  ['modern', false],
] as const)('an agent that disconnects (%s era, lean lane %s)', (era, laneOn) => {
  beforeAll(() => setLean(laneOn));
  afterAll(() => setLean(true));

  it('has its call cancelled downstream at once, not at the call timeout', async () => {
    const before = await cancelled();
    const agent = await droppingAgent(era);
    // The dropped call's own promise is left alone: the SDK client may retry the stream.
    void agent.client.callTool({ name: 'work__hang', arguments: {} }).catch(() => undefined);
    await vi.waitFor(() => expect(t.sb.gateway.status('work')!.replicas[0]!.inFlight).toBe(1), {
      timeout: 20_000,
    });
    agent.cut();
    await vi.waitFor(async () => expect(await cancelled()).toBeGreaterThan(before), {
      timeout: 20_000,
      interval: 100,
    });
    expect(t.sb.gateway.status('work')!.replicas[0]!.inFlight).toBe(0);
    expect(t.sb.gateway.status('work')!.breaker).toBe('closed');
    await agent.client.close().catch(() => undefined);
  }, 60_000);
});
