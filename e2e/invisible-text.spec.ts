import { ActivityPage } from './pages/activity-page.js';
import { ApprovalsPage } from './pages/approvals-page.js';
import { expect, test } from './fixtures/web.js';

// Invisible and direction-changing characters in what an agent sends are shown as escapes
// where the person decides (the approval card, also after "Show all") and reads (Activity).

test('a bidi override and a zero-width space in an argument are shown escaped', async ({
  page,
  switchboard,
}) => {
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  const approvals = new ApprovalsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await approvals.goto();

  const tricky = '?d=\u202egnp.exe\u200bX';
  const first = agent.callTool({ name: 'fixture__write_note', arguments: { text: tricky } });
  const card = approvals.card('write_note');
  await expect(card).toBeVisible();
  await expect(approvals.arguments(card)).toContainText('?d=\\u202Egnp.exe\\u200BX');
  await expect(approvals.arguments(card)).not.toContainText('\u202e');
  await expect(card.getByRole('note', { name: 'Invisible characters' })).toContainText(
    '2 invisible or direction-changing characters',
  );
  await approvals.approve(card);
  expect((await first).isError).toBeFalsy();

  // Hidden past the cut of a long value: the card warns at once, "Show all" shows it escaped.
  const long = `${'a'.repeat(200)}\u2066hidden\u2069`;
  const second = agent.callTool({ name: 'fixture__write_note', arguments: { text: long } });
  await expect(card).toBeVisible();
  await expect(card.getByRole('note', { name: 'Invisible characters' })).toBeVisible();
  await expect(approvals.arguments(card)).not.toContainText('hidden');
  await approvals.showAll(card);
  await expect(approvals.arguments(card)).toContainText('\\u2066hidden\\u2069');
  await approvals.deny(card);
  expect((await second).isError).toBe(true);

  // The activity details show the arguments the same way.
  const activity = new ActivityPage(page);
  await activity.goto();
  const details = await activity.openDetails(activity.rowFor('write_note').last());
  await expect(details).toContainText('\\u202E');
  await expect(details.getByRole('note', { name: 'Invisible characters' })).toBeVisible();
});
