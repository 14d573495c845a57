import { ActivityPage } from './pages/activity-page.js';
import { expect, test } from './fixtures/web.js';

// Keyboard and screen-reader users keep their place: a sidebar choice moves focus to the new
// view's heading, and closing a sheet returns focus to the control that opened it.

test('a view change focuses its heading; a closed sheet gives focus back to its opener', async ({
  page,
  switchboard,
}) => {
  const shell = new ActivityPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await expect(shell.heading('Servers')).toBeVisible();

  for (const section of ['Approvals', 'Metrics', 'Activity'] as const) {
    await shell.navItem(section).focus();
    await page.keyboard.press('Enter');
    await expect(shell.heading(section)).toBeFocused();
  }

  // A sheet opened from a button: Escape, and focus is on that button again.
  await shell.go('Servers');
  const addServer = page.getByRole('button', { name: 'Add server' }).first();
  await addServer.focus();
  await page.keyboard.press('Enter');
  await expect(shell.dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(shell.dialog).toHaveCount(0);
  await expect(addServer).toBeFocused();

  // A sheet that unmounts when closed (Activity details): its Close button, then the row.
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  await agent.callTool({ name: 'fixture__echo', arguments: { text: 'hi' } }).catch(() => {});
  await shell.goto();
  const row = shell.rows.first();
  await expect(row).toBeVisible();
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(shell.dialog).toBeVisible();
  await shell.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(shell.dialog).toHaveCount(0);
  await expect(row).toBeFocused();
});
