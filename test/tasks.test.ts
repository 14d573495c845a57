import { join } from 'node:path';
import { type Client, specTypeSchemas } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureStdio, fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// 2025-11-25 tasks through the gateway: real SDK 2025-era agents on the real endpoint, a
// hand-written task server over stdio (the SDK cannot serve tasks), the agents asking with the
// SDK's own task result schemas.

const TASK_SERVER = join(import.meta.dirname, 'fixtures/servers/tasks-server.ts');
const { command, args: tsxArgs } = fixtureStdio();
const taskServerArgs = [...tsxArgs.slice(0, 2), TASK_SERVER];

let t: TestSwitchboard;
let admin: string;
let sameRole: string;
let otherRole: string;
let denied: string;
let asker: string;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      {
        id: 'tasks',
        transport: { type: 'stdio', command, args: taskServerArgs, env: {} },
        era: '2025',
      },
      { id: 'plain', transport: fixtureTransport(), era: '2025' },
    ],
    roles: [
      { name: 'admin', rules: [{ pattern: '*', action: 'allow' }] },
      { name: 'helper', rules: [{ pattern: '*', action: 'allow' }] },
      {
        name: 'no-echo',
        rules: [
          { pattern: 'tasks__slow_echo', action: 'deny' },
          { pattern: '*', action: 'allow' },
        ],
      },
      {
        name: 'asker',
        rules: [
          { pattern: 'tasks__slow_echo', action: 'ask' },
          { pattern: '*', action: 'allow' },
        ],
      },
    ],
  });
  admin = t.adminKey;
  sameRole = await t.key('admin', 'second-admin');
  otherRole = await t.key('helper');
  denied = await t.key('no-echo');
  asker = await t.key('asker');
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

function startTask(client: Client, message: string, name = 'tasks__slow_echo') {
  return client.request(
    {
      method: 'tools/call',
      params: { name, arguments: { message }, task: { ttl: 600_000 } },
    },
    specTypeSchemas.CreateTaskResult,
  );
}

const getTask = (client: Client, taskId: string) =>
  client.request({ method: 'tasks/get', params: { taskId } }, specTypeSchemas.GetTaskResult);
const taskResult = (client: Client, taskId: string) =>
  client.request(
    { method: 'tasks/result', params: { taskId } },
    specTypeSchemas.GetTaskPayloadResult,
  );
const listTasks = async (client: Client) =>
  (await client.request({ method: 'tasks/list', params: {} }, specTypeSchemas.ListTasksResult))
    .tasks;
const cancelTask = (client: Client, taskId: string) =>
  client.request({ method: 'tasks/cancel', params: { taskId } }, specTypeSchemas.CancelTaskResult);

/** What the task server was asked (`create <id>`, `get <id>`, `cancel <id>`, …). */
async function serverLog(client: Client): Promise<string[]> {
  return text(await client.callTool({ name: 'tasks__task_log', arguments: {} })).split('\n');
}

describe('capabilities', () => {
  it('offers tasks to a 2025 session whose scope has a task server, and only then', async () => {
    const all = await t.connect(admin);
    expect(all.getServerCapabilities()?.tasks).toMatchObject({ requests: { tools: { call: {} } } });
    const plain = await t.connect(admin, { path: '/mcp/plain' });
    expect(plain.getServerCapabilities()?.tasks).toBeUndefined();
  });
});

describe('a task-augmented call', () => {
  it('returns a task that works, completes and yields the tool result', async () => {
    const agent = await t.connect(admin);
    const created = await startTask(agent, 'first');
    const id = created.task.taskId;
    expect(created.task.status).toBe('working');
    expect((await getTask(agent, id)).status).toBe('working');
    // The agent sees the gateway's id, never the server's own.
    const upstream = (await serverLog(agent)).find((l) => l.startsWith('create '))!;
    expect(upstream.slice('create '.length)).not.toBe(id);
    const pending = taskResult(agent, id);
    await agent.callTool({ name: 'tasks__finish_tasks', arguments: {} });
    await vi.waitFor(async () => expect((await getTask(agent, id)).status).toBe('completed'));
    const result = await pending;
    expect(text(result)).toBe('echo: first');
    expect(result._meta?.['io.modelcontextprotocol/related-task']).toEqual({ taskId: id });
    // One line for the call (naming the task), one linked line when the result arrived.
    const lines = await t.sb.control.queryAudit({ limit: 50 });
    const started = lines.find((l) => l.method === 'tools/call' && l.callId === `task-${id}`);
    const resulted = lines.find((l) => l.method === 'tasks/result' && l.causedBy === `task-${id}`);
    expect(started).toMatchObject({ tool: 'tasks__slow_echo', outcome: 'ok' });
    expect(resulted).toMatchObject({ tool: 'tasks__slow_echo', outcome: 'ok', keyName: 'admin' });
  });

  it('is listed for its key only, and another key cannot read or cancel it', async () => {
    const owner = await t.connect(admin);
    const { task } = await startTask(owner, 'mine');
    expect((await listTasks(owner)).map((x) => x.taskId)).toContain(task.taskId);
    for (const key of [sameRole, otherRole]) {
      const stranger = await t.connect(key);
      expect((await listTasks(stranger)).map((x) => x.taskId)).not.toContain(task.taskId);
      const unknown = await getTask(stranger, 'no-such-task').catch((e: Error) => e.message);
      expect(await getTask(stranger, task.taskId).catch((e: Error) => e.message)).toBe(unknown);
      expect(unknown).toMatch(/not found/i);
      await expect(taskResult(stranger, task.taskId)).rejects.toThrow(unknown as string);
      await expect(cancelTask(stranger, task.taskId)).rejects.toThrow(unknown as string);
    }
    // The strangers' attempts never reached the server, and the task is still working.
    expect((await getTask(owner, task.taskId)).status).toBe('working');
    const upstream = (await serverLog(owner)).filter((l) => l.startsWith('cancel '));
    expect(upstream).toHaveLength(0);
  });

  it('is cancelled downstream by tasks/cancel', async () => {
    const agent = await t.connect(admin);
    const { task } = await startTask(agent, 'to cancel');
    const cancelled = await cancelTask(agent, task.taskId);
    expect(cancelled).toMatchObject({ taskId: task.taskId, status: 'cancelled' });
    expect((await serverLog(agent)).filter((l) => l.startsWith('cancel '))).toHaveLength(1);
    expect((await getTask(agent, task.taskId)).status).toBe('cancelled');
  });

  it('relays status notifications to the session that started the task only', async () => {
    const seen: string[] = [];
    const other: string[] = [];
    const owner = await t.connect(admin);
    const bystander = await t.connect(admin);
    const watch = (client: Client, into: string[]) =>
      client.setNotificationHandler(
        'notifications/tasks/status',
        { params: specTypeSchemas.TaskStatusNotificationParams },
        (params) => void into.push(`${params.taskId} ${params.status}`),
      );
    watch(owner, seen);
    watch(bystander, other);
    const { task } = await startTask(owner, 'watched');
    await owner.callTool({ name: 'tasks__finish_tasks', arguments: {} });
    await vi.waitFor(() => expect(seen).toContain(`${task.taskId} completed`));
    expect(other.filter((s) => s.startsWith(task.taskId))).toEqual([]);
  });

  it('gives a role denied the tool the policy error and starts no task', async () => {
    const agent = await t.connect(denied);
    const before = (await serverLog(agent)).filter((l) => l.startsWith('create ')).length;
    const result = await agent.request(
      {
        method: 'tools/call',
        params: { name: 'tasks__slow_echo', arguments: { message: 'x' }, task: {} },
      },
      specTypeSchemas.CallToolResult,
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/denied/i);
    const after = (await serverLog(agent)).filter((l) => l.startsWith('create ')).length;
    expect(after).toBe(before);
  });

  it('waits for a person before an `ask` tool starts its task', async () => {
    const agent = await t.connect(asker);
    const before = (await serverLog(agent)).filter((l) => l.startsWith('create ')).length;
    const created = startTask(agent, 'asked');
    const pending = await vi.waitFor(
      async () => {
        const found = (await t.sb.control.listApprovals()).find((a) => a.role === 'asker');
        if (!found) throw new Error('not yet');
        return found;
      },
      { timeout: 20_000, interval: 25 },
    );
    // Nothing started downstream while the approval waits.
    expect((await serverLog(agent)).filter((l) => l.startsWith('create '))).toHaveLength(before);
    await t.sb.control.decideApproval({ id: pending.id, decision: 'approve' });
    const { task } = await created;
    expect(task.status).toBe('working');
    expect((await listTasks(agent)).map((x) => x.taskId)).toEqual([task.taskId]);
    const pendingResult = taskResult(agent, task.taskId);
    await agent.callTool({ name: 'tasks__finish_tasks', arguments: {} });
    expect(text(await pendingResult)).toBe('echo: asked');
    // Both lines say a person decided: at the call, and when the result arrived.
    const lines = await t.sb.control.queryAudit({ limit: 50 });
    const mine = lines.filter((l) => [l.callId, l.causedBy].includes(`task-${task.taskId}`));
    expect(mine.map((l) => [l.method, l.decision, l.decidedBy]).sort()).toEqual([
      ['tasks/result', 'ask', 'person'],
      ['tools/call', 'ask', 'person'],
    ]);
  });

  it('are forgotten with a revoked key: a new key of the same name does not inherit them', async () => {
    const first = await t.connect(await t.key('helper', 'reused-name'));
    const { task } = await startTask(first, 'before revocation');
    await t.sb.control.revokeKey({ name: 'reused-name' });
    const second = await t.connect(await t.key('helper', 'reused-name'));
    expect((await listTasks(second)).map((x) => x.taskId)).not.toContain(task.taskId);
    await expect(getTask(second, task.taskId)).rejects.toThrow(/not found/i);
  });

  it('runs as an ordinary call on a server without tasks', async () => {
    const agent = await t.connect(admin);
    const result = await agent.callTool({
      name: 'plain__echo',
      arguments: { text: 'plainly' },
      task: { ttl: 60_000 },
    });
    expect(text(result)).toContain('plainly');
  });

  it("on /mcp/<server> takes the server's own names and lists only its tasks", async () => {
    const agent = await t.connect(otherRole, { path: '/mcp/tasks' });
    expect(agent.getServerCapabilities()?.tasks).toBeDefined();
    const { task } = await startTask(agent, 'scoped', 'slow_echo');
    expect((await listTasks(agent)).map((x) => x.taskId)).toEqual([task.taskId]);
    const pending = taskResult(agent, task.taskId);
    await agent.callTool({ name: 'finish_tasks', arguments: {} });
    expect(text(await pending)).toBe('echo: scoped');
  });
});

describe('a 2026-07-28 agent', () => {
  // That revision removed tasks from the core protocol: none is offered, a task-augmented
  // call runs as an ordinary one, and task methods are unknown.
  it('is offered no tasks and gets an ordinary result', async () => {
    const modern = await t.connect(admin, { era: 'modern' });
    expect(modern.getServerCapabilities()?.tasks).toBeUndefined();
    const result = await modern.callTool({
      name: 'tasks__slow_echo',
      arguments: { message: 'now' },
      task: { ttl: 60_000 },
    });
    expect(text(result)).toBe('echo: now');
    await expect(getTask(modern, 'anything')).rejects.toThrow();
  });
});
