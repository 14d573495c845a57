import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  everythingStdio,
  filesystemStdio,
  fixtureTransport,
  memoryStdio,
  startEverything,
  startHttpFixture,
  stopAllFixtures,
  type HttpFixture,
} from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// The gateway core, end to end: real SDK clients of both protocol eras against the real
// endpoint, fronting real servers over real stdio, Streamable HTTP and legacy SSE.

let t: TestSwitchboard;
let httpFixture: HttpFixture;
let sse: { url: string; stop(): Promise<void> };
const workspace = mkdtempSync(join(tmpdir(), 'switchboard-ws-'));

beforeAll(async () => {
  writeFileSync(join(workspace, 'hello.txt'), 'hello from the workspace\n');
  httpFixture = await startHttpFixture(['--name', 'remote']);
  sse = await startEverything('sse');
  const fs = filesystemStdio(workspace);
  const memory = memoryStdio(join(workspace, 'memory.jsonl'));
  t = await startSwitchboard({
    servers: [
      // New tools (add_tool) join at once here; tool review has its own tests (test/security).
      {
        id: 'fixture',
        transport: fixtureTransport(),
        newToolsWait: false,
      },
      { id: 'everything', transport: { type: 'stdio', ...everythingStdio(), env: {} } },
      { id: 'filesystem', transport: { type: 'stdio', ...fs } },
      { id: 'memory', transport: { type: 'stdio', ...memory } },
      { id: 'remote', transport: { type: 'http', url: httpFixture.url, headers: {} } },
      { id: 'legacy-sse', transport: { type: 'sse', url: sse.url, headers: {} } },
    ],
  });
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await sse?.stop();
  await httpFixture?.stop();
  await stopAllFixtures();
});

describe('start-up', () => {
  it('brings every server up, each with its protocol revision', () => {
    const states = Object.fromEntries(t.sb.gateway.statuses().map((s) => [s.id, s.state]));
    expect(states).toEqual({
      fixture: 'ready',
      everything: 'ready',
      filesystem: 'ready',
      memory: 'ready',
      remote: 'ready',
      'legacy-sse': 'ready',
    });
  });

  it('reports each server on GET /health', async () => {
    const health = (await (await fetch(`${t.sb.endpoint.origin}/health`)).json()) as {
      servers: { id: string; state: string; tools: number }[];
    };
    expect(health.servers.map((s) => s.id)).toContain('filesystem');
    expect(health.servers.every((s) => s.state === 'ready' && s.tools > 0)).toBe(true);
    // No key opens /health: it says how each server is, never a server's own error text.
    for (const server of health.servers)
      expect(Object.keys(server).sort()).toEqual(['id', 'state', 'tools']);
  });
});

describe.each(['legacy', 'modern'] as const)('an agent of the %s era', (era) => {
  let agent: Client;
  beforeAll(async () => {
    agent = await t.connect(t.adminKey, { era });
  });

  it('negotiates its own protocol revision', () => {
    const version = agent.getNegotiatedProtocolVersion();
    if (era === 'modern') expect(version).toBe('2026-07-28');
    else expect(version).not.toBe('2026-07-28');
  });

  it("sees every server's tools under <server>__<tool>", async () => {
    const names = (await agent.listTools()).tools.map((tool) => tool.name);
    for (const name of [
      'fixture__echo',
      'everything__echo',
      'filesystem__read_text_file',
      'memory__create_entities',
      'remote__echo',
      'legacy-sse__echo',
    ]) {
      expect(names).toContain(name);
    }
    expect(names.every((name) => name.length <= 64 && /^[a-z0-9-]+__/.test(name))).toBe(true);
  });

  it('routes calls to the owning server', async () => {
    expect(text(await agent.callTool({ name: 'fixture__echo', arguments: { text: 'hi' } }))).toBe(
      'echo: hi',
    );
    expect(text(await agent.callTool({ name: 'remote__echo', arguments: { text: 'far' } }))).toBe(
      'echo: far',
    );
    expect(
      text(await agent.callTool({ name: 'everything__echo', arguments: { message: 'e' } })),
    ).toContain('Echo: e');
    expect(
      text(await agent.callTool({ name: 'legacy-sse__echo', arguments: { message: 's' } })),
    ).toContain('Echo: s');
    const file = await agent.callTool({
      name: 'filesystem__read_text_file',
      arguments: { path: join(workspace, 'hello.txt') },
    });
    expect(text(file)).toContain('hello from the workspace');
  });

  it('routes resources, templates, prompts and completion', async () => {
    await agent.callTool({ name: 'fixture__write_note', arguments: { text: `note from ${era}` } });
    const notes = await agent.readResource({ uri: 'fixture://notes' });
    expect(JSON.stringify(notes.contents)).toContain(`note from ${era}`);
    const templates = (await agent.listResourceTemplates()).resourceTemplates;
    expect(templates.map((x) => x.uriTemplate)).toContain('fixture://note/{id}');
    const note = await agent.readResource({ uri: 'fixture://note/0' });
    expect(note.contents[0]).toMatchObject({ uri: 'fixture://note/0' });
    const prompts = (await agent.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toContain('fixture__greet');
    const prompt = await agent.getPrompt({ name: 'fixture__greet', arguments: { name: 'Ada' } });
    expect(JSON.stringify(prompt.messages)).toContain('Hello, Ada!');
    const completion = await agent.complete({
      ref: { type: 'ref/prompt', name: 'fixture__greet' },
      argument: { name: 'name', value: 'a' },
    });
    expect(completion.completion.values).toContain('alice');
  });

  it('passes progress notifications through', async () => {
    const progress: number[] = [];
    const result = await agent.callTool(
      { name: 'fixture__slow', arguments: { ms: 300, steps: 3 } },
      { onprogress: (p: { progress: number }) => progress.push(p.progress) } as never,
    );
    expect(text(result)).toBe('done after 300 ms');
    expect(progress).toEqual([1, 2, 3]);
  });

  it('passes cancellation through to the server', async () => {
    const before = JSON.parse(
      text(await agent.callTool({ name: 'fixture__last_cancelled', arguments: {} })),
    );
    const controller = new AbortController();
    const call = agent.callTool({ name: 'fixture__hang', arguments: {} }, {
      signal: controller.signal,
    } as never);
    // The hang tool gives no sign that it started, so the abort waits a moment for the call to
    // reach the server; an abort that came too early would leave the count below unchanged and
    // fail the test, never pass it falsely.
    setTimeout(() => controller.abort('test cancels'), 200);
    await expect(call).rejects.toThrow();
    await vi.waitFor(
      async () => {
        const now = JSON.parse(
          text(await agent.callTool({ name: 'fixture__last_cancelled', arguments: {} })),
        );
        expect(now.cancelled).toBeGreaterThan(before.cancelled);
      },
      { timeout: 10_000, interval: 50 },
    );
  });

  it('answers an unknown tool with InvalidParams', async () => {
    await expect(agent.callTool({ name: 'fixture__nope', arguments: {} })).rejects.toMatchObject({
      code: -32602,
    });
  });

  it("gets tools/list_changed when a server's tools change", async () => {
    let changed = 0;
    agent.setNotificationHandler('notifications/tools/list_changed', () => {
      changed++;
    });
    const toolName = `added_${era}`;
    await agent.callTool({ name: 'fixture__add_tool', arguments: { name: toolName } });
    if (era !== 'modern') {
      await vi.waitFor(() => expect(changed).toBeGreaterThan(0), { timeout: 10_000 });
    }
    await vi.waitFor(
      async () =>
        expect((await agent.listTools()).tools.map((tool) => tool.name)).toContain(
          `fixture__${toolName}`,
        ),
      { timeout: 10_000, interval: 50 },
    );
  });
});

describe('tools/list', () => {
  it('is the same from the pre-serialized fast path as from the SDK path', async () => {
    const agent = await t.connect(t.adminKey, { era: 'legacy' });
    const fast = (await agent.listTools(undefined, { cacheMode: 'bypass' } as never)).tools;
    // A progress token takes the request through the SDK server instead.
    const viaSdk = (
      await agent.listTools({ _meta: { progressToken: 'p1' } }, { cacheMode: 'bypass' } as never)
    ).tools;
    expect(fast.length).toBeGreaterThan(30);
    expect(fast).toEqual(viaSdk);
    // The fast path answers plain JSON; the SDK answers this session over SSE.
    const session = (agent as unknown as { transport: { sessionId: string } }).transport.sessionId;
    const res = await fetch(t.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.adminKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': session,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
    });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(((await res.json()) as { id: number }).id).toBe(7);
  });
});

describe('one server at a time', () => {
  it('exposes one server with its own names at /mcp/<server>', async () => {
    for (const era of ['legacy', 'modern'] as const) {
      const agent = await t.connect(t.adminKey, { era, path: '/mcp/fixture' });
      const names = (await agent.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('echo');
      expect(names).not.toContain('fixture__echo');
      expect(text(await agent.callTool({ name: 'echo', arguments: { text: 'solo' } }))).toBe(
        'echo: solo',
      );
    }
  });

  it('answers 404 for a server that is not configured', async () => {
    const res = await fetch(`${t.sb.endpoint.origin}/mcp/nope`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });
});

describe('a crashing server', () => {
  it('yields an MCP error for that call while everything else stays up', async () => {
    const agent = await t.connect(t.adminKey);
    const crashed = await agent.callTool({ name: 'fixture__crash', arguments: {} });
    expect(crashed.isError).toBe(true);
    expect(text(crashed)).toContain('fixture');
    expect(
      text(await agent.callTool({ name: 'everything__echo', arguments: { message: 'ok' } })),
    ).toContain('ok');
    // It is restarted with backoff and serves again.
    await vi.waitFor(() => expect(t.sb.gateway.status('fixture')?.state).toBe('ready'), {
      timeout: 20_000,
      interval: 50,
    });
    expect(text(await agent.callTool({ name: 'fixture__echo', arguments: { text: 'back' } }))).toBe(
      'echo: back',
    );
  });
});

describe('admission', () => {
  const post = (headers: Record<string, string>) =>
    fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });

  it('answers 401 without a key and with a wrong key', async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer sb_wrong' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${t.adminKey}x` })).status).toBe(401);
  });

  it('answers 403 for a foreign Origin, before looking at the key', async () => {
    const res = await post({
      origin: 'https://evil.example',
      authorization: `Bearer ${t.adminKey}`,
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('id');
  });

  it('answers 403 for a foreign Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        t.url,
        { method: 'POST', headers: { host: 'evil.example:80' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });
});
