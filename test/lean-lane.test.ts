import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import { setLean } from '../src/main/gateway/lean.js';
import {
  fixtureTransport,
  startHttpFixture,
  stopAllFixtures,
  type HttpFixture,
} from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// The lean lane answers hot requests below the SDK, on both sides of the gateway. What the
// agent sees must not change: each case runs with the lane on and off, and the JSON-RPC
// messages the agent receives (parsed, compared deep) are the same.

let t: TestSwitchboard;
let remote: HttpFixture;
let key: string;

beforeAll(async () => {
  remote = await startHttpFixture(['--name', 'remote']);
  const base = { description: '', exposure: 'all' as const, pinned: [] };
  t = await startSwitchboard({
    servers: [
      { id: 'local', transport: fixtureTransport(['--name', 'local']) },
      { id: 'remote', transport: { type: 'http', url: remote.url, headers: {} } },
      {
        id: 'asker',
        transport: fixtureTransport(['--client-requests']),
      },
    ],
    // No response cache: each path's answer must come from the server, and polls of the
    // fixture's read-only counters must read it anew.
    settings: { cacheTtlMs: 0 },
    roles: [
      ...defaultConfig('').roles,
      {
        ...base,
        name: 'tester',
        serverRequests: { '*': { sampling: 'allow' } },
        rules: [
          { pattern: '*__env', action: 'deny' },
          { pattern: '*', action: 'allow' },
        ],
      },
    ],
  });
  key = await t.key('tester');
}, 120_000);

afterAll(async () => {
  setLean(true);
  await t?.stop();
  await remote?.stop();
  await stopAllFixtures();
});

/** The content type of the last answer: the lane answers JSON where the SDK path streams. */
let lastType: string | null = null;

/** A bare 2025-era agent session: every message it receives, parsed, per request. */
async function rawAgent() {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const post = async (body: unknown) => {
    const response = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify(body) });
    lastType = response.headers.get('content-type');
    return {
      response,
      messages: parse(response.headers.get('content-type'), await response.text()),
    };
  };
  const init = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw-agent', version: '1.0.0' },
    },
  });
  headers['mcp-session-id'] = init.response.headers.get('mcp-session-id')!;
  headers['mcp-protocol-version'] = '2025-06-18';
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return {
    request: async (id: number, method: string, params: unknown) =>
      (await post({ jsonrpc: '2.0', id, method, params })).messages,
    post,
    headers,
  };
}

function parse(type: string | null, text: string): unknown[] {
  if (type?.includes('text/event-stream')) {
    return text
      .split(/\n\n/)
      .map((event) =>
        event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n'),
      )
      .filter((data) => data.length > 0)
      .map((data) => JSON.parse(data) as unknown);
  }
  return text ? [JSON.parse(text) as unknown] : [];
}

/** The same request with the lane on and off: what the agent received each time. */
async function both(method: string, params: unknown): Promise<[unknown[], unknown[]]> {
  const agent = await rawAgent();
  setLean(true);
  const on = await agent.request(7, method, params);
  types.on = lastType;
  setLean(false);
  const off = await agent.request(7, method, params);
  types.off = lastType;
  setLean(true);
  return [on, off];
}

const types: { on: string | null; off: string | null } = { on: null, off: null };

const servers = ['local', 'remote'] as const;

describe.each(servers)('the lean lane, server over %s', (server) => {
  const upstream = server === 'local' ? 'stdio' : 'Streamable HTTP';
  it(`answers a call as the SDK path does (${upstream})`, async () => {
    const [on, off] = await both('tools/call', {
      name: `${server}__echo`,
      arguments: { text: 'same' },
    });
    expect(on).toEqual(off);
    expect(on).toEqual([
      expect.objectContaining({
        id: 7,
        result: expect.objectContaining({ content: expect.anything() }),
      }),
    ]);
  });

  it('answers a large result as the SDK path does', async () => {
    const [on, off] = await both('tools/call', {
      name: `${server}__big`,
      arguments: { bytes: 100_000 },
    });
    expect(on).toEqual(off);
  });

  it('answers an unknown tool with the same error', async () => {
    const [on, off] = await both('tools/call', { name: `${server}__nope`, arguments: {} });
    expect(on).toEqual(off);
    expect(on).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: -32602 }) }),
    ]);
  });

  it('answers a denied call with the same refusal', async () => {
    const [on, off] = await both('tools/call', {
      name: `${server}__env`,
      arguments: { name: 'PATH' },
    });
    expect(on).toEqual(off);
    expect(JSON.stringify(on)).toContain('Denied by Switchboard');
  });

  it("answers a server's error with the same error result", async () => {
    const [on, off] = await both('tools/call', { name: `${server}__add`, arguments: { a: 'x' } });
    expect(on).toEqual(off);
    expect(on).toEqual([
      expect.objectContaining({ result: expect.objectContaining({ isError: true }) }),
    ]);
  });

  it('answers invalid params with the same error', async () => {
    const [on, off] = await both('tools/call', { name: 42 });
    expect(on).toEqual(off);
    expect(on).toEqual([expect.objectContaining({ error: expect.anything() })]);
  });

  it('sends the same progress notifications before the same result', async () => {
    const params = {
      name: `${server}__slow`,
      arguments: { ms: 30, steps: 3 },
      _meta: { progressToken: 'p1' },
    };
    const [on, off] = await both('tools/call', params);
    expect(on).toEqual(off);
    expect(on.map((m) => (m as { method?: string }).method ?? 'answer')).toEqual([
      'notifications/progress',
      'notifications/progress',
      'notifications/progress',
      'answer',
    ]);
  });

  it('reads a resource as the SDK path does', async () => {
    const agent = await rawAgent();
    const listed = (await agent.request(1, 'resources/list', {}))[0] as {
      result: { resources: { uri: string }[] };
    };
    const uri =
      listed.result.resources.find((r) => r.uri.includes(server === 'local' ? 'local' : 'remote'))
        ?.uri ?? listed.result.resources[0]!.uri;
    const [on, off] = await both('resources/read', { uri });
    expect(on).toEqual(off);
    const [missingOn, missingOff] = await both('resources/read', { uri: 'nowhere://x' });
    expect(missingOn).toEqual(missingOff);
  });

  it.each([true, false])('passes a cancellation to the server (lane %s)', async (enabled) => {
    setLean(enabled);
    const agent: Client = await t.connect(key);
    const count = async () =>
      JSON.parse(
        (
          (await agent.callTool({ name: `${server}__last_cancelled`, arguments: {} })) as {
            content: { text: string }[];
          }
        ).content[0]!.text,
      ).cancelled as number;
    const before = await count();
    const controller = new AbortController();
    // Cancelled at its first progress: the server has the call then.
    const call = agent.callTool(
      { name: `${server}__slow`, arguments: { ms: 600_000, steps: 600 } },
      {
        signal: controller.signal,
        onprogress: () => controller.abort('test cancels'),
      } as never,
    );
    await expect(call).rejects.toThrow();
    await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before);
    await expect
      .poll(
        async () =>
          (await t.sb.control.queryAudit({ limit: 20 })).find((e) => e.tool === `${server}__slow`)
            ?.outcome,
      )
      .toBe('cancelled');
    setLean(true);
  });
});

describe('the lean lane with an SDK agent', () => {
  it("relays a server's sampling request to the agent on the same call", async () => {
    const answers: unknown[] = [];
    const seen: unknown[] = [];
    for (const enabled of [true, false]) {
      setLean(enabled);
      const agent = await t.connect(key, {
        clientOptions: { capabilities: { sampling: {} } } as never,
      });
      agent.setRequestHandler('sampling/createMessage', (request) => {
        seen.push(request.params);
        return {
          model: 'agent-model',
          role: 'assistant',
          content: { type: 'text', text: 'sampled by the agent' },
        };
      });
      answers.push(
        await agent.callTool({ name: 'asker__test_sampling', arguments: { prompt: 'hi' } }),
      );
    }
    setLean(true);
    // The tokens the SDK numbers per request differ between two calls; all else is the same.
    const untokened = (value: unknown) =>
      JSON.parse(JSON.stringify(value).replace(/"progressToken":\d+/g, '"progressToken":"n"'));
    expect(untokened(answers[0])).toEqual(untokened(answers[1]));
    expect(untokened(seen[0])).toEqual(untokened(seen[1]));
    expect(JSON.stringify(answers[0])).toContain('sampled by the agent');
  });

  it.each([true, false])('calls, streams progress and reads (lane %s)', async (enabled) => {
    setLean(enabled);
    const agent = await t.connect(key);
    const progress: number[] = [];
    const result = await agent.callTool({ name: 'local__slow', arguments: { ms: 20, steps: 2 } }, {
      onprogress: (p: { progress: number }) => progress.push(p.progress),
    } as never);
    expect(result.isError).toBeFalsy();
    expect(progress).toEqual([1, 2]);
    const echoed = await agent.callTool({ name: 'remote__echo', arguments: { text: 'sdk' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'echo: sdk' }]);
    setLean(true);
  });
});
