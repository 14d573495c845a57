import type { Client, ClientOptions } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApprovalView, AuditEntry } from '../src/shared/model.js';
import {
  fixtureStdio,
  startHttpFixture,
  stopAllFixtures,
  type HttpFixture,
} from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// Requests a server sends to the client during a call (sampling, elicitation, roots), relayed
// through the gateway to the agent whose call caused them: real SDK agents of both eras, real
// fixture servers over stdio (2025 and 2026-07-28 downstream) and Streamable HTTP.

/** The fixture reports what it got back as JSON text. */
const answer = (result: unknown) => JSON.parse(text(result)) as Record<string, unknown>;

const ALL_CAPS = { sampling: {}, elicitation: { form: {}, url: {} }, roots: {} };
const role = (name: string, serverRequests?: Record<string, Record<string, string>>) => ({
  name,
  description: '',
  rules: [{ pattern: '*', action: 'allow' as const }],
  exposure: 'all' as const,
  pinned: [],
  ...(serverRequests ? { serverRequests } : {}),
});

let t: TestSwitchboard;
let http: HttpFixture;

beforeAll(async () => {
  http = await startHttpFixture(['--name', 'remote', '--client-requests']);
  const stdio = { type: 'stdio' as const, ...fixtureStdio(['--client-requests']), env: {} };
  t = await startSwitchboard({
    servers: [
      // The timeout stops while a relayed request waits (approvals in these tests take longer).
      { id: 'modern', transport: stdio, era: '2026-07-28', callTimeoutMs: 3_000 },
      { id: 'legacy', transport: stdio, era: '2025', callTimeoutMs: 3_000 },
      { id: 'remote', transport: { type: 'http', url: http.url, headers: {} } },
    ],
    roles: [
      role('admin', { '*': { sampling: 'allow' } }),
      // Defaults: sampling asks a person, elicitation is allowed.
      role('asker'),
      role('strict', { '*': { sampling: 'deny' }, legacy: { elicitation: 'deny' } }),
    ],
    settings: { approvalTimeoutMs: 30_000 },
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await http?.stop();
  await stopAllFixtures();
});

interface Agent {
  client: Client;
  asked: { method: string; params: Record<string, unknown> }[];
}

/** An agent of `era` that answers sampling, elicitation (with `action`) and roots. */
async function agent(
  roleName: string,
  era: 'legacy' | 'modern',
  options: {
    capabilities?: Record<string, unknown>;
    action?: 'accept' | 'decline' | 'cancel';
  } = {},
): Promise<Agent> {
  const key = await t.key(roleName);
  const capabilities = options.capabilities ?? ALL_CAPS;
  const client = await t.connect(key, {
    era,
    clientOptions: { capabilities } as ClientOptions,
  });
  const asked: Agent['asked'] = [];
  const note = (method: string, params: unknown) =>
    asked.push({ method, params: params as Record<string, unknown> });
  if ('sampling' in capabilities) {
    client.setRequestHandler('sampling/createMessage', (request) => {
      note(request.method, request.params);
      return {
        model: 'agent-model',
        role: 'assistant',
        content: { type: 'text', text: 'sampled by the agent' },
      };
    });
  }
  if ('elicitation' in capabilities) {
    client.setRequestHandler('elicitation/create', (request) => {
      note(request.method, request.params);
      const action = options.action ?? 'accept';
      return action === 'accept' ? { action, content: { name: 'Ada', age: 36 } } : { action };
    });
  }
  if ('roots' in capabilities) {
    client.setRequestHandler('roots/list', (request) => {
      note(request.method, request.params);
      return { roots: [{ uri: 'file:///work/project', name: 'project' }] };
    });
  }
  return { client, asked };
}

const call = (a: Agent, name: string, args: Record<string, unknown> = {}) =>
  a.client.callTool({ name, arguments: args });

/** The audit lines of relayed requests, newest first. */
async function relayedLines(method: string): Promise<AuditEntry[]> {
  const lines = await t.sb.control.queryAudit({ limit: 200 });
  return lines.filter((e) => e.method === method);
}

describe.each(['legacy', 'modern'] as const)('a %s-era agent', (era) => {
  it.each(['modern', 'legacy', 'remote'])(
    'answers a sampling request of the %s server',
    async (server) => {
      const a = await agent('admin', era);
      const result = await call(a, `${server}__test_sampling`, { prompt: `hello from ${era}` });
      expect(answer(result)).toMatchObject({
        kind: 'sampling',
        result: { model: 'agent-model', content: { type: 'text', text: 'sampled by the agent' } },
      });
      expect(a.asked).toHaveLength(1);
      const params = a.asked[0]!.params as { messages: { content: { text: string } }[] };
      expect(params.messages[0]!.content.text).toBe(`hello from ${era}`);
    },
  );

  it.each(['accept', 'decline', 'cancel'] as const)(
    'relays an elicitation answered %s',
    async (action) => {
      const a = await agent('admin', era, { action });
      const result = await call(a, 'legacy__test_elicitation');
      const got = answer(result);
      expect(got).toMatchObject({ kind: 'elicit', action });
      if (action === 'accept') expect(got.content).toEqual({ name: 'Ada', age: 36 });
      expect(a.asked[0]).toMatchObject({
        method: 'elicitation/create',
        params: { message: 'Who are you?' },
      });
    },
  );

  it('relays roots/list to the agent', async () => {
    const a = await agent('admin', era);
    const result = await call(a, 'modern__test_roots');
    expect(answer(result)).toEqual({
      kind: 'roots',
      roots: [{ uri: 'file:///work/project', name: 'project' }],
    });
  });
});

/** Waits until the approvals queue holds `tool`, as the UI would see it appear. */
async function pendingFor(tool: string): Promise<ApprovalView> {
  let found: ApprovalView | undefined;
  await vi.waitFor(
    async () => {
      found = (await t.sb.control.listApprovals()).find((a) => a.tool === tool);
      expect(found).toBeDefined();
    },
    { timeout: 20_000, interval: 25 },
  );
  return found!;
}

describe.each(['legacy', 'modern'] as const)('policy, for a %s-era agent', (era) => {
  it('denies an elicitation by policy: the server gets an error, the agent is never asked', async () => {
    const a = await agent('strict', era);
    const result = await call(a, 'legacy__test_sampling_push');
    // The push-style tool reports exactly what the server got back.
    expect(answer(result)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('sampling/createMessage denied by Switchboard'),
    });
    const elicited = await call(a, 'legacy__test_elicitation');
    expect(elicited.isError).toBe(true);
    expect(text(elicited)).toContain('elicitation/create denied by Switchboard');
    expect(text(elicited)).toContain('role "strict" sets elicitation for server "legacy" to deny');
    expect(a.asked).toEqual([]);
  });

  it('asks a person before sampling; approved, the request reaches the agent', async () => {
    const a = await agent('asker', era);
    const pending = call(a, 'modern__test_sampling', { prompt: 'approve me' });
    const approval = await pendingFor('modern: sampling/createMessage');
    // The card shows what the server wants the model to see, as text.
    expect(approval.description).toContain('System prompt: You are a fixture.');
    expect(approval.description).toContain('user: approve me');
    expect(a.asked).toEqual([]);
    await t.sb.control.decideApproval({ id: approval.id, decision: 'approve' });
    expect(answer(await pending)).toMatchObject({
      kind: 'sampling',
      result: { model: 'agent-model' },
    });
    expect(a.asked).toHaveLength(1);
  });

  it('a person denying the sampling request leaves the agent unasked', async () => {
    const a = await agent('asker', era);
    const pending = call(a, 'legacy__test_sampling_push');
    const approval = await pendingFor('legacy: sampling/createMessage');
    await t.sb.control.decideApproval({ id: approval.id, decision: 'deny' });
    expect(answer(await pending)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('a person denied it'),
    });
    expect(a.asked).toEqual([]);
  });

  it('tells the server clearly when the agent did not declare sampling', async () => {
    const a = await agent('admin', era, { capabilities: { elicitation: {} } });
    const result = await call(a, 'legacy__test_sampling_push');
    expect(answer(result)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('did not declare the sampling capability'),
    });
  });
});

describe('audit', () => {
  it('writes each relayed request as a line of its own, tied to the causing call', async () => {
    const a = await agent('admin', 'legacy');
    await call(a, 'remote__test_elicitation');
    const [relayed] = await relayedLines('elicitation/create');
    expect(relayed).toMatchObject({
      method: 'elicitation/create',
      tool: 'remote__test_elicitation',
      serverId: 'remote',
      decision: 'allow',
      decidedBy: 'default',
      outcome: 'ok',
      causedBy: expect.any(String),
    });
    const [caller] = (await relayedLines('tools/call')).filter(
      (e) => e.callId === relayed!.causedBy,
    );
    expect(caller).toMatchObject({ tool: 'remote__test_elicitation', outcome: 'ok' });
  });

  it('records a denied relay as denied, with the reason', async () => {
    const a = await agent('strict', 'modern');
    await call(a, 'modern__test_sampling');
    const [line] = await relayedLines('sampling/createMessage');
    expect(line).toMatchObject({ decision: 'deny', decidedBy: 'role', outcome: 'denied' });
    expect(line!.error).toContain('denied by Switchboard');
  });
});

describe('elicitation forms', () => {
  it.each([
    ['test_elicitation_sep1034_defaults', 'status'],
    ['test_elicitation_sep1330_enums', 'titled'],
  ])('relays %s with its schema untouched', async (tool, field) => {
    const a = await agent('admin', 'modern');
    await call(a, `legacy__${tool}`);
    const schema = a.asked[0]!.params.requestedSchema as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain(field);
  });

  it('relays a URL elicitation to an agent that supports URL mode', async () => {
    const a = await agent('admin', 'legacy');
    const result = await call(a, 'legacy__test_elicitation_url');
    expect(answer(result)).toMatchObject({ kind: 'elicit', action: 'accept' });
    expect(a.asked[0]!.params).toMatchObject({ mode: 'url', url: 'https://example.com/login' });
  });

  it('refuses a URL elicitation to an agent with form mode only', async () => {
    const a = await agent('admin', 'legacy', { capabilities: { elicitation: { form: {} } } });
    const result = await call(a, 'modern__test_elicitation_url');
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('did not declare the elicitation.url capability');
    expect(a.asked).toEqual([]);
  });
});

describe('notifications/elicitation/complete', () => {
  it('reaches the 2025-era agent whose call asked for the URL', async () => {
    const a = await agent('admin', 'legacy');
    const completed: string[] = [];
    a.client.setNotificationHandler('notifications/elicitation/complete', (n) => {
      completed.push(n.params.elicitationId);
    });
    const result = answer(await call(a, 'legacy__test_elicitation_url_push'));
    expect(result).toMatchObject({ kind: 'elicit', action: 'accept' });
    await vi.waitFor(() => expect(completed).toEqual([result.elicitationId]), { timeout: 10_000 });
  });
});

describe('a 2025-era server with calls of two agents in flight', () => {
  it('refuses a request it cannot attribute, saying why', async () => {
    const waiting = await agent('asker', 'legacy');
    // The asker's call holds its sampling request in the approvals queue: its call stays in flight.
    const held = call(waiting, 'legacy__test_sampling_push');
    const approval = await pendingFor('legacy: sampling/createMessage');
    const other = await agent('admin', 'legacy');
    const result = answer(await call(other, 'legacy__test_sampling_push'));
    expect(result).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('cannot tell which of 2 calls in flight'),
    });
    expect(other.asked).toEqual([]);
    await t.sb.control.decideApproval({ id: approval.id, decision: 'approve' });
    expect(answer(await held)).toMatchObject({ kind: 'sampling' });
  });
});

describe('call timeouts', () => {
  it.each(['modern', 'legacy'])(
    'still end a %s server call that hangs, clearly',
    async (server) => {
      const a = await agent('admin', 'legacy');
      const result = await call(a, `${server}__hang`);
      expect(result.isError).toBe(true);
      expect(text(result)).toContain(`server "${server}" did not answer in time`);
    },
  );
});

describe('a sampling request waiting for a person', () => {
  it.each(['modern', 'legacy'])(
    "does not time out the %s server's call, whose timeout is shorter",
    async (server) => {
      const a = await agent('asker', 'legacy');
      const pending = call(a, `${server}__test_sampling`);
      const approval = await pendingFor(`${server}: sampling/createMessage`);
      // The person takes longer than the server's 3 s call timeout.
      await vi.waitFor(() => expect(Date.now() - approval.createdAt).toBeGreaterThan(3_500), {
        timeout: 10_000,
        interval: 100,
      });
      await t.sb.control.decideApproval({ id: approval.id, decision: 'approve' });
      expect(answer(await pending)).toMatchObject({ kind: 'sampling' });
    },
  );
});

describe('input_required rounds of a 2026-07-28 agent', () => {
  const manual = { capabilities: ALL_CAPS, inputRequired: { autoFulfill: false } };
  const params = { name: 'modern__test_sampling', arguments: { prompt: 'rounds' } };
  const sampled = { model: 'm', role: 'assistant', content: { type: 'text', text: 'by hand' } };

  it('resume the same call, and only for the key that started it', async () => {
    const a = await t.connect(await t.key('admin'), {
      era: 'modern',
      clientOptions: manual as ClientOptions,
    });
    const first = (await a.request({ method: 'tools/call', params }, {
      allowInputRequired: true,
    } as never)) as { resultType?: string; requestState?: string; inputRequests?: object };
    expect(first.resultType).toBe('input_required');
    const [key] = Object.keys(first.inputRequests ?? {});
    const retry = {
      ...params,
      requestState: first.requestState,
      inputResponses: { [key!]: sampled },
    };
    const other = await t.connect(await t.key('admin'), {
      era: 'modern',
      clientOptions: manual as ClientOptions,
    });
    await expect(
      other.request({ method: 'tools/call', params: retry }, { allowInputRequired: true } as never),
    ).rejects.toThrow('Unknown or expired requestState');
    const done = await a.request({ method: 'tools/call', params: retry }, {
      allowInputRequired: true,
    } as never);
    expect(answer(done)).toMatchObject({
      kind: 'sampling',
      result: { content: { text: 'by hand' } },
    });
    // One call, one line: the retry resumed it instead of starting another.
    const calls = (await relayedLines('tools/call')).filter((e) =>
      e.argsPreview.includes('rounds'),
    );
    expect(calls).toHaveLength(1);
  });
});

describe('progress', () => {
  it.each(['legacy', 'modern'] as const)('still reaches a %s-era agent, in order', async (era) => {
    const a = await agent('admin', era);
    const progress: number[] = [];
    const result = await a.client.callTool(
      { name: 'modern__slow', arguments: { ms: 300, steps: 3 } },
      { onprogress: (p: { progress: number }) => progress.push(p.progress) } as never,
    );
    expect(text(result)).toBe('done after 300 ms');
    expect(progress).toEqual([1, 2, 3]);
  });
});

describe('cancellation', () => {
  it.each(['legacy', 'modern'] as const)(
    "of a %s-era agent's call reaches the server",
    async (era) => {
      const a = await agent('admin', era);
      const cancelled = async () =>
        (JSON.parse(text(await call(a, 'modern__last_cancelled'))) as { cancelled: number })
          .cancelled;
      const before = await cancelled();
      const controller = new AbortController();
      const hanging = a.client.callTool({ name: 'modern__hang', arguments: {} }, {
        signal: controller.signal,
      } as never);
      // Cancel once the call is running on the server.
      const replica = () => t.sb.gateway.statuses().find((s) => s.id === 'modern')!.replicas[0]!;
      await vi.waitFor(() => expect(replica().inFlight).toBeGreaterThan(0), { timeout: 10_000 });
      controller.abort('test cancels');
      await expect(hanging).rejects.toThrow();
      await vi.waitFor(async () => expect(await cancelled()).toBeGreaterThan(before), {
        timeout: 10_000,
        interval: 50,
      });
    },
  );
});
