import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTROL_CENTER_CALLER, ControlError, type TryToolResult } from '../src/shared/control.js';
import type { ApprovalView } from '../src/shared/model.js';
import { createDispatch } from '../src/main/control/dispatch.js';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// A person's "Try it" from a server's page: through the agents' own pipeline (policy, approval,
// audit), named control-center, against a real fixture server over stdio.

const SECRET = 'sk-trytool-0123456789abcdef';

const textOf = (r: TryToolResult) =>
  ((r.result.content ?? []) as { text?: string }[]).map((c) => c.text ?? '').join('');

let t: TestSwitchboard;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      {
        id: 'fixture',
        transport: { type: 'stdio', ...fixtureStdio(), env: { SERVICE_TOKEN: SECRET } },
        secrets: ['SERVICE_TOKEN'],
      },
    ],
    // Description, exposure and pins take the config schema's defaults.
    roles: [
      { name: 'admin' },
      {
        name: 'tester',
        rules: [
          { pattern: 'fixture__delete_notes', action: 'deny' },
          { pattern: 'fixture__write_note', action: 'ask' },
          { pattern: 'fixture__*', action: 'allow' },
        ],
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

/** The audit lines of the person's calls of `tool`, newest first. */
const personLines = (tool: string) =>
  t.sb.control
    .queryAudit({ text: tool })
    .then((lines) => lines.filter((l) => l.tool === tool && l.keyName === CONTROL_CENTER_CALLER));

describe('tryTool', () => {
  it('runs an allowed call and writes an audit line that names the person as caller', async () => {
    const answer = await t.sb.control.tryTool({
      role: 'tester',
      tool: 'fixture__echo',
      arguments: { text: 'hello' },
    });
    expect(answer.isError).toBe(false);
    expect(textOf(answer)).toBe('echo: hello');
    const [line] = await personLines('fixture__echo');
    expect(line).toMatchObject({
      keyName: CONTROL_CENTER_CALLER,
      role: 'tester',
      decision: 'allow',
      decidedBy: 'rule',
      outcome: 'ok',
    });
  });

  it('is refused by a deny rule, naming the rule, and the refusal is audited', async () => {
    const answer = await t.sb.control.tryTool({ role: 'tester', tool: 'fixture__delete_notes' });
    expect(answer.isError).toBe(true);
    expect(textOf(answer)).toMatch(/^Denied by Switchboard: .*rule 1 of role "tester"/);
    const [line] = await personLines('fixture__delete_notes');
    expect(line).toMatchObject({ outcome: 'denied', decision: 'deny', role: 'tester' });
  });

  it('waits under an ask rule until a person approves, then answers', async () => {
    let settled = false;
    const call = t.sb.control
      .tryTool({ role: 'tester', tool: 'fixture__write_note', arguments: { text: 'tried' } })
      .finally(() => (settled = true));
    const approval = await vi.waitFor(async () => {
      const found = (await t.sb.control.listApprovals()).find(
        (a: ApprovalView) => a.tool === 'fixture__write_note',
      );
      if (!found) throw new Error('not queued yet');
      return found;
    });
    expect(approval).toMatchObject({ keyName: CONTROL_CENTER_CALLER, role: 'tester' });
    expect(approval.arguments).toEqual({ text: 'tried' });
    // Still waiting: nothing reached the server before the decision.
    expect(settled).toBe(false);
    expect(await personLines('fixture__write_note')).toEqual([]);
    await t.sb.control.decideApproval({ id: approval.id, decision: 'approve' });
    const answer = await call;
    expect(textOf(answer)).toMatch(/^notes: \d+$/);
    const [line] = await personLines('fixture__write_note');
    expect(line).toMatchObject({ decision: 'ask', decidedBy: 'person', outcome: 'ok' });
  });

  it('gives a person’s denial back as a refusal', async () => {
    const call = t.sb.control.tryTool({
      role: 'tester',
      tool: 'fixture__write_note',
      arguments: { text: 'no' },
    });
    const approval = await vi.waitFor(async () => {
      const found = (await t.sb.control.listApprovals())[0];
      if (!found) throw new Error('not queued yet');
      return found;
    });
    await t.sb.control.decideApproval({ id: approval.id, decision: 'deny' });
    const answer = await call;
    expect(answer.isError).toBe(true);
    expect(textOf(answer)).toMatch(/a person denied it/);
  });

  it('masks the server’s secrets in what the person sees', async () => {
    const answer = await t.sb.control.tryTool({
      role: 'tester',
      tool: 'fixture__env',
      arguments: { name: 'SERVICE_TOKEN' },
    });
    expect(answer.isError).toBe(false);
    expect(JSON.stringify(answer.result)).not.toContain(SECRET);
    expect(textOf(answer)).toContain('***');
  });

  it('answers an unknown tool or role with a clear error, and validates input', async () => {
    await expect(
      t.sb.control.tryTool({ role: 'tester', tool: 'fixture__nope' }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'Unknown tool: fixture__nope' });
    await expect(
      t.sb.control.tryTool({ role: 'ghost', tool: 'fixture__echo' }),
    ).rejects.toBeInstanceOf(ControlError);
    const dispatch = createDispatch(t.sb.control);
    const bad = await dispatch('tryTool', { role: 'tester', tool: 'fixture__echo', arguments: 3 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps the caller name for the person: no key may take it', async () => {
    await expect(
      t.sb.control.createKey({ name: CONTROL_CENTER_CALLER, role: 'tester' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('getServerCatalog', () => {
  it('lists the server’s tools with schemas, annotations and decisions, its resources and prompts', async () => {
    const catalog = await t.sb.control.getServerCatalog({ id: 'fixture' });
    const echo = catalog.tools.find((tool) => tool.name === 'fixture__echo');
    expect(echo).toMatchObject({
      originalName: 'echo',
      description: 'Echoes the text back.',
      annotations: { readOnly: true },
      hints: { readOnlyHint: true },
      decisions: { tester: { action: 'allow' } },
    });
    expect(echo?.inputSchema).toMatchObject({ type: 'object', properties: { text: {} } });
    expect(catalog.resources.map((r) => r.uri)).toContain('fixture://notes');
    expect(catalog.prompts.find((p) => p.name === 'greet')).toBeDefined();
    await expect(t.sb.control.getServerCatalog({ id: 'ghost' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('stderr in server views', () => {
  it('masks the server’s own secret in the stderr tail every server view carries', async () => {
    await t.sb.control.tryTool({
      role: 'tester',
      tool: 'fixture__stderr',
      arguments: { text: `leaked ${SECRET}` },
    });
    await vi.waitFor(async () => {
      const logs = await t.sb.control.getServerLogs({ id: 'fixture' });
      expect(logs.lines.join('\n')).toContain('leaked ***');
    });
    const [view] = await t.sb.control.listServers();
    expect(view?.status.stderrTail.join('\n')).toContain('leaked ***');
    expect(JSON.stringify(await t.sb.control.getOverview())).not.toContain(SECRET);
  });
});
