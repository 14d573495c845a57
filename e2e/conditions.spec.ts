import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from './fixtures/axe.js';
import type { Page } from '@playwright/test';
import type { DecisionView } from '../src/shared/model.js';
import { runCli } from '../test/helpers/serve-process.js';
import { AppShell } from './pages/app-shell.js';
import { PermissionsPage } from './pages/permissions-page.js';
import { expect, test, type Switchboard } from './fixtures/web.js';

// Conditions on rules in the control center, with the official filesystem server: edited in
// the rules editor, simulated (agreeing with `switchboard explain` and the real call), and
// written by an approval card's "always for this folder".

async function writerRole(switchboard: Switchboard): Promise<string> {
  const project = join(switchboard.dataDir, 'workspace', 'project');
  mkdirSync(project, { recursive: true });
  await switchboard.control('createRole', { name: 'writer' });
  await switchboard.control('setRules', {
    role: 'writer',
    rules: [
      { pattern: 'filesystem__write_file', action: 'ask' },
      { pattern: '*', action: 'deny' },
    ],
  });
  return project;
}

function explain(switchboard: Switchboard, args: Record<string, unknown>): DecisionView {
  const out = runCli([
    'explain',
    'writer',
    'filesystem__write_file',
    JSON.stringify(args),
    '--json',
    '--data-dir',
    switchboard.dataDir,
  ]);
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as DecisionView;
}

async function simulate(page: Page, args: Record<string, unknown>) {
  const form = page.getByRole('form', { name: 'Simulate a call as writer' });
  await form.getByRole('combobox', { name: 'Tool' }).selectOption('filesystem__write_file');
  await form.getByRole('textbox', { name: 'Arguments (JSON)' }).fill(JSON.stringify(args));
  await form.getByRole('button', { name: 'Simulate' }).click();
  return form.getByRole('status', { name: 'Simulated decision' });
}

test('a condition added, edited and removed in the rules editor; simulate agrees with explain', async ({
  page,
  switchboard,
}) => {
  const project = await writerRole(switchboard);
  const elsewhere = join(switchboard.dataDir, 'workspace');
  const permissions = new PermissionsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await permissions.goto();
  await permissions.openRules('writer');

  await permissions.addRule('filesystem__write_file', 'allow');
  await permissions.moveRule(3, 'up');
  await permissions.moveRule(2, 'up');
  await page.getByRole('button', { name: 'Add condition to rule 1' }).click();
  const condition = (what: string, n = 1) => `${what} of condition ${n} of rule 1`;
  // The argument comes from the tool's input schema.
  const arg = page.getByRole('combobox', { name: condition('Argument') });
  await expect(arg.getByRole('option')).toHaveText(['content', 'path']);
  await arg.selectOption('path');
  await expect(page.getByRole('combobox', { name: condition('Kind') })).toHaveValue('inside');
  // An empty folder cannot be saved, and the editor says why.
  await expect(page.getByRole('button', { name: 'Save rules' })).toBeDisabled();
  await expect(page.getByText('Rule 1, condition 1: Enter a folder.')).toBeVisible();
  await page.getByRole('textbox', { name: condition('Value') }).fill(elsewhere);
  await page.getByRole('button', { name: 'Add condition to rule 1' }).click();
  await page.getByRole('combobox', { name: condition('Argument', 2) }).selectOption('content');
  await page.getByRole('combobox', { name: condition('Kind', 2) }).selectOption('matches');
  await page.getByRole('textbox', { name: condition('Value', 2) }).fill('hello.*');
  await permissions.saveRules();
  const rulesOf = async () =>
    (await switchboard.control('listRoles')).find((r) => r.name === 'writer')!.rules;
  await expect
    .poll(async () => (await rulesOf())[0])
    .toEqual({
      pattern: 'filesystem__write_file',
      action: 'allow',
      conditions: [
        { kind: 'path', arg: 'path', op: 'inside', folder: elsewhere },
        { kind: 'matches', arg: 'content', regex: 'hello.*' },
      ],
    });

  // Edit: the folder narrows to the project; the pattern condition goes.
  await page.getByRole('textbox', { name: condition('Value') }).fill(project);
  await page.getByRole('button', { name: 'Remove condition 2 of rule 1' }).click();
  await permissions.saveRules();
  await expect
    .poll(async () => (await rulesOf())[0])
    .toEqual({
      pattern: 'filesystem__write_file',
      action: 'allow',
      conditions: [{ kind: 'path', arg: 'path', op: 'inside', folder: project }],
    });

  // Simulate, inside and outside the folder: the same decision and words as explain.
  const inside = { path: join(project, 'a.txt'), content: 'x' };
  const outside = { path: join(elsewhere, 'b.txt'), content: 'x' };
  const shownInside = await simulate(page, inside);
  const cliInside = explain(switchboard, inside);
  expect(cliInside.action).toBe('allow');
  await expect(shownInside).toContainText('allow');
  await expect(shownInside).toContainText('Decided by rule 1');
  await expect(shownInside).toContainText(cliInside.reason);

  const shownOutside = await simulate(page, outside);
  const cliOutside = explain(switchboard, outside);
  expect(cliOutside.action).toBe('ask');
  await expect(shownOutside).toContainText('Decided by rule 2');
  await expect(shownOutside).toContainText(cliOutside.reason);
  await expect(shownOutside.getByRole('list', { name: 'Rules passed over' })).toHaveText(
    cliOutside.skipped!.join(''),
  );

  // And the pipeline: the write inside runs without asking.
  const agent = await switchboard.agent(await switchboard.keyFor('writer'));
  const done = await agent.callTool({ name: 'filesystem__write_file', arguments: inside });
  expect(done.isError).toBeFalsy();
  expect(readFileSync(inside.path, 'utf8')).toBe('x');
});

test('"always for this folder" on an approval card writes a conditioned rule: the next write there runs, outside still asks', async ({
  page,
  switchboard,
}) => {
  const project = await writerRole(switchboard);
  const agent = await switchboard.agent(await switchboard.keyFor('writer'));
  const shell = new AppShell(page);
  await page.goto(switchboard.controlCenterUrl);
  await shell.go('Approvals');
  const first = agent.callTool({
    name: 'filesystem__write_file',
    arguments: { path: join(project, 'a.txt'), content: 'one' },
  });
  const card = page.getByRole('article');
  await expect(card).toBeVisible();
  const scope = card.getByRole('combobox', { name: 'Always for' });
  await expect(scope.getByRole('option')).toHaveText([
    'every call of this tool',
    `this folder (${project})`,
    // `content` is no path, host or SQL: nothing narrower for it.
    'the next hour',
  ]);
  await expect(card).toContainText('filesystem__write_file → allow');
  await scope.selectOption({ label: `this folder (${project})` });
  const rule = `filesystem__write_file if path inside ${JSON.stringify(project)} → allow`;
  await expect(card).toContainText(rule);
  await expect(card.getByRole('button', { name: 'Always allow' })).toHaveAccessibleDescription(
    new RegExp(rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  const found: string[] = [];
  await scan(page, 'Approval card with a narrower always', found);
  expect(found).toEqual([]);
  await card.getByRole('button', { name: 'Always allow' }).click();
  expect((await first).isError).toBeFalsy();

  const rules = (await switchboard.control('listRoles')).find((r) => r.name === 'writer')!.rules;
  expect(rules[0]).toEqual({
    pattern: 'filesystem__write_file',
    action: 'allow',
    conditions: [{ kind: 'path', arg: 'path', op: 'inside', folder: project }],
  });

  // The next write in the folder runs without a card.
  const second = await agent.callTool({
    name: 'filesystem__write_file',
    arguments: { path: join(project, 'sub-b.txt'), content: 'two' },
  });
  expect(second.isError).toBeFalsy();
  expect(readFileSync(join(project, 'sub-b.txt'), 'utf8')).toBe('two');
  expect(await switchboard.control('listApprovals')).toEqual([]);

  // Outside it, the call still waits for a person.
  const outside = agent.callTool({
    name: 'filesystem__write_file',
    arguments: { path: join(switchboard.dataDir, 'workspace', 'c.txt'), content: 'three' },
  });
  await expect(card).toBeVisible();
  await expect(card).toContainText('c.txt');
  await card.getByRole('button', { name: /^Deny/ }).click();
  expect((await outside).isError).toBe(true);
});

test('Permissions with filters, conditions and a simulation: no serious or critical axe violation, light and dark', async ({
  page,
  switchboard,
}) => {
  test.setTimeout(120_000);
  const project = await writerRole(switchboard);
  await switchboard.control('setRule', {
    role: 'writer',
    pattern: 'filesystem__write_file',
    action: 'allow',
    conditions: [{ kind: 'path', arg: 'path', op: 'inside', folder: project }],
  });
  const permissions = new PermissionsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await permissions.goto();
  await expect(permissions.cell('fixture__echo', 'writer')).toBeVisible();
  const found: string[] = [];
  await permissions.filter('Decision', 'Only explicit rules');
  await permissions.showRole('planner', false);
  await scan(page, 'Permissions grid, filtered', found);
  await permissions.setRole('coder', 'deny');
  await expect(permissions.dialog).toBeVisible();
  await scan(page, 'Permissions bulk confirm', found);
  await permissions.dialog.getByRole('button', { name: 'Cancel' }).click();
  await permissions.openRules('writer');
  await page.getByRole('button', { name: 'Add condition to rule 2' }).click();
  await expect(await simulate(page, { path: join(project, 'a'), content: '' })).toContainText(
    'allow',
  );
  await scan(page, 'Permissions rules with conditions and a simulation', found);
  expect(found).toEqual([]);
});
