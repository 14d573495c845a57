import { scan } from './fixtures/axe.js';
import type { Section } from './pages/app-shell.js';
import { AppShell } from './pages/app-shell.js';
import { expect, test } from './fixtures/web.js';

// axe-core over every view in both themes: no serious or critical violation; also the approval
// toast and card while a call waits, and the sign-in screen a browser without a session gets.

const SECTIONS: Section[] = [
  'Servers',
  'Permissions',
  'Approvals',
  'Review',
  'Activity',
  'Metrics',
  'Connect',
];

test('every view, light and dark, has no serious or critical axe violation', async ({
  page,
  switchboard,
}) => {
  test.setTimeout(240_000); // axe over 8 screens × 2 themes on a shared 2-core machine
  const shell = new AppShell(page);
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  await page.goto(switchboard.controlCenterUrl);
  await expect(shell.heading('Servers')).toBeVisible();
  const waiting = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'a\u202eb' } });
  await expect(page.getByRole('alertdialog', { name: /Approval needed/ })).toBeVisible();
  const found: string[] = [];
  // While the call waits (an agent's request times out after 60 s): the toast, then the card.
  await scan(page, 'Servers with a toast', found);
  await shell.go('Approvals');
  await expect(page.getByRole('article')).toBeVisible();
  await scan(page, 'Approvals with a card', found);
  await page
    .getByRole('article')
    .getByRole('button', { name: /^Approve/ })
    .click();
  expect((await waiting).isError).toBeFalsy();
  for (const section of SECTIONS) {
    await shell.go(section);
    await expect(shell.heading(section)).toBeVisible();
    await expect(page.locator('.spinner')).toHaveCount(0);
    await scan(page, section, found);
  }

  const elsewhere = await page.context().browser()!.newContext();
  const stranger = await elsewhere.newPage();
  await stranger.goto(`${switchboard.origin}/#/servers`);
  await expect(stranger.getByRole('heading', { name: 'Sign in to Switchboard' })).toBeVisible();
  await scan(stranger, 'Sign in', found);
  await elsewhere.close();
  expect(found).toEqual([]);
});
