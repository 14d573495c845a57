import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { WebPreferences } from 'electron';
import type { SwitchboardBridge } from '../src/shared/control.js';
import { expect, hasElectronBinary, test } from './fixtures/electron.js';

/** The page's globals, as the renderer sees them (this project's Node tsconfig has no DOM types). */
type PageGlobals = { switchboard?: SwitchboardBridge; require?: unknown; process?: unknown };

// node_modules/electron/path.txt, or the binary it names, is missing where Electron cannot download.
test.skip(!hasElectronBinary, 'no Electron binary on this machine');

test('opens a hardened window whose bridge reaches the gateway', async ({ electronApp }) => {
  await electronApp.evaluate(() => globalThis.switchboardTest!.show());
  const page = await electronApp.firstWindow();

  const prefs = await electronApp.evaluate(({ BrowserWindow }) => {
    // Undocumented but present in every Electron since 10: the preferences the page runs with.
    const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
      getLastWebPreferences(): WebPreferences;
    };
    const p = contents.getLastWebPreferences();
    return {
      contextIsolation: p.contextIsolation,
      sandbox: p.sandbox,
      nodeIntegration: p.nodeIntegration,
      webSecurity: p.webSecurity,
    };
  });
  expect(prefs).toEqual({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
  });

  const globals = await page.evaluate(() => {
    const g = globalThis as PageGlobals;
    return {
      bridge: typeof g.switchboard?.getOverview,
      subscribe: typeof g.switchboard?.subscribe,
      require: typeof g.require,
      process: typeof g.process,
    };
  });
  expect(globals).toEqual({
    bridge: 'function',
    subscribe: 'function',
    require: 'undefined',
    process: 'undefined',
  });

  const overview = await page.evaluate(() =>
    (globalThis as PageGlobals).switchboard!.getOverview(),
  );
  expect(overview.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  const refused = await page.evaluate(() =>
    (globalThis as PageGlobals)
      .switchboard!.setPaused({ paused: 'yes' as unknown as boolean })
      .then(
        () => 'accepted',
        (error: Error) => error.message,
      ),
  );
  expect(refused).toMatch(/invalid input for setPaused/);

  // Closing hides the window; the app keeps running in the menu bar.
  await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
  const state = await electronApp.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => ({
      visible: w.isVisible(),
      destroyed: w.isDestroyed(),
    })),
  );
  expect(state).toEqual([{ visible: false, destroyed: false }]);
});

test('approves a waiting agent call from the tray menu', async ({ electronApp }) => {
  const { endpointUrl, secret } = await electronApp.evaluate(async () => {
    const hooks = globalThis.switchboardTest!;
    const created = await hooks.control.createKey({ name: 'e2e-planner', role: 'planner' });
    return { endpointUrl: hooks.endpointUrl, secret: created.secret };
  });
  const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpointUrl), {
      requestInit: { headers: { authorization: `Bearer ${secret}` } },
    }),
  );
  try {
    // The planner role asks before writing memory.
    const call = client.callTool({
      name: 'memory__create_entities',
      arguments: {
        entities: [{ name: 'e2e', entityType: 'test', observations: ['approved from the tray'] }],
      },
    });
    const title = () => electronApp.evaluate(() => globalThis.switchboardTest!.tray.model().title);
    await expect.poll(title).toBe('1');

    const clicked = await electronApp.evaluate(async () => {
      type Item = { kind: string; label?: string; action?: unknown; items?: Item[] };
      const find = (items: Item[]): Item | undefined =>
        items
          .map((i) => (i.label === 'Approve' ? i : i.items ? find(i.items) : undefined))
          .find(Boolean);
      const { tray } = globalThis.switchboardTest!;
      const approve = find(tray.model().items as Item[]);
      if (!approve) throw new Error('no Approve item in the tray menu');
      await tray.run(approve.action as Parameters<typeof tray.run>[0]);
      return approve.action;
    });
    expect(clicked).toMatchObject({ type: 'decideApproval', decision: 'approve' });

    const result = await call;
    expect(result.isError).toBeFalsy();
    await expect.poll(title).toBe('');
  } finally {
    await client.close();
  }
});

test("Claude Desktop's entry starts the app's own binary as the bridge, with a bare PATH", async ({
  electronApp,
}) => {
  const entry = await electronApp.evaluate(async () => {
    const { control } = globalThis.switchboardTest!;
    const { secret } = await control.createKey({ name: 'e2e-claude-desktop', role: 'admin' });
    const snippets = await control.getSnippets({ key: secret });
    const text = snippets.find((s) => s.client === 'claude-desktop')!.text;
    return { ...JSON.parse(text).mcpServers.switchboard, secret } as {
      command: string;
      args: string[];
      env: Record<string, string>;
      secret: string;
    };
  });
  expect(entry.args).toContain('--switchboard-bridge');
  expect(entry.args).not.toContain(entry.secret);
  // As Claude Desktop starts it: no shell, the entry's env, PATH of an app opened from Finder.
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    env: { ...entry.env, PATH: '/usr/bin:/bin:/usr/sbin:/sbin' },
  });
  const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
  await client.connect(transport);
  try {
    await expect
      .poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 30_000 })
      .toContain('memory__read_graph');
  } finally {
    await client.close();
  }
});
