import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/client';
import type { AuditEntry } from '../src/shared/model.js';
import { ActivityPage } from './pages/activity-page.js';
import { expect, test } from './fixtures/web.js';

// Activity browses the audit log on disk: an error older than the newest 10,000 calls is found
// by its filter and exported, and the downloaded files hold exactly it.

/** `count` echo calls, one at a time per agent, all agents at once (real SDK clients). */
async function echoCalls(agents: Client[], count: number): Promise<void> {
  let next = 0;
  const worker = async (agent: Client) => {
    while (next < count) {
      const n = (next += 1);
      await agent.callTool({ name: 'fixture__echo', arguments: { text: `call ${n}` } });
    }
  };
  await Promise.all(agents.map(worker));
}

test('Activity finds an error older than the newest 10,000 calls and exports it', async ({
  page,
  switchboard,
}) => {
  test.setTimeout(240_000);
  const agent = await switchboard.agent(switchboard.adminKey);
  await agent.callTool({ name: 'fixture__add_tool', arguments: { name: 'twice' } });
  // The same name again: the server answers with an error result, the only error in the log.
  const failed = await agent.callTool({ name: 'fixture__add_tool', arguments: { name: 'twice' } });
  expect(failed.isError).toBe(true);
  const agents = await Promise.all(
    Array.from({ length: 8 }, () => switchboard.agent(switchboard.adminKey)),
  );
  await echoCalls(agents, 10_000);
  const newest = await switchboard.control('queryAuditPage', { limit: 1 });
  expect(newest.entries[0]!.tool).toBe('fixture__echo');

  const activity = new ActivityPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await activity.goto();
  await expect(activity.rows.first()).toBeVisible();
  // Virtualized: a page of calls is loaded, far fewer rows are in the DOM.
  expect(await activity.rows.count()).toBeLessThan(100);

  await activity.filter('Outcome', 'error');
  await expect(activity.rows).toHaveCount(1);
  await expect(activity.rowFor('fixture__add_tool')).toBeVisible();
  await expect(activity.status).toContainText('the whole log was searched');
  const details = await activity.openDetails(activity.rowFor('fixture__add_tool'));
  await expect(details).toContainText('tool twice exists');
  await details.getByRole('button', { name: 'Close' }).click();

  for (const format of ['JSONL', 'CSV'] as const) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      activity.exportControl(format).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^switchboard-audit-.*\\.${format.toLowerCase()}$`),
    );
    const text = readFileSync((await download.path())!, 'utf8');
    if (format === 'JSONL') {
      const lines = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as AuditEntry);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ tool: 'fixture__add_tool', outcome: 'error' });
      expect(lines[0]!.result).toContain('tool twice exists');
    } else {
      const rows = text.trim().split('\r\n');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatch(/^time,keyName,role,/);
      expect(rows[1]).toContain('fixture__add_tool');
      expect(rows[1]).toContain(',error,');
    }
  }
});

test('paused Activity holds new calls and shows them on resume', async ({ page, switchboard }) => {
  const agent = await switchboard.agent(switchboard.adminKey);
  await agent.callTool({ name: 'fixture__echo', arguments: { text: 'before' } });
  const activity = new ActivityPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await activity.goto();
  await expect(activity.rows).toHaveCount(1);
  const updates = page.getByRole('radiogroup', { name: 'Updates' });
  await updates.getByRole('radio', { name: /^Paused/ }).click();
  await agent.callTool({ name: 'fixture__echo', arguments: { text: 'while paused' } });
  await expect(updates.getByRole('radio', { name: 'Paused · 1 new' })).toBeVisible();
  await expect(activity.rows).toHaveCount(1);
  await updates.getByRole('radio', { name: 'Live' }).click();
  await expect(activity.rows).toHaveCount(2);
  await agent.callTool({ name: 'fixture__echo', arguments: { text: 'live again' } });
  await expect(activity.rows).toHaveCount(3);
});
