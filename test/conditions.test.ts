import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Rule } from '../src/shared/model.js';
import { getPreset, instantiatePreset } from '../src/main/setup/presets.js';
import { CONDITION_CASES, expectedAction } from './helpers/condition-cases.js';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { callText } from './presets/tool-text.js';

// Rules with conditions on the arguments, through the real endpoint and SDK client, with the
// official filesystem server, Switchboard's own SQLite server (run `npm run build` first) and
// the fixture server; explain must agree with the pipeline on every row of the table tests.

let dir: string;
let project: string;
let t: TestSwitchboard;
let coder: Client;
let analyst: Client;
let tester: Client;

const role = (name: string, rules: Rule[]) => ({
  name,
  description: '',
  rules,
  exposure: 'all' as const,
  pinned: [],
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-conditions-'));
  project = join(dir, 'project');
  mkdirSync(project);
  const db = new Database(join(dir, 'shop.db'));
  db.exec("CREATE TABLE fruit (name TEXT PRIMARY KEY); INSERT INTO fruit VALUES ('kiwi')");
  db.close();
  const make = (id: string, values: Record<string, string>) =>
    instantiatePreset(getPreset(id), values, { dataDir: dir }).server;
  t = await startSwitchboard({
    servers: [
      make('filesystem', { root: dir }),
      make('sqlite', { file: join(dir, 'shop.db') }),
      { id: 'fixture', transport: fixtureTransport() },
    ],
    roles: [
      role('admin', [{ pattern: '*', action: 'allow' }]),
      role('coder', [
        {
          pattern: 'filesystem__write_file',
          action: 'allow',
          conditions: [{ kind: 'path', arg: 'path', op: 'inside', folder: project }],
        },
        { pattern: 'filesystem__read_*', action: 'allow' },
        { pattern: '*', action: 'deny' },
      ]),
      role('analyst', [
        {
          pattern: 'sqlite__*_query',
          action: 'allow',
          conditions: [{ kind: 'sql', arg: 'query', op: 'is', kinds: ['select'] }],
        },
        { pattern: '*', action: 'deny' },
      ]),
      role('tester', [{ pattern: '*', action: 'allow' }]),
      {
        ...role('budgeted', [{ pattern: '*', action: 'allow' }]),
        budgets: [{ pattern: 'fixture__*', perMinute: 2, per: 'server' as const }],
      },
      role('writer', [
        { pattern: 'filesystem__write_file', action: 'ask' },
        { pattern: '*', action: 'deny' },
      ]),
    ],
    settings: { approvalTimeoutMs: 60_000 },
  });
  coder = await t.connect(await t.key('coder'));
  analyst = await t.connect(await t.key('analyst'));
  tester = await t.connect(await t.key('tester'));
}, 90_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
  rmSync(dir, { recursive: true, force: true });
});

describe('a coder who may write only in the project folder', () => {
  it('lists write_file (some calls may use it) and writes inside the project', async () => {
    const names = (await coder.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('filesystem__write_file');
    expect(names).not.toContain('filesystem__move_file');
    const inside = join(project, 'notes.txt');
    const { isError } = await callText(coder, 'filesystem__write_file', {
      path: inside,
      content: 'hello',
    });
    expect(isError).toBe(false);
    expect(readFileSync(inside, 'utf8')).toBe('hello');
  });

  it.each([
    ['a sibling folder', (d: string) => join(d, 'outside.txt')],
    ['../ out of the project', (d: string) => `${d}/project/../escaped.txt`],
    ['an encoded ../', (d: string) => `${d}/project/%2e%2e/encoded.txt`],
  ])('refuses a write to %s, naming the rule and condition', async (_name, target) => {
    const path = target(dir);
    const { text, isError } = await callText(coder, 'filesystem__write_file', {
      path,
      content: 'x',
    });
    expect(isError).toBe(true);
    expect(text).toContain('Denied by Switchboard: rule 3 of role "coder"');
    expect(existsSync(join(dir, 'outside.txt'))).toBe(false);
    expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
    const why = await t.sb.control.explainDecision({
      role: 'coder',
      tool: 'filesystem__write_file',
      args: { path, content: 'x' },
    });
    expect(why.action).toBe('deny');
    expect(why.skipped?.[0]).toContain(`condition 1 (path inside ${JSON.stringify(project)})`);
  });
});

describe('an analyst limited to SELECT on the SQLite server', () => {
  it('reads with a SELECT', async () => {
    const { text, isError } = await callText(analyst, 'sqlite__read_query', {
      query: 'SELECT name FROM fruit',
    });
    expect(isError).toBe(false);
    expect(text).toContain('kiwi');
  });

  it.each([
    'SELECT 1; DROP TABLE fruit',
    'DELETE FROM fruit',
    'SELECT 1 /* ; */ ; DELETE FROM fruit',
  ])('refuses %s before the server sees it', async (query) => {
    for (const tool of ['sqlite__read_query', 'sqlite__write_query']) {
      const { text, isError } = await callText(analyst, tool, { query });
      expect(isError).toBe(true);
      expect(text).toContain('Denied by Switchboard: rule 2 of role "analyst"');
    }
    const db = new Database(join(dir, 'shop.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM fruit').get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('explain agrees with the pipeline on every row of the table tests', () => {
  const outcome = async (args: Record<string, unknown>) => {
    const { text, isError } = await callText(tester, 'fixture__echo', { ...args, text: 'hi' });
    return isError && text.startsWith('Denied by Switchboard') ? 'deny' : 'allow';
  };

  it.each(['allow', 'deny'] as const)(
    'with the condition on an %s rule',
    async (action) => {
      const fallback = action === 'allow' ? 'deny' : 'allow';
      for (const row of CONDITION_CASES) {
        await t.sb.control.setRules({
          role: 'tester',
          rules: [
            { pattern: 'fixture__echo', action, conditions: [row.condition] },
            { pattern: '*', action: fallback },
          ],
        });
        const args = JSON.parse(JSON.stringify(row.args)) as Record<string, unknown>;
        const explained = await t.sb.control.explainDecision({
          role: 'tester',
          tool: 'fixture__echo',
          args: { ...args, text: 'hi' },
        });
        const seen = await outcome(args);
        expect({ row: row.name, explained: explained.action }).toEqual({
          row: row.name,
          explained: seen,
        });
        expect({ row: row.name, seen }).toEqual({
          row: row.name,
          seen: expectedAction(row.verdict, action, fallback),
        });
      }
    },
    120_000,
  );
});

describe('setting a conditional rule through the control API', () => {
  it('refuses a condition on an argument no matching tool takes', async () => {
    await expect(
      t.sb.control.setRule({
        role: 'coder',
        pattern: 'filesystem__write_file',
        action: 'allow',
        conditions: [{ kind: 'path', arg: 'file', op: 'inside', folder: project }],
      }),
    ).rejects.toThrow(/no tool matching "filesystem__write_file" takes an argument "file"/);
  });

  it('keeps rules for one pattern with different conditions side by side', async () => {
    const updated = await t.sb.control.setRule({
      role: 'coder',
      pattern: 'filesystem__write_file',
      action: 'ask',
      conditions: [{ kind: 'path', arg: 'path', op: 'inside', folder: join(dir, 'drafts') }],
    });
    expect(updated.rules.filter((r) => r.pattern === 'filesystem__write_file')).toHaveLength(2);
  });
});

describe('a narrower "always" from an approval', () => {
  const waiting = async (tool: string) =>
    vi.waitFor(
      async () => {
        const found = (await t.sb.control.listApprovals()).find(
          (a) => a.role === 'writer' && a.tool === tool,
        );
        if (!found) throw new Error('not yet');
        return found;
      },
      { timeout: 20_000, interval: 25 },
    );

  it('approves always for this folder: later writes there run, writes elsewhere still ask', async () => {
    const writer = await t.connect(await t.key('writer'));
    const inProject = { path: join(project, 'first.txt'), content: '1' };
    const first = callText(writer, 'filesystem__write_file', inProject);
    const pending = await waiting('filesystem__write_file');
    const folder = { kind: 'path', arg: 'path', op: 'inside', folder: project } as const;
    // A condition that does not cover the call being answered is refused, and the call waits on.
    await expect(
      t.sb.control.decideApproval({
        id: pending.id,
        decision: 'approve',
        always: true,
        conditions: [{ ...folder, folder: join(dir, 'elsewhere') }],
      }),
    ).rejects.toThrow(/does not hold for this call/);
    await t.sb.control.decideApproval({
      id: pending.id,
      decision: 'approve',
      always: true,
      conditions: [folder],
    });
    expect((await first).isError).toBe(false);
    const rules = (await t.sb.control.listRoles()).find((r) => r.name === 'writer')!.rules;
    expect(rules[0]).toEqual({
      pattern: 'filesystem__write_file',
      action: 'allow',
      conditions: [folder],
    });
    // The unconditioned ask rule stays for every other folder.
    expect(rules[1]).toEqual({ pattern: 'filesystem__write_file', action: 'ask' });
    const second = await callText(writer, 'filesystem__write_file', {
      path: join(project, 'second.txt'),
      content: '2',
    });
    expect(second.isError).toBe(false);
    expect(readFileSync(join(project, 'second.txt'), 'utf8')).toBe('2');
    const outside = callText(writer, 'filesystem__write_file', {
      path: join(dir, 'other.txt'),
      content: '3',
    });
    const asked = await waiting('filesystem__write_file');
    await t.sb.control.decideApproval({ id: asked.id, decision: 'deny' });
    expect((await outside).isError).toBe(true);
    expect(existsSync(join(dir, 'other.txt'))).toBe(false);
  });

  it('approves always for the next hour: a rule that lapses 60 minutes on', async () => {
    const writer = await t.connect(await t.key('writer'));
    const first = callText(writer, 'filesystem__write_file', {
      path: join(dir, 'hour-1.txt'),
      content: '1',
    });
    const pending = await waiting('filesystem__write_file');
    await expect(
      t.sb.control.decideApproval({ id: pending.id, decision: 'approve', forMinutes: 60 }),
    ).rejects.toThrow(/set always too/);
    const before = Date.now();
    await t.sb.control.decideApproval({
      id: pending.id,
      decision: 'approve',
      always: true,
      forMinutes: 60,
    });
    const after = Date.now();
    expect((await first).isError).toBe(false);
    const rule = (await t.sb.control.listRoles()).find((r) => r.name === 'writer')!.rules[0]!;
    expect(rule).toMatchObject({ pattern: 'filesystem__write_file', action: 'allow' });
    const until = Date.parse(rule.until!);
    expect(until).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(until).toBeLessThanOrEqual(after + 3_600_000);
    // Within the hour, a write outside the project runs without asking.
    const second = await callText(writer, 'filesystem__write_file', {
      path: join(dir, 'hour-2.txt'),
      content: '2',
    });
    expect(second.isError).toBe(false);
    const why = await t.sb.control.explainDecision({
      role: 'writer',
      tool: 'filesystem__write_file',
      args: { path: join(dir, 'hour-3.txt'), content: '3' },
    });
    expect(why.reason).toContain(`until ${rule.until}`);
  });
});

describe('budgets through the endpoint', () => {
  it("refuses the call over a role's per-server budget, naming the budget", async () => {
    const client = await t.connect(await t.key('budgeted'));
    expect((await callText(client, 'fixture__echo', { text: 'a' })).isError).toBe(false);
    expect((await callText(client, 'fixture__add', { a: 1, b: 2 })).isError).toBe(false);
    const over = await callText(client, 'fixture__echo', { text: 'c' });
    expect(over.isError).toBe(true);
    expect(over.text).toContain(
      'budget 1 of role "budgeted" ("fixture__*": 2 calls per minute per server) is spent for server "fixture"',
    );
    const audit = await t.sb.control.queryAudit({ role: 'budgeted', limit: 5 });
    expect(audit[0]).toMatchObject({ role: 'budgeted', outcome: 'denied' });
  });
});
