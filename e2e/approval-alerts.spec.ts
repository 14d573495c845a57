import type { CallToolResult } from '@modelcontextprotocol/client';
import { ApprovalsPage } from './pages/approvals-page.js';
import { expect, test } from './fixtures/web.js';

// A waiting call finds the person on any view: the tab title counts it, a toast offers
// Approve / Deny / Open, and the keyboard works on the toast and on the card it opens.

/** The page's Notification, as far as these tests use it (this tsconfig has no DOM types). */
type PageNotification = { body: string; dispatchEvent(event: Event): boolean };
type PageScope = {
  Notification: new (title: string, options?: unknown) => PageNotification;
  shown: PageNotification[];
};

const textOf = (result: unknown) =>
  (result as CallToolResult).content.map((c) => (c.type === 'text' ? c.text : '')).join('');

test('an approval raised while another view is open shows in the title and a toast', async ({
  page,
  switchboard,
}) => {
  // coder has no rule for the fixture's write_note, so its write annotation decides: ask.
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  const shell = new ApprovalsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await shell.go('Activity');
  await expect(shell.heading('Activity')).toBeVisible();
  await expect(page).toHaveTitle('Switchboard');

  const toast = page.getByRole('alertdialog', { name: /Approval needed/ });
  const first = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'one' } });
  await expect(page).toHaveTitle('(1) Switchboard');
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('fixture › write_note');
  await expect(shell.heading('Activity')).toBeVisible();
  await toast.getByRole('button', { name: 'Approve' }).click();
  expect(textOf(await first)).toBe('notes: 1');
  await expect(page).toHaveTitle('Switchboard');
  await expect(toast).toHaveCount(0);

  // Keyboard on the toast: Tab reaches it, `d` denies.
  const second = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'two' } });
  await expect(toast).toBeVisible();
  await toast.focus();
  await page.keyboard.press('d');
  expect((await second).isError).toBe(true);
  await expect(page).toHaveTitle('Switchboard');

  // Open: the Approvals view, with focus on the card, where `a` approves it.
  const third = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'three' } });
  await expect(page).toHaveTitle('(1) Switchboard');
  await toast.getByRole('button', { name: 'Open' }).click();
  await expect(shell.heading('Approvals')).toBeVisible();
  const card = shell.card('write_note');
  await expect(card).toBeFocused();
  await expect(toast).toHaveCount(0);
  await page.keyboard.press('Tab');
  // The card's first control: the scope of an "always" answer, just above its buttons.
  await expect(card.getByRole('combobox', { name: 'Always for' })).toBeFocused();
  await card.focus();
  await page.keyboard.press('a');
  expect(textOf(await third)).toBe('notes: 2');
  await expect(page).toHaveTitle('Switchboard');
});

test('once allowed, a Web Notification announces the approval and opens its card', async ({
  page,
  switchboard,
}) => {
  await page.context().grantPermissions(['notifications'], { origin: switchboard.origin });
  // Record what the page shows through the real Notification, and keep each one to click.
  await page.addInitScript(() => {
    const scope = globalThis as unknown as PageScope;
    const Real = scope.Notification;
    const shown: PageNotification[] = [];
    scope.shown = shown;
    scope.Notification = class extends Real {
      constructor(title: string, options?: unknown) {
        super(title, options);
        shown.push(this);
      }
    };
  });
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  const shell = new ApprovalsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await expect(shell.heading('Servers')).toBeVisible();
  const pending = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'n' } });
  await expect(page).toHaveTitle('(1) Switchboard');
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageScope).shown.length))
    .toBe(1);
  expect(await page.evaluate(() => (globalThis as unknown as PageScope).shown[0]!.body)).toContain(
    'fixture › write_note',
  );
  await page.evaluate(() =>
    (globalThis as unknown as PageScope).shown[0]!.dispatchEvent(new Event('click')),
  );
  await expect(shell.card('write_note')).toBeFocused();
  await page.keyboard.press('a');
  expect(textOf(await pending)).toBe('notes: 1');
});
