import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { ApprovalsPage } from './pages/approvals-page.js';
import { PermissionsPage } from './pages/permissions-page.js';
import { expect, test } from './fixtures/web.js';
import { fixtureStdio } from '../test/helpers/spawn-fixture.js';

// A server's tool description is untrusted text. One that is HTML must show as text,
// never become markup: no <img> element, no request for its src, no script run.

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
const XSS_DESCRIPTION = '<img src=x onerror="window.__pwned=1">';

test.use({
  servers: {
    Fixture: fixtureStdio(),
    Xss: {
      command: process.execPath,
      args: ['--import', tsx, join(root, 'test/fixtures/servers/xss-server.ts')],
    },
  },
});

test('a tool description that is HTML renders as text in Permissions and Approvals', async ({
  page,
  switchboard,
}) => {
  const injected: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/x') injected.push(request.url());
  });
  const pwned = () => page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned);
  const hostileImages = page.locator('img[src="x"], img[onerror]');

  const permissions = new PermissionsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await permissions.goto();
  await permissions.search('innocent');
  await expect(permissions.cell('xss__innocent', 'coder')).toBeVisible();
  await expect(permissions.grid.getByText(XSS_DESCRIPTION, { exact: true })).toBeVisible();
  await expect(hostileImages).toHaveCount(0);

  // The description travels with the call into the approval card too.
  await switchboard.control('setRule', { role: 'coder', pattern: 'xss__*', action: 'ask' });
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  const call = agent.callTool({ name: 'xss__innocent', arguments: {} });
  const approvals = new ApprovalsPage(page);
  await approvals.goto();
  const card = approvals.card('innocent');
  await expect(card.getByText(XSS_DESCRIPTION, { exact: true })).toBeVisible();
  await expect(hostileImages).toHaveCount(0);
  await approvals.approve(card);
  const result = (await call) as CallToolResult;
  expect(result.content).toEqual([{ type: 'text', text: XSS_DESCRIPTION }]);

  expect(await pwned()).toBeUndefined();
  expect(injected).toEqual([]);
});
