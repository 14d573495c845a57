import type { Page } from '@playwright/test';
import { PermissionsPage } from './pages/permissions-page.js';
import { expect, test, type Switchboard } from './fixtures/web.js';

// Permissions with many tools and roles: search over descriptions and annotations, filters by
// server, decision and role, one Tab stop with arrow keys, a scroll cue when role columns
// overflow, bulk changes confirmed with their count, and a live match count in the rules editor.

test.use({ viewport: { width: 1280, height: 800 } });

const EXTRA_ROLES = ['auditor', 'ops', 'intern'];

async function open(page: Page, switchboard: Switchboard): Promise<PermissionsPage> {
  for (const name of EXTRA_ROLES) await switchboard.control('createRole', { name });
  const permissions = new PermissionsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await permissions.goto();
  await expect(permissions.cell('fixture__echo', 'coder')).toBeVisible();
  return permissions;
}

test('search reads descriptions and annotations; filters narrow by server, decision and role', async ({
  page,
  switchboard,
}) => {
  const permissions = await open(page, switchboard);
  const tools = await switchboard.control('listTools');
  const status = page.getByRole('search', { name: 'Filter tools' }).getByRole('status');
  await expect(status).toHaveText(`${tools.length} tools`);

  await permissions.search('Echoes the text');
  expect(await permissions.shownTools()).toEqual(['fixture__echo']);

  await permissions.search('destructive');
  await permissions.filter('Server', 'fixture');
  const destructive = tools
    .filter((t) => t.serverId === 'fixture' && t.annotations.destructive)
    .map((t) => t.name)
    .sort();
  expect(destructive.length).toBeGreaterThan(1);
  await expect.poll(() => permissions.shownTools()).toEqual(destructive);
  await expect(status).toHaveText(`${destructive.length} of ${tools.length} tools`);

  // admin allows everything by rule: it differs from the default only where the default asks.
  await permissions.search('');
  await permissions.filter('Decision', 'Differs from default');
  for (const role of ['planner', 'researcher', 'coder', 'reviewer', ...EXTRA_ROLES]) {
    await permissions.showRole(role, false);
  }
  await expect(page.getByRole('columnheader', { name: /^planner/ })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: /^admin/ })).toHaveCount(1);
  const asksByDefault = tools
    .filter((t) => t.serverId === 'fixture' && t.defaultAction === 'ask')
    .map((t) => t.name)
    .sort();
  await expect.poll(() => permissions.shownTools()).toEqual(asksByDefault);

  await permissions.filter('Decision', 'Only ask or deny');
  await expect(page.getByRole('heading', { name: 'No matching tools' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(status).toHaveText(`${tools.length} tools`);
});

test('the grid is one Tab stop; arrows, Home and End move; a cue counts hidden role columns', async ({
  page,
  switchboard,
}) => {
  const permissions = await open(page, switchboard);
  const grid = permissions.grid;
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  const cue = page.locator('.scroll-cue');
  await expect(cue).toHaveText(/^\d+ more roles?/);

  await permissions.search('fixture__');
  const echo = permissions.cell('fixture__echo', 'admin');
  await echo.focus();
  await page.keyboard.press('ArrowRight');
  await expect(permissions.cell('fixture__echo', 'planner')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const rows = await permissions.shownTools();
  const next = rows[rows.indexOf('fixture__echo') + 1]!;
  await expect(permissions.cell(next, 'planner')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await expect(permissions.cell('fixture__echo', 'intern')).toBeFocused();
  // The last column scrolled into view: the cue on the right is gone, the shadow on the left on.
  await expect(cue).toHaveCount(0);
  await expect(page.locator('.grid-frame')).toHaveAttribute('data-overflow-left', 'true');
  await page.keyboard.press('Home');
  await expect(echo).toBeFocused();
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);

  // Enter cycles the cell and the focus stays on it.
  await page.keyboard.press('ArrowRight');
  const planner = permissions.cell('fixture__echo', 'planner');
  const before = await permissions.decision('fixture__echo', 'planner');
  await page.keyboard.press('Enter');
  await expect.poll(() => permissions.decision('fixture__echo', 'planner')).not.toEqual(before);
  await expect(planner).toBeFocused();

  // Tab leaves the grid; Shift+Tab comes back to the same cell.
  await page.keyboard.press('Tab');
  await expect(planner).not.toBeFocused();
  expect(await grid.evaluate((g) => g.contains(g.ownerDocument.activeElement))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(planner).toBeFocused();
});

test('a bulk change names its count and waits for confirmation; Cancel changes nothing', async ({
  page,
  switchboard,
}) => {
  const permissions = await open(page, switchboard);
  const fixtureTools = (await switchboard.control('listTools')).filter(
    (t) => t.serverId === 'fixture',
  );
  const n = fixtureTools.length;
  await permissions.setServer('fixture', 'coder', 'deny');
  await expect(permissions.dialog).toHaveAccessibleName(`Deny ${n} tools for coder?`);
  const changing = fixtureTools.filter((t) => t.decisions.coder?.action !== 'deny').length;
  await expect(permissions.dialog).toContainText(
    `every fixture tool (${n} tools) to deny for role coder: ${changing} tools change`,
  );
  await permissions.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(permissions.dialog).toHaveCount(0);
  expect(await permissions.decision('fixture__echo', 'coder')).toEqual({
    action: 'allow',
    fromDefault: true,
  });
  const roles = await switchboard.control('listRoles');
  expect(roles.find((r) => r.name === 'coder')!.rules.some((r) => r.pattern === 'fixture__*')).toBe(
    false,
  );

  await permissions.setServer('fixture', 'coder', 'deny');
  await permissions.confirmBulk(`Deny ${n} tools`).click();
  await expect(permissions.dialog).toHaveCount(0);
  await expect
    .poll(() => permissions.decision('fixture__echo', 'coder'))
    .toEqual({ action: 'deny', fromDefault: false });
  const after = await switchboard.control('listTools');
  expect(
    after.filter((t) => t.serverId === 'fixture' && t.decisions.coder?.action !== 'deny'),
  ).toEqual([]);
});

test('the rules editor counts the tools a pattern matches as it is typed', async ({
  page,
  switchboard,
}) => {
  const permissions = await open(page, switchboard);
  const tools = await switchboard.control('listTools');
  const count = (re: RegExp) => tools.filter((t) => re.test(t.name)).length;
  await permissions.openRules('ops');
  await page.getByRole('button', { name: 'Add rule' }).click();
  const pattern = page.getByRole('textbox', { name: 'Pattern of rule 1' });
  await expect(permissions.matchCount(1)).toHaveText('0 tools');
  await pattern.fill('fixture__*');
  await expect(permissions.matchCount(1)).toHaveText(`${count(/^fixture__/)} tools`);
  await pattern.fill('FIXTURE__E*');
  await expect(permissions.matchCount(1)).toHaveText(`${count(/^fixture__e/)} tools`);
  await pattern.fill('*__read_*');
  await expect(permissions.matchCount(1)).toHaveText(`${count(/__read_/)} tools`);
  await expect(pattern).toHaveAccessibleDescription(`${count(/__read_/)} tools`);
});
