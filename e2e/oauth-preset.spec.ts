import { startAuthServer } from '../test/fixtures/oauth/auth-server.js';
import { startProtectedServer } from '../test/fixtures/oauth/protected-server.js';
import { scan } from './fixtures/axe.js';
import { signInAtProvider } from './pages/provider-sign-in.js';
import { ServersPage } from './pages/servers-page.js';
import { expect, test } from './fixtures/web.js';

// Adding a server from a preset that signs people in (OAuth) leads straight to its sign-in:
// the sign-in opens as the preset dialog closes, without hunting for the row's button. The
// Linear preset is used as it is, with its Endpoint setting pointed at the project's fixture
// protected MCP server (Linear itself is never contacted).

test('adding an OAuth preset shows its sign-in at once; signing in there serves agents', async ({
  page,
  switchboard,
}) => {
  const as = await startAuthServer();
  const mcp = await startProtectedServer(as);
  try {
    const servers = new ServersPage(page);
    await page.goto(switchboard.controlCenterUrl);
    await servers.goto();
    await servers.openPresets();
    await expect(servers.dialog.getByRole('list', { name: 'Presets' })).toContainText(
      'You sign in with your Linear account',
    );
    await servers.pickPreset('Linear (remote, sign in)');
    await expect(servers.setting('Endpoint')).toHaveValue('https://mcp.linear.app/mcp');
    await servers.addPreset({ values: { Endpoint: mcp.url } });

    const signIn = page.getByRole('dialog', { name: 'Sign in to Linear' });
    await expect(signIn).toBeVisible();
    const strip = signIn.getByLabel('Sign-in of Linear (remote, sign in)');
    await expect(strip).toContainText('Needs sign-in');
    await expect(signIn.getByRole('button', { name: 'Later' })).toBeVisible();
    const found: string[] = [];
    await scan(page, 'Sign in to Linear', found);
    expect(found).toEqual([]);

    await signInAtProvider(page, strip);

    await expect(strip).toContainText('Signed in as alice@example.test');
    await signIn.getByRole('button', { name: 'Done' }).click();
    await expect(signIn).toHaveCount(0);
    await expect(servers.stateById('linear')).toHaveText('Ready');

    const agent = await switchboard.agent(switchboard.adminKey);
    const result = await agent.callTool({ name: 'linear__whoami', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'signed in as alice (read)' }]);
  } finally {
    await mcp.close();
    await as.close();
  }
});

test('a preset without OAuth closes as before, with no sign-in', async ({ page, switchboard }) => {
  const servers = new ServersPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await servers.goto();
  await servers.choosePreset('Memory');
  await servers.addPreset({ id: 'notes' });
  await expect(servers.dialog).toHaveCount(0);
  await expect(servers.stateById('notes')).toHaveText('Ready');
});
