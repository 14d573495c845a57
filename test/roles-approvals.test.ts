import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApprovalView } from '../src/shared/model.js';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// Roles, rules, approval by click and the audit log, through the real endpoint with a
// real server; the "person" clicks through the real control service.

let t: TestSwitchboard;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [{ id: 'fixture', transport: fixtureTransport() }],
    // Description, exposure and pins take the config schema's defaults.
    roles: [
      { name: 'admin', rules: [{ pattern: '*', action: 'allow' }] },
      // No rules: every tool gets its annotation default.
      { name: 'asker' },
      {
        name: 'reader',
        rules: [
          { pattern: 'FIXTURE__ECHO', action: 'allow' },
          { pattern: '*__write_*', action: 'deny' },
          { pattern: 'fixture__*', action: 'allow' },
        ],
      },
    ],
    settings: { approvalTimeoutMs: 1500, maxPendingPerKey: 2 },
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

/** Waits until the queue holds a call for `tool`, as the UI would see it appear. */
async function pendingFor(tool: string, keyName?: string): Promise<ApprovalView> {
  return vi.waitFor(
    async () => {
      const found = (await t.sb.control.listApprovals()).find(
        (a) => a.tool === tool && (!keyName || a.keyName === keyName),
      );
      if (!found) throw new Error(`no approval for ${tool} appeared`);
      return found;
    },
    { timeout: 10_000, interval: 25 },
  );
}

describe('roles and rules', () => {
  let reader: Client;
  let admin: Client;
  beforeAll(async () => {
    reader = await t.connect(await t.key('reader', 'reader-key'));
    admin = await t.connect(t.adminKey);
  });

  it('hides denied tools from a role that may not use them and refuses the call, naming the rule', async () => {
    const names = (await reader.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('fixture__echo');
    expect(names).not.toContain('fixture__write_note');
    const refused = await reader.callTool({
      name: 'fixture__write_note',
      arguments: { text: 'x' },
    });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain('rule 2 of role "reader"');
    expect(text(refused)).toContain('*__write_*');
  });

  it('lets another role see and call the same tool', async () => {
    const names = (await admin.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('fixture__write_note');
    expect(
      text(await admin.callTool({ name: 'fixture__write_note', arguments: { text: 'a' } })),
    ).toMatch(/^notes: \d+$/);
  });

  it('matches rule patterns case-insensitively and in order (first match wins)', async () => {
    const echo = await t.sb.control.explainDecision({ role: 'reader', tool: 'fixture__echo' });
    expect(echo).toMatchObject({ action: 'allow', source: 'rule', ruleIndex: 0 });
    const del = await t.sb.control.explainDecision({
      role: 'reader',
      tool: 'fixture__delete_notes',
    });
    expect(del).toMatchObject({ action: 'allow', source: 'rule', ruleIndex: 2 });
  });

  it('falls back to the annotation defaults when no rule matches', async () => {
    const explain = (tool: string) => t.sb.control.explainDecision({ role: 'asker', tool });
    expect(await explain('fixture__echo')).toMatchObject({
      action: 'allow',
      source: 'annotations',
    });
    expect(await explain('fixture__delete_notes')).toMatchObject({
      action: 'ask',
      source: 'annotations',
    });
    expect(await explain('fixture__write_note')).toMatchObject({
      action: 'ask',
      source: 'annotations',
    });
  });

  it('applies a rule change on the next request and tells connected agents', async () => {
    let changed = 0;
    reader.setNotificationHandler('notifications/tools/list_changed', () => {
      changed++;
    });
    await t.sb.control.setRule({ role: 'reader', pattern: 'fixture__echo', action: 'deny' });
    expect((await reader.listTools()).tools.map((x) => x.name)).not.toContain('fixture__echo');
    await expect.poll(() => changed).toBeGreaterThan(0);
    await t.sb.control.setRule({ role: 'reader', pattern: 'fixture__echo', action: 'allow' });
    expect((await reader.listTools()).tools.map((x) => x.name)).toContain('fixture__echo');
  });

  it('marks tools that need approval in their description', async () => {
    const asker = await t.connect(await t.key('asker'));
    const write = (await asker.listTools()).tools.find((x) => x.name === 'fixture__write_note');
    expect(write?.description).toContain('waits for a person to approve');
  });
});

describe('approval by click', () => {
  let asker: Client;
  const keyName = 'asker-main';
  beforeAll(async () => {
    asker = await t.connect(await t.key('asker', keyName));
  });

  it('completes an ask call after approve, with the real result', async () => {
    const call = asker.callTool({
      name: 'fixture__write_note',
      arguments: { text: 'approved note' },
    });
    const pending = await pendingFor('fixture__write_note', keyName);
    expect(pending).toMatchObject({
      role: 'asker',
      keyName,
      serverId: 'fixture',
      arguments: { text: 'approved note' },
    });
    expect(await t.sb.control.decideApproval({ id: pending.id, decision: 'approve' })).toEqual({
      result: 'settled',
    });
    expect(text(await call)).toMatch(/^notes: \d+$/);
    // The person's wait and the server's time are kept apart, on disk and in the metrics.
    const page = await t.sb.control.queryAuditPage({ tool: 'write_note', limit: 1 });
    const line = page.entries[0]!;
    expect(line.result).toMatch(/^notes: \d+$/);
    expect(line.waitMs).toBeGreaterThanOrEqual(0);
    expect(line.serverMs).toBeGreaterThanOrEqual(0);
    expect(line.waitMs! + line.serverMs!).toBeLessThanOrEqual(line.durationMs);
    await expect
      .poll(async () => (await t.sb.control.getMetrics()).samples.some((s) => s.waits?.count))
      .toBe(true);
  });

  it('fails an ask call after deny, saying a person denied it', async () => {
    const call = asker.callTool({ name: 'fixture__write_note', arguments: { text: 'no' } });
    const pending = await pendingFor('fixture__write_note', keyName);
    await t.sb.control.decideApproval({ id: pending.id, decision: 'deny' });
    const result = await call;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('a person denied it');
  });

  it('denies an ask call when nobody decides in time', async () => {
    const result = await asker.callTool({ name: 'fixture__delete_notes', arguments: {} });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('nobody approved it in time');
    const [entry] = await t.sb.control.queryAudit({ limit: 1 });
    expect(entry).toMatchObject({
      tool: 'fixture__delete_notes',
      outcome: 'denied',
      decidedBy: 'timeout',
    });
  });

  it('removes a call from the queue when the agent cancels it', async () => {
    const controller = new AbortController();
    const call = asker.callTool({ name: 'fixture__write_note', arguments: { text: 'cancel me' } }, {
      signal: controller.signal,
    } as never);
    const pending = await pendingFor('fixture__write_note', keyName);
    controller.abort('changed my mind');
    await expect(call).rejects.toThrow();
    await expect
      .poll(async () => (await t.sb.control.listApprovals()).some((a) => a.id === pending.id))
      .toBe(false);
    await expect
      .poll(async () =>
        (await t.sb.control.queryAudit({ limit: 5 })).some((e) => e.outcome === 'cancelled'),
      )
      .toBe(true);
  });

  it('writes a rule on "always allow" that the next call obeys without asking', async () => {
    const always = await t.connect(await t.key('asker', 'always-key'));
    const first = always.callTool({ name: 'fixture__add', arguments: { a: 1, b: 2 } });
    // add is read-only: allowed by default, no approval. Use stderr (a write) instead.
    expect(text(await first)).toBe('3');
    const call = always.callTool({ name: 'fixture__stderr', arguments: { text: 'hello' } });
    const pending = await pendingFor('fixture__stderr', 'always-key');
    await t.sb.control.decideApproval({ id: pending.id, decision: 'approve', always: true });
    expect(text(await call)).toBe('ok');
    const role = (await t.sb.control.listRoles()).find((r) => r.name === 'asker')!;
    expect(role.rules[0]).toEqual({ pattern: 'fixture__stderr', action: 'allow' });
    // The next call runs at once: nothing appears in the queue.
    expect(
      text(await always.callTool({ name: 'fixture__stderr', arguments: { text: 'again' } })),
    ).toBe('ok');
  });

  it('bounds the calls one key may have waiting', async () => {
    const flooder = await t.connect(await t.key('asker', 'flooder'));
    const waiting = [1, 2].map((n) =>
      flooder.callTool({ name: 'fixture__write_note', arguments: { text: `flood ${n}` } }),
    );
    await expect
      .poll(
        async () =>
          (await t.sb.control.listApprovals()).filter((a) => a.keyName === 'flooder').length,
      )
      .toBe(2);
    const third = await flooder.callTool({
      name: 'fixture__write_note',
      arguments: { text: 'flood 3' },
    });
    expect(third.isError).toBe(true);
    for (const a of (await t.sb.control.listApprovals()).filter((x) => x.keyName === 'flooder')) {
      await t.sb.control.decideApproval({ id: a.id, decision: 'deny' });
    }
    await Promise.all(waiting);
  });

  it('resolves two racing decisions to exactly one outcome', async () => {
    const call = asker.callTool({ name: 'fixture__write_note', arguments: { text: 'race' } });
    const pending = await pendingFor('fixture__write_note', keyName);
    const results = await Promise.all([
      t.sb.control.decideApproval({ id: pending.id, decision: 'approve' }),
      t.sb.control.decideApproval({ id: pending.id, decision: 'deny', always: true }),
    ]);
    expect(results.map((r) => r.result).sort()).toEqual(['already-settled', 'settled']);
    expect(text(await call)).toMatch(/^notes: \d+$/);
    // The losing "always deny" wrote no rule.
    const role = (await t.sb.control.listRoles()).find((r) => r.name === 'asker')!;
    expect(role.rules.some((r) => r.pattern === 'fixture__write_note')).toBe(false);
  });
});

describe('keys', () => {
  it('cuts a revoked key off on its next request', async () => {
    const key = await t.key('admin', 'short-lived');
    const agent = await t.connect(key);
    expect(text(await agent.callTool({ name: 'fixture__echo', arguments: { text: 'a' } }))).toBe(
      'echo: a',
    );
    await t.sb.control.revokeKey({ name: 'short-lived' });
    await expect(
      agent.callTool({ name: 'fixture__echo', arguments: { text: 'b' } }),
    ).rejects.toThrow();
  });
});

describe('the audit log', () => {
  it('records each call with decision, outcome and a redacted preview', async () => {
    const agent = await t.connect(t.adminKey);
    await agent.callTool({
      name: 'fixture__echo',
      arguments: { text: 'audited', password: 'hunter2-secret' },
    });
    const [entry] = await t.sb.control.queryAudit({ limit: 1, server: 'fixture' });
    expect(entry).toMatchObject({
      keyName: 'admin',
      role: 'admin',
      tool: 'fixture__echo',
      decision: 'allow',
      decidedBy: 'rule',
      outcome: 'ok',
      cacheHit: false,
    });
    expect(entry!.argsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(entry!.argsPreview).toContain('audited');
    expect(entry!.argsPreview).not.toContain('hunter2-secret');
  });

  it('filters by role, server and outcome', async () => {
    const denied = await t.sb.control.queryAudit({ limit: 50, outcome: 'denied' });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.outcome === 'denied')).toBe(true);
    const readers = await t.sb.control.queryAudit({ limit: 50, role: 'reader' });
    expect(readers.every((e) => e.role === 'reader')).toBe(true);
  });
});
