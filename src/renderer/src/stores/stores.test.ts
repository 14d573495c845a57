import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ControlApi, ControlEvent } from '../../../shared/control';
import type { ConnectionState } from '../api/connection';
import { connectStores } from './connect-stores';
import { createStores, type Stores } from './stores';

// The stores against the real control service (style.md: no mock), started by the shared test
// helper with one fixture MCP server. The helper is Node code and tsconfig.web.json has no
// Node types, so it is loaded through a path TypeScript does not follow, and typed here by the
// little we use: the ControlApi plus its event stream.
interface RealSwitchboard {
  sb: {
    control: ControlApi & {
      subscribe(listener: (event: ControlEvent) => void): () => void;
      publish(event: ControlEvent): void;
    };
  };
  stop(): Promise<void>;
}
const HELPERS = '../../../../test/helpers/';

let t: RealSwitchboard;
let stopFixtures: () => Promise<void>;
let stores: Stores;
let disconnect: () => void;

/** Waits for a store to reach a state pushed by an event (events are async). */
async function until(check: () => boolean, what: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 10_000, interval: 25 },
  );
}

beforeAll(async () => {
  const { startSwitchboard } = await import(/* @vite-ignore */ `${HELPERS}start-switchboard.ts`);
  const fixtures = await import(/* @vite-ignore */ `${HELPERS}spawn-fixture.ts`);
  stopFixtures = fixtures.stopAllFixtures;
  t = await startSwitchboard({
    servers: [{ id: 'fixture', transport: { type: 'stdio', ...fixtures.fixtureStdio(), env: {} } }],
    // The helper mints the first-run admin key, which needs an admin role.
    // Description, exposure and pins take the config schema's defaults.
    roles: [
      { name: 'admin', rules: [{ pattern: '*', action: 'allow' }] },
      { name: 'coder' },
      { name: 'reader', rules: [{ pattern: '*', action: 'deny' }] },
    ],
  });
  const control = t.sb.control;
  stores = createStores(control);
  disconnect = connectStores(
    {
      api: control,
      transport: 'ipc',
      subscribe: (listener) => control.subscribe(listener),
      watchConnection: (watcher: (state: ConnectionState) => void) => {
        watcher('connected');
        return () => {};
      },
    },
    stores,
  );
  await until(() => stores.permissions.getState().tools.length > 0, 'the first tools');
}, 60_000);

afterAll(async () => {
  disconnect?.();
  await t?.stop();
  await stopFixtures?.();
});

describe('stores on the real control service', () => {
  it('loads the overview into every store', () => {
    expect(stores.app.getState().status).toBe('ready');
    expect(stores.app.getState().endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(stores.servers.getState().servers.map((s) => s.status.id)).toEqual(['fixture']);
    expect(stores.permissions.getState().roles.map((r) => r.name)).toEqual([
      'admin',
      'coder',
      'reader',
    ]);
    expect(stores.permissions.getState().tools.every((tool) => tool.serverId === 'fixture')).toBe(
      true,
    );
  });

  it('cycles a cell with a rule on the exact tool name, and undo restores the rules', async () => {
    const permissions = stores.permissions.getState();
    const tool = permissions.tools[0]!;
    const before = tool.decisions.coder!.action;
    await permissions.cycleCell(tool, 'coder');
    const after = stores.permissions.getState().tools.find((x) => x.name === tool.name)!.decisions
      .coder!;
    expect(after.source).toBe('rule');
    expect(after.pattern).toBe(tool.name);
    expect(stores.permissions.getState().roles.find((r) => r.name === 'coder')!.rules[0]).toEqual({
      pattern: tool.name,
      action: after.action,
    });
    expect(after.action).not.toBe(before);
    await stores.permissions.getState().undo();
    expect(stores.permissions.getState().roles.find((r) => r.name === 'coder')!.rules).toEqual([]);
    expect(stores.permissions.getState().undoStack).toEqual([]);
  });

  it('sets a whole server and a whole role with bulk patterns', async () => {
    await stores.permissions.getState().setPattern('coder', 'fixture__*', 'deny');
    expect(
      stores.permissions.getState().tools.every((x) => x.decisions.coder!.action === 'deny'),
    ).toBe(true);
    await stores.permissions.getState().setPattern('reader', '*', 'allow');
    expect(
      stores.permissions.getState().tools.every((x) => x.decisions.reader!.action === 'allow'),
    ).toBe(true);
    await stores.permissions.getState().undo();
    await stores.permissions.getState().undo();
    const rules = Object.fromEntries(
      stores.permissions.getState().roles.map((r) => [r.name, r.rules]),
    );
    expect(rules.coder).toEqual([]);
    expect(rules.reader).toEqual([{ pattern: '*', action: 'deny' }]);
  });

  it('switches a server off and on; the change is pushed to the servers store', async () => {
    await stores.servers.getState().setEnabled('fixture', false);
    await until(
      () => stores.servers.getState().servers[0]!.status.state === 'disabled',
      'disabled',
    );
    await stores.servers.getState().setEnabled('fixture', true);
    await until(
      // Back on: running, or asleep when its lists are remembered (its next call starts it).
      () => ['ready', 'asleep'].includes(stores.servers.getState().servers[0]!.status.state),
      'ready again',
    );
    await until(() => stores.permissions.getState().tools.length > 0, 'tools back');
  });

  it('creates a key (secret once) and revokes it', async () => {
    const created = await stores.keys.getState().create('agent-1', 'coder');
    expect(created.secret.length).toBeGreaterThan(16);
    expect(stores.keys.getState().created?.secret).toBe(created.secret);
    expect(stores.keys.getState().keys.map((k) => k.name)).toContain('agent-1');
    await stores.keys.getState().revoke('agent-1');
    expect(stores.keys.getState().keys.map((k) => k.name)).not.toContain('agent-1');
    expect(stores.keys.getState().created).toBeUndefined();
  });

  it('follows pausedChanged from the event stream', async () => {
    await t.sb.control.setPaused({ paused: true });
    await until(() => stores.app.getState().paused, 'paused');
    await stores.app.getState().setPaused(false);
    expect(stores.app.getState().paused).toBe(false);
  });

  it('reads metrics and audit', async () => {
    await stores.metrics.getState().load();
    expect(stores.metrics.getState().status).toBe('ready');
    await stores.activity.getState().setFilters({ outcome: 'error' });
    expect(stores.activity.getState().status).toBe('ready');
    expect(stores.activity.getState().rows.every((r) => r.entry.outcome === 'error')).toBe(true);
  });

  it('takes a flood of live audit lines in a few store updates, or holds them while paused', async () => {
    const activity = stores.activity;
    await activity.getState().setFilters({ outcome: '' });
    const before = activity.getState().rows.length;
    let updates = 0;
    const unsubscribe = activity.subscribe(() => (updates += 1));
    const line = (n: number) => ({
      time: new Date().toISOString(),
      keyName: 'flood',
      role: 'coder',
      method: 'tools/call',
      tool: `fixture__flood_${n}`,
      serverId: 'fixture',
      argsDigest: '0'.repeat(64),
      argsPreview: '{}',
      decision: 'allow' as const,
      decidedBy: 'rule' as const,
      outcome: 'ok' as const,
      durationMs: 1,
      cacheHit: false,
    });
    for (let n = 0; n < 300; n++) t.sb.control.publish({ type: 'auditAppended', entry: line(n) });
    await until(() => activity.getState().rows.length === before + 300, 'the flood');
    expect(activity.getState().rows[0]!.entry.tool).toBe('fixture__flood_299');
    expect(updates).toBeLessThan(10);

    activity.getState().setMode('paused');
    for (let n = 300; n < 305; n++) t.sb.control.publish({ type: 'auditAppended', entry: line(n) });
    await until(() => activity.getState().held === 5, 'held lines');
    expect(activity.getState().rows.length).toBe(before + 300);
    activity.getState().setMode('live');
    expect(activity.getState().rows.length).toBe(before + 305);
    expect(activity.getState().rows[0]!.entry.tool).toBe('fixture__flood_304');
    unsubscribe();
  });

  it('creates a role from a copy, renames it, and deletes it once no key uses it', async () => {
    const permissions = () => stores.permissions.getState();
    const copy = await permissions().createRole('reader-2', 'reader');
    expect(copy.rules).toEqual([{ pattern: '*', action: 'deny' }]);
    expect(permissions().roles.map((r) => r.name)).toContain('reader-2');
    await until(
      () => permissions().tools.every((x) => x.decisions['reader-2']?.action === 'deny'),
      'decisions of the new role',
    );

    await permissions().setPattern('reader-2', 'fixture__*', 'allow');
    await permissions().renameRole('reader-2', 'auditor');
    expect(permissions().roles.map((r) => r.name)).not.toContain('reader-2');
    expect(permissions().undoStack.at(-1)?.role).toBe('auditor');

    await stores.keys.getState().create('auditor-key', 'auditor');
    await expect(permissions().deleteRole('auditor')).rejects.toThrow(/keys use role "auditor"/);
    expect(permissions().roles.map((r) => r.name)).toContain('auditor');
    await stores.keys.getState().revoke('auditor-key');
    await permissions().deleteRole('auditor');
    expect(permissions().roles.map((r) => r.name)).toEqual(['admin', 'coder', 'reader']);
    expect(permissions().undoStack.some((e) => e.role === 'auditor')).toBe(false);
  });

  it('lists presets and refuses a preset without its required setting (nothing added)', async () => {
    const servers = stores.servers.getState();
    await servers.loadPresets();
    const { presets, presetsStatus } = stores.servers.getState();
    expect(presetsStatus).toBe('ready');
    expect(presets.find((p) => p.id === 'memory')?.fields.map((f) => f.key)).toEqual(['file']);
    await expect(servers.addPreset({ presetId: 'github', values: {} })).rejects.toThrow(
      /GitHub token \(token\) is required/,
    );
    await expect(servers.previewImport('cursor', '/nonexistent/mcp.json')).rejects.toThrow(
      /does not exist/,
    );
    expect(stores.servers.getState().servers.map((s) => s.status.id)).toEqual(['fixture']);
  });

  it('loads the gateway’s snippets, with the new key’s secret while it is shown', async () => {
    await until(() => stores.keys.getState().snippets.length > 0, 'the snippets');
    const claudeCode = () =>
      stores.keys.getState().snippets.find((s) => s.client === 'claude-code')?.text ?? '';
    expect(claudeCode()).toContain('<YOUR_KEY>');
    const created = await stores.keys.getState().create('snippet-key', 'coder');
    await until(() => claudeCode().includes(created.secret), 'snippets with the secret');
    stores.keys.getState().forgetSecret();
    await until(() => claudeCode().includes('<YOUR_KEY>'), 'the placeholder again');
    await stores.keys.getState().revoke('snippet-key');
  });

  it('loads the tools waiting for review (none: the fixture was accepted on first sight)', () => {
    expect(stores.changes.getState().status).toBe('ready');
    expect(stores.changes.getState().changes).toEqual([]);
  });
});
