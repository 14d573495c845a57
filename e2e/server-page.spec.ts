import { scan } from './fixtures/axe.js';
import { ServerPagePage } from './pages/server-page.js';
import { expect, screenshotBothThemes, test } from './fixtures/web.js';

// A server's page: a real server's tools and schemas, the live stderr tail, and "Try it"
// through the agents' pipeline (an ask rule waits for a click; the call lands in Activity).

test('lists a real server’s tools with their schemas, and tails what a server writes to stderr', async ({
  page,
  switchboard,
}) => {
  const server = new ServerPagePage(page);
  await page.goto(switchboard.controlCenterUrl);
  await server.open('Filesystem');
  await expect(server.title).toBeFocused();
  await expect(server.tool('list_directory')).toBeVisible();
  await expect(server.tool('read_text_file')).toContainText(/read/i);
  const schema = await server.showSchema('list_directory');
  await expect(schema).toContainText('"path"');
  await expect(schema).toContainText('"required"');

  await server.open('Fixture');
  const admin = await switchboard.agent(switchboard.adminKey);
  await admin.callTool({
    name: 'fixture__stderr',
    arguments: { text: 'hello from the fixture, token sk-e2e-abcdefghijklmnopqrstuvwxyz' },
  });
  const tail = server.stderr('Fixture');
  await expect(tail).toContainText('hello from the fixture');
  // A credential-shaped string is masked on its way to the page.
  await expect(tail).not.toContainText('sk-e2e-abcdefghijklmnopqrstuvwxyz');
});

test('a Try-it call under an ask rule waits for approval, then shows in Activity', async ({
  page,
  switchboard,
}) => {
  await switchboard.control('setRule', {
    role: 'coder',
    pattern: 'fixture__write_note',
    action: 'ask',
  });
  const server = new ServerPagePage(page);
  await page.goto(switchboard.controlCenterUrl);
  await server.open('Fixture');
  await server.chooseRole('coder');
  await expect(server.tool('write_note')).toContainText('Ask');

  const dialog = await server.openTry('write_note');
  await dialog.getByLabel('text').fill('from the page');
  await dialog.getByRole('button', { name: 'Call tool' }).click();
  await expect(dialog.getByText(/Waiting for approval/)).toBeVisible();
  await expect(server.approvalsBadge).toHaveText('1');
  const [pending] = await switchboard.control('listApprovals');
  expect(pending).toMatchObject({ keyName: 'control-center', role: 'coder' });
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(server.result(dialog)).toContainText('notes: 1');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(server.tryButton('write_note')).toBeFocused();

  await server.go('Activity');
  const main = page.getByRole('main');
  await expect(main.getByText('fixture__write_note').first()).toBeVisible();
  await expect(main.getByText('control-center').first()).toBeVisible();
  const [line] = await switchboard.control('queryAudit', { text: 'fixture__write_note' });
  expect(line).toMatchObject({ keyName: 'control-center', decidedBy: 'person', outcome: 'ok' });
});

test('the Try-it form checks its fields, and the switch writes the grid’s rule', async ({
  page,
  switchboard,
}) => {
  const server = new ServerPagePage(page);
  await page.goto(switchboard.controlCenterUrl);
  await server.open('Fixture');
  await server.chooseRole('coder');

  const dialog = await server.openTry('add');
  await dialog.getByRole('button', { name: 'Call tool' }).click();
  await expect(dialog.getByText('Required.')).toHaveCount(2);
  await expect(dialog.getByLabel('a')).toBeFocused();
  await dialog.getByLabel('a').fill('two');
  await dialog.getByLabel('b').fill('3');
  await dialog.getByRole('button', { name: 'Call tool' }).click();
  await expect(dialog.getByText('Enter a number.')).toBeVisible();
  await dialog.getByLabel('a').fill('2');
  await dialog.getByRole('button', { name: 'Call tool' }).click();
  await expect(server.result(dialog)).toContainText('"text": "5"');
  await dialog.press('Escape');
  await expect(server.tryButton('add')).toBeFocused();

  // Off for coder: the same exact-name deny rule a click in the grid writes.
  const echo = server.onSwitch('echo', 'coder');
  await expect(echo).toHaveAttribute('aria-checked', 'true');
  await echo.click();
  await expect(echo).toHaveAttribute('aria-checked', 'false');
  const coder = (await switchboard.control('listRoles')).find((r) => r.name === 'coder');
  expect(coder?.rules).toContainEqual(
    expect.objectContaining({ pattern: 'fixture__echo', action: 'deny' }),
  );
  const refused = await server.openTry('echo');
  await refused.getByLabel('text').fill('hi');
  await refused.getByRole('button', { name: 'Call tool' }).click();
  await expect(server.result(refused)).toContainText('Denied by Switchboard');
});

test('the server page has no serious or critical axe violation, light or dark', async ({
  page,
  switchboard,
}, testInfo) => {
  test.setTimeout(120_000);
  const server = new ServerPagePage(page);
  await page.goto(switchboard.controlCenterUrl);
  await server.open('Fixture');
  await server.showSchema('echo');
  const admin = await switchboard.agent(switchboard.adminKey);
  await admin.callTool({ name: 'fixture__stderr', arguments: { text: 'a line for axe' } });
  await expect(server.stderr('Fixture')).toContainText('a line for axe');
  const found: string[] = [];
  await scan(page, 'Server page', found);
  await screenshotBothThemes(page, 'server-page', testInfo);
  for (const tab of ['Resources', 'Prompts']) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    await scan(page, `Server page ${tab}`, found);
  }
  await page.getByRole('tab', { name: /^Tools/ }).click();
  const dialog = await server.openTry('echo');
  // A direction override in the answer is shown as its escape, and the dialog says so.
  await dialog.getByLabel('text').fill('axe\u202Egnp.exe');
  await dialog.getByRole('button', { name: 'Call tool' }).click();
  await expect(server.result(dialog)).toContainText('echo: axe\\u202Egnp.exe');
  await expect(dialog.getByRole('note', { name: 'Invisible characters' })).toBeVisible();
  await scan(page, 'Try it', found);
  await screenshotBothThemes(page, 'server-page-try-it', testInfo);
  expect(found).toEqual([]);
});
