import { ServersPage } from './pages/servers-page.js';
import { expect, test } from './fixtures/web.js';

// The switch in Servers decides what the agent's next tools/list holds.

test("switching a server off removes its tools from the agent's next tools/list", async ({
  page,
  switchboard,
}) => {
  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  const fixtureTools = async () =>
    (await agent.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith('fixture__'));
  expect(await fixtureTools()).toContain('fixture__echo');

  const servers = new ServersPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await servers.goto();
  await expect(servers.state('Fixture')).toHaveText('Ready');
  const toggle = servers.enabledSwitch('Fixture');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(servers.state('Fixture')).toHaveText('Disabled');
  await expect.poll(fixtureTools).toEqual([]);
  // The other servers stay.
  expect((await agent.listTools()).tools.map((t) => t.name)).toContain('memory__read_graph');
  // A call to the switched-off server's tool says why instead of "Unknown tool".
  const refused = await agent.callTool({ name: 'fixture__echo', arguments: { text: 'off' } });
  expect(refused.isError).toBe(true);
  expect(JSON.stringify(refused.content)).toContain('server fixture is disabled');

  await toggle.click();
  // Back on: its lists are remembered, so it waits asleep until a call starts it.
  await expect(servers.state('Fixture')).toHaveText(/^(Ready|Asleep)$/);
  await expect.poll(fixtureTools).toContain('fixture__echo');
  const echoed = await agent.callTool({ name: 'fixture__echo', arguments: { text: 'on' } });
  expect(echoed.isError).toBeFalsy();
  await expect(servers.state('Fixture')).toHaveText('Ready');
});

test.describe('the Servers sheets', () => {
  let servers: ServersPage;
  test.beforeEach(async ({ page, switchboard }) => {
    servers = new ServersPage(page);
    await page.goto(switchboard.controlCenterUrl);
    await servers.goto();
  });

  test('a pasted mcpServers document lands its servers disabled; Done closes it', async () => {
    const json = JSON.stringify({ mcpServers: { pasted: { command: 'node', args: ['x.js'] } } });
    const dialog = await servers.importJson(json);
    await expect(servers.importedIds).toHaveText(['pasted']);
    // Once the import has run, Done is the only way on: no Cancel, no second Import.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(servers.enabledSwitch('pasted')).toHaveAttribute('aria-checked', 'false');
  });

  test('an environment row in the server form is removed by its own button', async ({ page }) => {
    await page.getByRole('button', { name: 'Add server' }).first().click();
    await servers.dialog.getByRole('button', { name: 'Add environment variable' }).click();
    await servers.dialog.getByLabel('Environment variables 1 name').fill('REGION');
    const remove = servers.dialog.getByRole('button', { name: 'Remove Environment variables 1' });
    await expect(remove).toHaveAttribute('type', 'button');
    await remove.click();
    await expect(servers.dialog.getByLabel('Environment variables 1 name')).toHaveCount(0);
  });
});
