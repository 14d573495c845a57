import { startAuthServer } from '../test/fixtures/oauth/auth-server.js';
import { startBare401Server } from '../test/fixtures/oauth/bare-401-server.js';
import { startProtectedServer } from '../test/fixtures/oauth/protected-server.js';
import { signInAtProvider } from './pages/provider-sign-in.js';
import { ServersPage } from './pages/servers-page.js';
import { expect, test } from './fixtures/web.js';

// A remote server behind OAuth, imported as a plain `{ "type": "http", "url": … }`: it shows
// "Needs sign-in", the person signs in on the provider's page in the browser, and an agent's
// call through Switchboard then reaches the server with a token the agent never sees.

test('signing in to an OAuth server from the Servers view lets agents call it', async ({
  page,
  switchboard,
}) => {
  const as = await startAuthServer();
  const mcp = await startProtectedServer(as);
  try {
    const json = JSON.stringify({ mcpServers: { notes: { type: 'http', url: mcp.url } } });
    await switchboard.control('importServers', { json });
    await switchboard.control('setServerEnabled', { id: 'notes', enabled: true });

    const servers = new ServersPage(page);
    await page.goto(switchboard.controlCenterUrl);
    await servers.goto();
    await expect(servers.stateById('notes')).toHaveText('Needs sign-in');
    const strip = page.getByLabel('Sign-in of notes');
    await expect(strip).toContainText('Needs sign-in: not signed in');

    await signInAtProvider(page, strip);

    await expect(servers.stateById('notes')).toHaveText('Ready');
    await expect(strip).toContainText('Signed in as alice@example.test');

    const agent = await switchboard.agent(switchboard.adminKey);
    const result = await agent.callTool({ name: 'notes__whoami', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: 'signed in as alice (read)' }]);
    for (const token of as.issuedTokens) expect(JSON.stringify(result)).not.toContain(token);
  } finally {
    await mcp.close();
    await as.close();
  }
});

// A server that answers 401 and publishes no OAuth metadata wants a key, not a sign-in: its row
// says so in words a person can act on, and offers no Sign in button that could only fail.
test('a 401 without OAuth metadata shows what to do instead of a sign-in', async ({
  page,
  switchboard,
}) => {
  const bare = await startBare401Server();
  try {
    const json = JSON.stringify({ mcpServers: { keyed: { type: 'http', url: bare.url } } });
    await switchboard.control('importServers', { json });
    await switchboard.control('setServerEnabled', { id: 'keyed', enabled: true });

    const servers = new ServersPage(page);
    await page.goto(switchboard.controlCenterUrl);
    await servers.goto();
    await expect(servers.stateById('keyed')).toHaveText('Down');
    const host = new URL(bare.url).host;
    await expect(servers.rowById('keyed')).toContainText(
      `${host} answered 401 Unauthorized and publishes no OAuth metadata, so there is no ` +
        'sign-in to offer: add the Authorization header it expects',
    );
    await expect(servers.rowById('keyed')).not.toContainText('Registration');
    await expect(page.getByLabel('Sign-in of keyed')).toHaveCount(0);
  } finally {
    await bare.close();
  }
});
