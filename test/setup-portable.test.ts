import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// The whole setup, portable: tool title/description overrides shown to agents and kept,
// and export → import into another data directory, secrets left out and asked for again.

let a: TestSwitchboard;
let b: TestSwitchboard;

beforeAll(async () => {
  a = await startSwitchboard({
    servers: [
      {
        id: 'fixture',
        transport: { type: 'stdio', ...fixtureStdio(), env: { API_TOKEN: 'tok-very-secret-123' } },
        secrets: ['API_TOKEN'],
      },
    ],
  });
  b = await startSwitchboard({ servers: [] });
}, 60_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await stopAllFixtures();
});

describe('tool overrides', () => {
  it("shows agents a person's description in place of the server's, at once", async () => {
    const agent = await a.connect(a.adminKey);
    await a.sb.control.setToolOverride({
      serverId: 'fixture',
      tool: 'echo',
      title: 'Echo',
      description: 'Repeats the given text. Use it to test the connection.',
    });
    const echo = (await agent.listTools()).tools.find((t) => t.name === 'fixture__echo');
    expect(echo).toMatchObject({
      title: 'Echo',
      description: 'Repeats the given text. Use it to test the connection.',
    });
    const status = a.sb.gateway.status('fixture');
    expect(status?.state).toBe('ready');
    expect((await a.sb.control.listServers())[0]!.config.toolOverrides).toHaveProperty('echo');
  });

  it('keeps the override across a restart', async () => {
    await a.sb.control.restartServer({ id: 'fixture' });
    const agent = await a.connect(a.adminKey);
    const echo = (await agent.listTools()).tools.find((t) => t.name === 'fixture__echo');
    expect(echo?.description).toBe('Repeats the given text. Use it to test the connection.');
  });
});

describe('export and import of the whole setup', () => {
  it('carries servers, roles and rules, but no secret and no key', async () => {
    await a.sb.control.createRole({ name: 'portable', copyFrom: 'coder' });
    await a.sb.control.setRule({ role: 'portable', pattern: 'fixture__delete_*', action: 'deny' });
    const { json } = await a.sb.control.exportSetup();
    expect(json).not.toContain('tok-very-secret-123');
    expect(json).not.toContain(a.adminKey);
    expect(json).not.toContain('"keys"');

    const result = await b.sb.control.importSetup({ json });
    expect(result.servers).toEqual(['fixture']);
    expect(result.roles).toContain('portable');
    expect(result.needsSecrets).toEqual([{ server: 'fixture', names: ['API_TOKEN'] }]);
    const [server] = await b.sb.control.listServers();
    expect(server!.config).toMatchObject({ id: 'fixture', enabled: false });
    expect(server!.config.toolOverrides).toHaveProperty('echo');
    const portable = (await b.sb.control.listRoles()).find((r) => r.name === 'portable');
    expect(portable?.rules[0]).toEqual({ pattern: 'fixture__delete_*', action: 'deny' });
  });

  it('refuses a file that is not a setup, saying so', async () => {
    await expect(b.sb.control.importSetup({ json: '{"mcpServers":{}}' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('presets, imports and snippets through the control API', () => {
  it('adds a preset whose rules name only its own server', async () => {
    const presets = await b.sb.control.listPresets();
    expect(presets.map((p) => p.kind)).toContain('memory');
    // The UI follows adding a server that signs people in with its sign-in: it must hear which.
    expect(presets.find((p) => p.id === 'linear')?.auth).toBe('oauth');
    expect(presets.find((p) => p.id === 'memory')).not.toHaveProperty('auth');
    const before = await b.sb.control.listRoles();
    const view = await b.sb.control.addPreset({ presetId: 'memory', id: 'notes' });
    expect(view.config).toMatchObject({ id: 'notes', enabled: true });
    // Each role decides the preset's kinds of tools as on the built-in server of that kind
    // (preset-rules.test.ts checks every decision); what it writes is about this server only.
    const after = await b.sb.control.listRoles();
    for (const role of after) {
      const had = new Set(before.find((r) => r.name === role.name)!.rules.map((r) => r.pattern));
      const added = role.rules.filter((r) => !had.has(r.pattern)).map((r) => r.pattern);
      expect(
        added.every((pattern) => pattern.startsWith('notes__')),
        role.name,
      ).toBe(true);
    }
    await expect(b.sb.control.addPreset({ presetId: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('previews and applies an import of a client config, disabled, rewriting it with a backup', async () => {
    const { mkdtempSync, copyFileSync, readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    const file = join(dir, 'claude_desktop_config.json');
    copyFileSync('test/fixtures/client-configs/claude_desktop_config.json', file);
    const [preview] = await b.sb.control.previewImport({ client: 'claude-desktop', file });
    expect(preview!.servers.length).toBeGreaterThan(0);
    expect(preview!.servers.every((s) => !s.enabled)).toBe(true);
    const ids = preview!.servers.map((s) => s.id);
    const result = await b.sb.control.applyImport({
      client: 'claude-desktop',
      file,
      serverIds: ids,
      rewrite: true,
    });
    expect(result.added).toEqual(ids);
    expect(result.backup && readdirSync(dir)).toContain(result.backup!.split('/').pop());
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).mcpServers)).toEqual(['switchboard']);
    const servers = await b.sb.control.listServers();
    expect(servers.filter((s) => ids.includes(s.config.id)).every((s) => !s.config.enabled)).toBe(
      true,
    );
    await expect(b.sb.control.previewImport({ client: 'cursor' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('imports a pasted mcpServers JSON disabled, never over an id in use', async () => {
    const json = JSON.stringify({ mcpServers: { Notes: { command: 'node', args: ['x.js'] } } });
    const first = await b.sb.control.importServers({ json });
    const second = await b.sb.control.importServers({ json });
    expect(second.added[0]).not.toBe(first.added[0]);
    const imported = (await b.sb.control.listServers()).filter((s) =>
      [...first.added, ...second.added].includes(s.config.id),
    );
    expect(imported.map((s) => s.config.enabled)).toEqual([false, false]);
  });

  it('writes connection snippets with the real endpoint', async () => {
    const snippets = await b.sb.control.getSnippets({ key: 'sb_example' });
    const claude = snippets.find((s) => s.client === 'claude-code')!;
    expect(claude.text).toContain(b.url);
    expect(claude.text).toContain('sb_example');
    expect(snippets.map((s) => s.client)).toContain('python');
  });
});
