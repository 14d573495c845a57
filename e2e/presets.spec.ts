import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServersPage } from './pages/servers-page.js';
import { expect, screenshotBothThemes, test } from './fixtures/web.js';

// A preset asks only for what it needs, and other apps' servers come in after a preview,
// disabled, with the app optionally pointed at Switchboard (its file backed up first).

test('adds the memory preset as "notes" from the dialog; an agent lists its tools', async ({
  page,
  switchboard,
}, testInfo) => {
  const servers = new ServersPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await servers.goto();
  await expect(servers.state('Memory')).toHaveText('Ready');

  await servers.openPresets();
  const presets = servers.dialog.getByRole('list', { name: 'Presets' });
  await expect(presets.getByRole('button', { name: 'Memory', exact: true })).toBeVisible();
  await expect(presets.getByRole('listitem').first()).toContainText('ships with Switchboard');
  await screenshotBothThemes(page, 'presets-list', testInfo);
  await servers.dialog.getByRole('button', { name: 'Cancel' }).click();

  // A secret setting is a password field with a show toggle; a missing one is named.
  await servers.choosePreset('GitHub (local server)');
  const token = servers.setting('GitHub token');
  await expect(token).toHaveAttribute('type', 'password');
  await token.fill('ghp_example');
  await servers.dialog.getByRole('button', { name: 'Show GitHub token' }).click();
  await expect(token).toHaveAttribute('type', 'text');
  await screenshotBothThemes(page, 'presets-form-secret', testInfo);
  await token.fill('');
  await servers.addPreset({});
  await expect(servers.dialog.getByRole('alert')).toContainText('GitHub token (token) is required');
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await servers.dialog.getByRole('button', { name: 'Back' }).click();

  const form = await servers.pickPreset('Memory');
  // Exactly the preset's one setting, its default filled in with the data folder.
  await expect(form.getByRole('textbox')).toHaveCount(2);
  const file = servers.setting('Memory file');
  await expect(file).toHaveValue(join(switchboard.dataDir, 'memory.jsonl'));
  await screenshotBothThemes(page, 'presets-form', testInfo);
  // A second memory server must not share the first one's file: the default follows the id.
  await servers.dialog.getByLabel('Server id').fill('notes');
  await expect(file).toHaveValue(join(switchboard.dataDir, 'notes.jsonl'));

  // The gateway checks the values and names the setting it refuses; the message shows here.
  await servers.addPreset({ id: 'notes', values: { 'Memory file': 'notes.jsonl' } });
  await expect(servers.dialog.getByRole('alert')).toContainText(
    'Memory file (file) must be an absolute path',
  );
  await expect(file).toHaveAttribute('aria-invalid', 'true');

  await servers.addPreset({ values: { 'Memory file': join(switchboard.dataDir, 'notes.jsonl') } });
  await expect(servers.dialog).toHaveCount(0);
  await expect(servers.stateById('notes')).toHaveText('Ready');

  const agent = await switchboard.agent(await switchboard.keyFor('coder'));
  await expect
    .poll(async () => (await agent.listTools()).tools.map((t) => t.name))
    .toContain('notes__read_graph');
});

test('imports a Cursor config: previewed, disabled, and Cursor pointed at Switchboard', async ({
  page,
  switchboard,
}, testInfo) => {
  const dir = testInfo.outputPath('cursor');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'mcp.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      mcpServers: {
        weather: { command: 'node', args: ['weather.js', '--units', 'metric'] },
        docs: { url: 'https://docs.example.com/mcp' },
      },
    }),
  );

  const servers = new ServersPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await servers.goto();
  await servers.openAppImport();
  await expect(servers.dialog).toContainText('land disabled');
  const source = await servers.previewAppFile('Cursor', configFile);
  await expect(source.getByRole('checkbox', { name: 'weather', exact: true })).toBeChecked();
  await expect(source.getByRole('checkbox', { name: 'docs', exact: true })).toBeChecked();
  await expect(source).toContainText('node weather.js --units metric');
  await expect(source).toContainText('https://docs.example.com/mcp');
  await servers.keepOnly(source);
  await source.getByRole('checkbox', { name: /Point Cursor at Switchboard/ }).check();
  await expect(source.getByLabel('with a key of role')).toHaveValue('coder');
  await screenshotBothThemes(page, 'import-apps', testInfo);

  await servers.dialog.getByRole('button', { name: 'Import 2 servers' }).click();
  const outcome = servers.dialog.getByRole('region', { name: 'Imported from Cursor' });
  await expect(
    outcome.getByRole('list', { name: 'Added servers' }).getByRole('listitem'),
  ).toHaveText(['weather', 'docs'].map((id) => new RegExp(`^${id}$`)));
  await expect(outcome).toContainText('disabled until you switch them on');
  await expect(outcome).toContainText(`${configFile}.switchboard-backup-`);
  await screenshotBothThemes(page, 'import-apps-result', testInfo);
  await servers.dialog.getByRole('button', { name: 'Done' }).click();

  for (const id of ['weather', 'docs']) {
    await expect(servers.stateById(id)).toHaveText('Disabled');
  }
  // Cursor now reaches Switchboard, and only Switchboard.
  const rewritten = JSON.parse(readFileSync(configFile, 'utf8')) as {
    mcpServers: Record<string, { url?: string }>;
  };
  expect(Object.keys(rewritten.mcpServers)).toEqual(['switchboard']);
  expect(rewritten.mcpServers.switchboard?.url).toBe(switchboard.url);
});
