import type { CallToolResult } from '@modelcontextprotocol/client';
import { ActivityPage } from './pages/activity-page.js';
import { PermissionsPage } from './pages/permissions-page.js';
import { expect, test } from './fixtures/web.js';

// A deny cell in the grid refuses the agent's next call, and Activity records both.

test("a deny cell in Permissions fails the agent's next call; Activity shows both", async ({
  page,
  switchboard,
}) => {
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  const before = await agent.callTool({ name: 'fixture__echo', arguments: { text: 'before' } });
  expect(before.isError).toBeFalsy();

  const permissions = new PermissionsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await permissions.goto();
  await permissions.search('fixture__echo');
  const cell = permissions.cell('fixture__echo', 'coder');
  // echo is read-only: allowed by default. A click cycles allow → ask → deny.
  await expect(cell).toHaveAccessibleName(/: allow \(default\)\. Change to ask$/);
  await permissions.cycle('fixture__echo', 'coder');
  await expect(cell).toHaveAccessibleName(/: ask\. Change to deny$/);
  await permissions.cycle('fixture__echo', 'coder');
  await expect(cell).toHaveAccessibleName(/: deny\. Change to allow$/);
  expect(await permissions.decision('fixture__echo', 'coder')).toEqual({
    action: 'deny',
    fromDefault: false,
  });

  const after = await agent.callTool({ name: 'fixture__echo', arguments: { text: 'after' } });
  expect(after.isError).toBe(true);
  expect((after as CallToolResult).content).toEqual([
    { type: 'text', text: expect.stringMatching(/^Denied by Switchboard: /) },
  ]);

  const activity = new ActivityPage(page);
  await activity.goto();
  const rows = activity.rowFor('fixture__echo');
  await expect(rows).toHaveCount(2);
  // Newest first: the denied call, then the allowed one (columns: … Decision, Outcome, …).
  const decision = (i: number) => rows.nth(i).getByRole('cell').nth(5);
  const outcome = (i: number) => rows.nth(i).getByRole('cell').nth(6);
  await expect(decision(0)).toHaveText(/^Deny rule$/);
  await expect(outcome(0)).toHaveText('Denied');
  await expect(decision(1)).toHaveText(/^Allow /);
  await expect(outcome(1)).toHaveText('OK');
  for (const i of [0, 1]) await expect(rows.nth(i).getByRole('cell').nth(2)).toHaveText('coder');

  const details = await activity.openDetails(rows.nth(0));
  await expect(details).toContainText('fixture__echo');
  await expect(details).toContainText(/denied/i);
});

test('the Grid and Rules tabs follow the ARIA tabs pattern: one Tab stop, arrows move', async ({
  page,
  switchboard,
}) => {
  const permissions = new PermissionsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await permissions.goto();
  const grid = page.getByRole('tab', { name: 'Grid' });
  const rules = page.getByRole('tab', { name: 'Rules' });
  const panel = page.getByRole('tabpanel');
  await expect(grid).toHaveAttribute('tabindex', '0');
  await expect(rules).toHaveAttribute('tabindex', '-1');
  await expect(panel).toHaveAccessibleName('Grid');
  await expect(grid).toHaveAttribute('aria-controls', (await panel.getAttribute('id'))!);

  await grid.focus();
  await page.keyboard.press('ArrowRight');
  await expect(rules).toBeFocused();
  await expect(rules).toHaveAttribute('aria-selected', 'true');
  await expect(panel).toHaveAccessibleName('Rules');
  await page.keyboard.press('ArrowRight'); // wraps around
  await expect(grid).toBeFocused();
  await page.keyboard.press('End');
  await expect(rules).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(grid).toHaveAttribute('aria-selected', 'true');
  await expect(permissions.grid).toBeVisible();
});
