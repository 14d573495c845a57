import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// find_tools and call_tool through the real endpoint: focused roles see a handful of
// tools, search never shows a forbidden tool, and call_tool is exactly a direct call.

const text = (result: unknown) =>
  ((result as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

let t: TestSwitchboard;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      { id: 'fixture', transport: { type: 'stdio', ...fixtureStdio(['--tools', '40']), env: {} } },
    ],
    roles: [
      { name: 'admin', rules: [{ pattern: '*', action: 'allow' }] },
      {
        name: 'focus',
        rules: [{ pattern: 'fixture__delete_*', action: 'deny' }],
        exposure: 'focused',
        pinned: ['fixture__echo'],
      },
    ],
    settings: { approvalTimeoutMs: 5_000 },
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

describe('focused exposure', () => {
  it('lists find_tools, call_tool and the pinned tools only, and the same each time', async () => {
    const agent = await t.connect(await t.key('focus'));
    const first = (await agent.listTools()).tools.map((x) => x.name);
    expect(first).toEqual(['switchboard__find_tools', 'switchboard__call_tool', 'fixture__echo']);
    expect((await agent.listTools()).tools.map((x) => x.name)).toEqual(first);
  });

  it('finds tools for a task, never one the role may not use', async () => {
    const agent = await t.connect(await t.key('focus'));
    const found = await agent.callTool({
      name: 'switchboard__find_tools',
      arguments: { query: 'delete all the notes' },
    });
    const names = (found.structuredContent as { tools: { name: string }[] }).tools.map(
      (x) => x.name,
    );
    expect(names).not.toContain('fixture__delete_notes');
    const echo = await agent.callTool({
      name: 'switchboard__find_tools',
      arguments: { query: 'echo some text back' },
    });
    expect(text(echo)).toContain('fixture__echo');
  });

  it('ranks with the word vectors the app ships, and says how close in meaning', async () => {
    const agent = await t.connect(await t.key('focus'));
    const found = await agent.callTool({
      name: 'switchboard__find_tools',
      arguments: { query: 'echoes the text back' },
    });
    const [first] = (found.structuredContent as { tools: { name: string; reason: string }[] })
      .tools;
    expect(first?.name).toBe('fixture__echo');
    expect(first?.reason).toMatch(/meaning: 0\.\d\d/);
  });

  it('refuses call_tool of a denied tool exactly like a direct call', async () => {
    const agent = await t.connect(await t.key('focus'));
    const viaMeta = await agent.callTool({
      name: 'switchboard__call_tool',
      arguments: { name: 'fixture__delete_notes', arguments: {} },
    });
    const direct = await agent.callTool({ name: 'fixture__delete_notes', arguments: {} });
    expect(viaMeta.isError).toBe(true);
    expect(text(viaMeta)).toBe(text(direct));
  });

  it('makes call_tool of an ask tool wait for approval', async () => {
    const agent = await t.connect(await t.key('focus', 'focus-asker'));
    const call = agent.callTool({
      name: 'switchboard__call_tool',
      arguments: { name: 'fixture__write_note', arguments: { text: 'via meta' } },
    });
    await expect
      .poll(
        async () =>
          (await t.sb.control.listApprovals()).filter((a) => a.keyName === 'focus-asker').length,
      )
      .toBe(1);
    const [pending] = await t.sb.control.listApprovals();
    await t.sb.control.decideApproval({ id: pending!.id, decision: 'approve' });
    expect(text(await call)).toMatch(/^notes: \d+$/);
  });
});
