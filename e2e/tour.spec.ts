import { ActivityPage } from './pages/activity-page.js';
import type { Section } from './pages/app-shell.js';
import { ApprovalsPage } from './pages/approvals-page.js';
import { ConnectPage } from './pages/connect-page.js';
import { MetricsPage } from './pages/metrics-page.js';
import { PermissionsPage } from './pages/permissions-page.js';
import { ServersPage } from './pages/servers-page.js';
import { expect, screenshotBothThemes, test } from './fixtures/web.js';

// Every view after real traffic, saved as test-results/screenshots/<view>-{light,dark}.png.
// Along the way: moving between views never shows the "Reconnecting…" banner.

test('every view after some traffic, in light and dark', async ({
  page,
  switchboard,
}, testInfo) => {
  const admin = await switchboard.agent(switchboard.adminKey);
  const coder = await switchboard.agent(await switchboard.keyFor('coder'));
  const researcher = await switchboard.agent(await switchboard.keyFor('researcher'));
  const windowsWithCalls = async () =>
    (await switchboard.control('getMetrics')).samples.filter((s) =>
      s.servers.some((x) => x.id === 'fixture' && x.callsPerSec > 0),
    ).length;
  let n = 0;
  for (let second = 1; second <= 4; second += 1) {
    for (let i = 0; i < 3 + second; i += 1) {
      await admin.callTool({ name: 'fixture__echo', arguments: { text: `hello ${(n += 1)}` } });
    }
    await coder.callTool({ name: 'fixture__counted', arguments: { text: 'cached' } });
    await researcher.callTool({ name: 'fixture__write_note', arguments: { text: 'refused' } });
    await expect.poll(windowsWithCalls).toBeGreaterThanOrEqual(second);
  }
  // One call left waiting, so Approvals has a card to show.
  const waiting = coder.callTool({
    name: 'fixture__write_note',
    arguments: { text: 'Ship the release notes', tags: ['release', 'docs'] },
  });
  waiting.catch(() => {}); // settled (or dropped) when the fixture stops

  const shell = new ServersPage(page);
  await page.goto(switchboard.controlCenterUrl);
  const views: Array<{ section: Section; ready: () => Promise<void> }> = [
    {
      section: 'Servers',
      ready: async () => {
        for (const name of ['Filesystem', 'Memory', 'Fixture']) {
          await expect(shell.state(name)).toHaveText('Ready');
        }
      },
    },
    {
      section: 'Permissions',
      ready: async () => {
        await page.getByRole('tab', { name: 'Grid' }).click();
        await expect(new PermissionsPage(page).cell('fixture__echo', 'coder')).toBeVisible();
      },
    },
    {
      section: 'Approvals',
      ready: () => expect(new ApprovalsPage(page).card('write_note')).toBeVisible(),
    },
    {
      section: 'Activity',
      ready: async () => {
        await expect(new ActivityPage(page).rows.first()).toBeVisible();
        await expect(new ActivityPage(page).rowFor('write_note').first()).toContainText('Denied');
      },
    },
    {
      section: 'Metrics',
      ready: async () => {
        const latency = new MetricsPage(page).chart('Latency per server');
        // A line is drawn (at least two points). Not toBeVisible: a steady p50 draws a flat
        // line, whose box has no height, and Playwright calls a zero-height box hidden.
        await expect(latency.locator('path.recharts-curve[name="fixture p50"]')).toHaveAttribute(
          'd',
          /^M[\d.]+,[\d.]+L[\d.]+,[\d.]+/,
        );
      },
    },
    {
      section: 'Connect',
      ready: () => expect(new ConnectPage(page).endpoint).toContainText(switchboard.url),
    },
  ];
  for (const { section, ready } of views) {
    await shell.go(section);
    await expect(shell.heading(section)).toBeVisible();
    await ready();
    await expect(shell.reconnectingBanner).toHaveCount(0);
    await screenshotBothThemes(page, section.toLowerCase(), testInfo);
  }
});
