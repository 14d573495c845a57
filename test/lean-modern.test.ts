import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import { setLean, setModernLane } from '../src/main/gateway/lean.js';
import {
  everythingStdio,
  fixtureTransport,
  startHttpFixture,
  stopAllFixtures,
  type HttpFixture,
} from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// The 2026-07-28 lean lane answers a plain tools/call or resources/read without the SDK's
// per-request server. What the agent receives must not change by a byte: each request is
// sent with the lane on and off, and the status, content type and body text are compared.
// Which path answered shows in the framing alone: the lane sends a Content-Length, the SDK
// path (a web Response piped to Node) a chunked body.

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
      { id: 'every', transport: { type: 'stdio', ...everythingStdio(), env: {} } },
      {
        id: 'asker',
        transport: fixtureTransport(['--client-requests']),
        // Named, not probed: on a busy machine the probe can time out and settle on 2025, where
        // a suspended call's server request meets the next one as an ambiguous pair.
        era: '2026-07-28' as const,
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
  setModernLane(true);
  await t?.stop();
  await remote?.stop();
  await stopAllFixtures();
});

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw-agent', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

interface Answer {
  status: number;
  type: string | null;
  body: string;
  /** Whether the lane answered (see the framing note above). */
  lane: boolean;
}

/** One request as the SDK's 2026-07-28 client sends it: headers mirror the body. */
async function send(
  method: string,
  params: Record<string, unknown>,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const name = method === 'resources/read' ? params.uri : params.name;
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
    ...(typeof name === 'string' ? { 'mcp-name': name } : {}),
    ...extra,
  };
  const meta = { ...ENVELOPE, ...(params._meta as object | undefined) };
  const body = JSON.stringify({
    method,
    params: { ...params, _meta: meta },
    jsonrpc: '2.0',
    id: 7,
  });
  const response = await fetch(t.url, { method: 'POST', headers, body });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: await response.text(),
    lane: response.headers.get('content-length') !== null,
  };
}

/**
 * The same request with the lane on and bypassed. Only this lane is bypassed: the upstream
 * request goes the same way both times, so the two answers can be compared byte for byte.
 */
async function both(
  method: string,
  params: Record<string, unknown>,
  extra?: Record<string, string>,
): Promise<[Answer, Answer]> {
  setModernLane(true);
  const on = await send(method, params, extra);
  setModernLane(false);
  const off = await send(method, params, extra);
  setModernLane(true);
  return [on, off];
}

/** The answer without which path gave it: what the agent reads. */
const seen = ({ status, type, body }: Answer) => ({ status, type, body });

describe.each(['local', 'remote'] as const)('the 2026-07-28 lane, server %s', (server) => {
  it('answers a result byte for byte as the SDK path does', async () => {
    const [on, off] = await both('tools/call', {
      name: `${server}__echo`,
      arguments: { text: 'same' },
    });
    expect(seen(on)).toEqual(seen(off));
    expect([on.lane, off.lane]).toEqual([true, false]);
    expect(JSON.parse(on.body)).toMatchObject({ id: 7, result: { resultType: 'complete' } });
  });

  it('answers a large result as the SDK path does', async () => {
    const [on, off] = await both('tools/call', {
      name: `${server}__big`,
      arguments: { bytes: 100_000 },
    });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(true);
  });

  it("answers a server's isError result as the SDK path does", async () => {
    const [on, off] = await both('tools/call', { name: `${server}__add`, arguments: { a: 'x' } });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(true);
    expect(JSON.parse(on.body)).toMatchObject({ result: { isError: true } });
  });

  it('answers an unknown tool with the same error', async () => {
    const [on, off] = await both('tools/call', { name: `${server}__nope`, arguments: {} });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(true);
    expect(JSON.parse(on.body)).toMatchObject({ error: { code: -32602 } });
  });

  it('answers a denied call with the same refusal', async () => {
    const [on, off] = await both('tools/call', {
      name: `${server}__env`,
      arguments: { name: 'PATH' },
    });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(true);
    expect(on.body).toContain('Denied by Switchboard');
  });

  it('reads a resource, and a missing one, as the SDK path does', async () => {
    const [on, off] = await both('resources/read', { uri: 'fixture://notes' });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(true);
    const [missingOn, missingOff] = await both('resources/read', { uri: 'nowhere://x' });
    expect(seen(missingOn)).toEqual(seen(missingOff));
    expect(missingOn.lane).toBe(true);
  });
});

describe('what the 2026-07-28 lane leaves to the SDK', () => {
  it('invalid params', async () => {
    const [on, off] = await both('tools/call', { name: 42 });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(false);
    expect(JSON.parse(on.body)).toMatchObject({ error: { code: -32602 } });
  });

  it.each([
    ['a Mcp-Name header that differs from the body', { 'mcp-name': 'local__add' }],
    ['a missing Mcp-Method header', { 'mcp-method': '' }],
    ['a Mcp-Method header that differs from the body', { 'mcp-method': 'tools/list' }],
    ['an encoded Mcp-Name header', { 'mcp-name': '=?base64?bG9jYWxfX2VjaG8=?=' }],
  ])('%s', async (_, headers) => {
    const [on, off] = await both(
      'tools/call',
      { name: 'local__echo', arguments: { text: 'h' } },
      headers,
    );
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(false);
  });

  it('a call with a progress token, streamed as the SDK streams it', async () => {
    const params = {
      name: 'local__slow',
      arguments: { ms: 30, steps: 2 },
      _meta: { progressToken: 'p1' },
    };
    const [on, off] = await both('tools/call', params);
    expect(seen(on)).toEqual(seen(off));
    expect(on.type).toContain('text/event-stream');
  });

  it('an agent that declared sampling, so a server may ask it during the call', async () => {
    const params = {
      name: 'asker__test_sampling',
      arguments: { prompt: 'hi' },
      _meta: { 'io.modelcontextprotocol/clientCapabilities': { sampling: {} } },
    };
    const [on, off] = await both('tools/call', params);
    // Each round names its suspended call by a fresh token.
    const untokened = (answer: Answer) => ({
      ...seen(answer),
      body: answer.body.replace(/"requestState":"[^"]+"/, '"requestState":"t"'),
    });
    expect(untokened(on)).toEqual(untokened(off));
    expect(on.lane).toBe(false);
    expect(JSON.parse(on.body)).toMatchObject({ result: { resultType: 'input_required' } });
  });

  it("an agent that did not: the server's request is refused on both paths", async () => {
    const [on, off] = await both('tools/call', {
      name: 'asker__test_sampling',
      arguments: { prompt: 'hi' },
    });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(true);
  });

  it.each([
    ['an image', 'every__get-tiny-image', {}, 'image'],
    ['annotated text', 'every__get-annotated-message', { messageType: 'error' }, 'text'],
  ])('a result with %s is encoded by the SDK itself', async (_, name, args, type) => {
    const [on, off] = await both('tools/call', { name, arguments: args });
    expect(seen(on)).toEqual(seen(off));
    expect(on.lane).toBe(false);
    expect(on.body).toContain(`"type":"${type}"`);
  });
});

describe('the 2026-07-28 lane with an SDK agent', () => {
  const connect = (): Promise<Client> => t.connect(key, { era: 'modern' });

  it.each([true, false])('calls and reads (lane %s)', async (enabled) => {
    setLean(enabled);
    const agent = await connect();
    const echoed = await agent.callTool({ name: 'remote__echo', arguments: { text: 'sdk' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'echo: sdk' }]);
    const read = await agent.readResource({ uri: 'fixture://notes' });
    expect(read.contents[0]).toMatchObject({ uri: 'fixture://notes' });
    await expect(agent.callTool({ name: 'local__nope', arguments: {} })).rejects.toThrow(
      'Unknown tool: local__nope',
    );
    setLean(true);
  });

  it.each([true, false])('passes a cancellation to the server (lane %s)', async (enabled) => {
    setLean(enabled);
    const agent = await connect();
    const count = async () =>
      JSON.parse(
        (
          (await agent.callTool({ name: 'local__last_cancelled', arguments: {} })) as {
            content: { text: string }[];
          }
        ).content[0]!.text,
      ).cancelled as number;
    const before = await count();
    const cancelledLines = async () =>
      (await t.sb.control.queryAudit({ limit: 200 })).filter(
        (e) => e.tool === 'local__hang' && e.outcome === 'cancelled',
      ).length;
    const linesBefore = await cancelledLines();
    const controller = new AbortController();
    const hanging = agent.callTool({ name: 'local__hang', arguments: {} }, {
      signal: controller.signal,
    } as never);
    const replica = () => t.sb.gateway.statuses().find((s) => s.id === 'local')!.replicas[0]!;
    await expect.poll(() => replica().inFlight, { timeout: 10_000 }).toBeGreaterThan(0);
    controller.abort('test cancels');
    await expect(hanging).rejects.toThrow();
    await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before);
    await expect.poll(cancelledLines, { timeout: 10_000 }).toBe(linesBefore + 1);
    setLean(true);
  });
});
