import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { expect, test } from '@playwright/test';
import { unwrapResult, type ControlResult } from '../src/shared/control.js';
import type { MetricsHistory } from '../src/shared/model.js';
import { startServe, type ServeProcess } from '../test/helpers/serve-process.js';
import { fixtureStdio } from '../test/helpers/spawn-fixture.js';
import { WEB_ROOT } from './fixtures/web.js';
import { MetricsPage } from './pages/metrics-page.js';

// The metrics history lives in the data directory: what the 1-hour range showed before the
// gateway stopped is still there after it starts again.

let dataDir: string;
let serve: ServeProcess | undefined;

test.beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-history-'));
  writeFileSync(
    join(dataDir, 'servers.json'),
    JSON.stringify({ mcpServers: { Fixture: fixtureStdio() } }),
  );
});
test.afterEach(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ origin: string; token: string; adminKey: string }> {
  serve = await startServe(
    ['--data-dir', dataDir, '--port', '0', '--servers', join(dataDir, 'servers.json')].concat([
      '--web-root',
      WEB_ROOT,
    ]),
    { SWITCHBOARD_LOG_LEVEL: 'warn' },
  );
  return {
    origin: new URL(serve.url).origin,
    token: readFileSync(join(dataDir, 'control-token'), 'utf8').trim(),
    adminKey: readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim(),
  };
}

/** Stops `serve` the way a person does (SIGTERM), so it writes its history on the way out. */
async function stop(): Promise<void> {
  const child = serve?.child;
  serve = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function history(origin: string, token: string): Promise<MetricsHistory> {
  const response = await fetch(`${origin}/control/getMetricsHistory`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ range: '1h' }),
  });
  return unwrapResult((await response.json()) as ControlResult<MetricsHistory>);
}

const withFixtureCalls = (h: MetricsHistory) =>
  h.samples.filter((s) => s.servers.some((x) => x.id === 'fixture' && x.callsPerSec > 0));

test('the metrics history survives a restart of the gateway', async ({ page }) => {
  test.setTimeout(120_000);
  const first = await start();
  const agent = new Client({ name: 'e2e-agent', version: '1.0.0' });
  await agent.connect(
    new StreamableHTTPClientTransport(new URL(`${first.origin}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${first.adminKey}` } },
    }),
  );
  for (let i = 0; i < 20; i++) {
    await agent.callTool({ name: 'fixture__echo', arguments: { text: `before ${i}` } });
  }
  await agent.close();
  await expect
    .poll(async () => withFixtureCalls(await history(first.origin, first.token)).length)
    .toBeGreaterThan(0);
  const before = withFixtureCalls(await history(first.origin, first.token));
  await stop();

  const second = await start();
  const after = await history(second.origin, second.token);
  const kept = withFixtureCalls(after);
  expect(kept.map((s) => s.t)).toEqual(before.map((s) => s.t));

  const metrics = new MetricsPage(page);
  await page.goto(`${second.origin}/#token=${encodeURIComponent(second.token)}`);
  await metrics.goto();
  await page
    .getByRole('radiogroup', { name: 'Time range' })
    .getByRole('radio', { name: '1 h' })
    .click();
  await expect(page.getByRole('heading', { name: 'Metrics' })).toBeVisible();
  await expect(metrics.page.getByText('kept across restarts')).toBeVisible();
  const latency = metrics.chart('Latency per server');
  await expect(latency).not.toContainText('No calls in the last hour');
  // The calls made before the restart are drawn: a dot or a curve for the fixture's p50.
  await expect(
    latency.locator('path.recharts-curve, circle.recharts-line-dot').first(),
  ).toBeAttached();
  await expect(
    page.getByRole('group', { name: 'Servers shown' }).getByRole('button', { name: 'fixture' }),
  ).toBeVisible();
});
