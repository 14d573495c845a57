import type { CallToolResult } from '@modelcontextprotocol/client';
import { ApprovalsPage } from './pages/approvals-page.js';
import { expect, test } from './fixtures/web.js';

// A write call waits in Approvals; the person's click decides what the agent gets.

const textOf = (result: unknown) =>
  (result as CallToolResult).content.map((c) => (c.type === 'text' ? c.text : '')).join('');

test('an approved call returns the real result; a denied one gives the agent a denial', async ({
  page,
  switchboard,
}) => {
  // coder has no rule for the fixture's write_note, so its write annotation decides: ask.
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  const approvals = new ApprovalsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await approvals.goto();
  await expect(approvals.emptyState).toBeVisible();

  const approved = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'first' } });
  const card = approvals.card('write_note');
  await expect(card).toBeVisible();
  await expect(approvals.arguments(card)).toContainText('first');
  await expect(approvals.approvalsBadge).toHaveText('1');
  await approvals.approve(card);
  const result = await approved;
  expect(result.isError).toBeFalsy();
  expect(textOf(result)).toBe('notes: 1');
  await expect(approvals.emptyState).toBeVisible();
  await expect(approvals.approvalsBadge).toHaveCount(0);

  const denied = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'second' } });
  await expect(card).toBeVisible();
  await expect(approvals.arguments(card)).toContainText('second');
  await approvals.deny(card);
  const refusal = await denied;
  expect(refusal.isError).toBe(true);
  expect(textOf(refusal)).toMatch(/^Denied by Switchboard: a person denied it/);
  await expect(approvals.emptyState).toBeVisible();

  // The denied note never reached the server: the next approved write is only the second note.
  const third = agent.callTool({ name: 'fixture__write_note', arguments: { text: 'third' } });
  await approvals.approve(card);
  expect(textOf(await third)).toBe('notes: 2');
});
