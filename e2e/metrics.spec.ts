import type { Locator } from '@playwright/test';
import { MetricsPage } from './pages/metrics-page.js';
import { expect, test } from './fixtures/web.js';

// After real traffic, the Metrics view draws its charts from real samples.

/** The points of every drawn curve of a chart, read from its SVG paths ("M x,y L x,y …"). */
async function curves(chart: Locator): Promise<Array<Array<[number, number]>>> {
  const paths = await chart
    .locator('path.recharts-curve')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('d') ?? ''));
  return paths.map((d) =>
    [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]),
  );
}

/** Calls through the agent until the gateway has closed `seconds` one-second windows with calls. */
async function trafficOver(
  seconds: number,
  call: () => Promise<unknown>,
  windowsWithCalls: () => Promise<number>,
): Promise<void> {
  for (let target = 1; target <= seconds; target += 1) {
    await call();
    await expect.poll(windowsWithCalls).toBeGreaterThanOrEqual(target);
  }
}

test('the Metrics view draws charts with real data points after some traffic', async ({
  page,
  switchboard,
}) => {
  const agent = await switchboard.agent(switchboard.adminKey);
  let n = 0;
  const burst = async () => {
    for (let i = 0; i < 5; i += 1) {
      await agent.callTool({ name: 'fixture__echo', arguments: { text: `call ${(n += 1)}` } });
    }
    await agent.callTool({ name: 'fixture__counted', arguments: { text: 'same' } });
  };
  const windowsWithCalls = async () =>
    (await switchboard.control('getMetrics')).samples.filter((s) =>
      s.servers.some((x) => x.id === 'fixture' && x.callsPerSec > 0),
    ).length;
  // Three separate seconds with calls, so every series has several real points.
  await trafficOver(3, burst, windowsWithCalls);

  const metrics = new MetricsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await metrics.goto();
  // At least the 18 calls made (the live total can run ahead of the truth; see the report).
  await expect
    .poll(async () => Number(await metrics.total('Calls').textContent()))
    .toBeGreaterThanOrEqual(18);
  const latency = metrics.chart('Latency per server');
  const throughput = metrics.chart('Calls and errors per second');
  const memory = metrics.chart('Memory');
  for (const chart of [latency, throughput, metrics.chart('Cache hit rate'), memory]) {
    await expect(chart).toBeVisible();
  }
  await expect(latency).not.toContainText('No calls in the last 5 minutes');
  await expect(
    page.getByRole('group', { name: 'Servers shown' }).getByRole('button', { name: 'fixture' }),
  ).toHaveAttribute('aria-pressed', 'true');

  // Latency: the fixture's p50 and p95 lines pass through at least three measured seconds.
  await expect
    .poll(async () => (await curves(latency)).filter((c) => c.length >= 3).length)
    .toBeGreaterThanOrEqual(2);
  // Throughput: the calls/s area rises above its baseline (a smaller y is higher on screen).
  await expect
    .poll(async () => {
      const [calls] = await curves(throughput);
      const ys = (calls ?? []).map(([, y]) => y);
      return ys.length >= 3 && Math.min(...ys) < Math.max(...ys);
    })
    .toBe(true);
  // Memory: a stacked area per process, each with a point per sample.
  await expect
    .poll(async () => (await curves(memory)).filter((c) => c.length >= 3).length)
    .toBeGreaterThanOrEqual(2);
  await expect(metrics.total('Memory')).toHaveText(/\d+(\.\d+)? MB/);
});

test('a single call still shows in the latency chart', async ({ page, switchboard }) => {
  const agent = await switchboard.agent(switchboard.adminKey);
  await agent.callTool({ name: 'fixture__echo', arguments: { text: 'just one' } });
  // Wait for the one-second window holding the call to close into a sample.
  await expect
    .poll(
      async () =>
        (await switchboard.control('getMetrics')).samples.filter((s) =>
          s.servers.some((x) => x.id === 'fixture' && x.callsPerSec > 0),
        ).length,
    )
    .toBe(1);

  const metrics = new MetricsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await metrics.goto();
  const latency = metrics.chart('Latency per server');
  await expect(latency).not.toContainText('No calls in the last 5 minutes');
  // One measured second is one point: a lone path draws nothing, so p50 and p95 get a dot each.
  const dots = latency.locator('circle.recharts-line-dot');
  await expect(dots).toHaveCount(2);
  await expect(dots.first()).toBeVisible();
});
