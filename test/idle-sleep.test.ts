import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSwitchboard, type Switchboard } from '../src/main/compose.js';
import { createFileConfigStore } from '../src/main/gateway/config/config.js';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import { silentLogger } from '../src/main/gateway/observe/logger.js';
import { plainSecretStore } from '../src/main/gateway/ports.js';
import { ConfigSchema } from '../src/shared/model.js';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// Idle servers cost nothing: a quiet stdio server is stopped, its tools stay listed, and its
// next call starts it again (the wait shows in the audit line). Quiet periods here are tiny.

const WAIT = { timeout: 30_000, interval: 50 };

afterAll(async () => {
  await stopAllFixtures();
});

describe('a quiet server', () => {
  let t: TestSwitchboard;
  let agent: Client;
  const status = (id: string) => t.sb.gateway.status(id)!;

  beforeAll(async () => {
    t = await startSwitchboard({
      servers: [
        { id: 'sleepy', transport: fixtureTransport(), idleStopMs: 300 },
        // A shorter quiet period than sleepy's: it would be asleep first, were it not kept warm.
        { id: 'warm', transport: fixtureTransport(), idleStopMs: 100, keepWarm: true },
      ],
      settings: { cacheTtlMs: 0 },
    });
    agent = await t.connect(t.adminKey);
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('starts at once when nothing is remembered, then sleeps after its quiet period', async () => {
    // The data directory is fresh: its tools are known because it ran.
    expect(status('sleepy').tools).toBeGreaterThan(0);
    await vi.waitFor(() => expect(status('sleepy').state).toBe('asleep'), WAIT);
    expect(status('sleepy').pid).toBeUndefined();
    expect(t.sb.gateway.processes().map((p) => p.id)).not.toContain('sleepy');
  });

  it('keeps a server a person keeps warm running', async () => {
    await vi.waitFor(() => expect(status('sleepy').state).toBe('asleep'), WAIT);
    expect(status('warm').state).toBe('ready');
    expect(status('warm').pid).toBeDefined();
  });

  it('keeps listing the sleeping server, and /health and the control API say asleep', async () => {
    await vi.waitFor(() => expect(status('sleepy').state).toBe('asleep'), WAIT);
    const names = (await agent.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('sleepy__echo');
    const health = (await (await fetch(`${t.sb.endpoint.origin}/health`)).json()) as {
      servers: { id: string; state: string; tools: number }[];
    };
    const sleepy = health.servers.find((s) => s.id === 'sleepy');
    expect(sleepy?.state).toBe('asleep');
    expect(sleepy?.tools).toBeGreaterThan(0);
    const views = await t.sb.control.listServers();
    expect(views.find((v) => v.status.id === 'sleepy')?.status.state).toBe('asleep');
  });

  it('wakes on a call, which succeeds; its audit line carries the wait for the start', async () => {
    await vi.waitFor(() => expect(status('sleepy').state).toBe('asleep'), WAIT);
    const result = await agent.callTool({ name: 'sleepy__echo', arguments: { text: 'woke' } });
    expect(text(result)).toBe('echo: woke');
    expect(status('sleepy').state).toBe('ready');
    const [cold] = await t.sb.control.queryAudit({ server: 'sleepy' });
    expect(cold?.outcome).toBe('ok');
    expect(cold?.startMs).toBeGreaterThan(0);
    expect(cold!.startMs!).toBeLessThanOrEqual(cold!.durationMs);
    // A call to a running server waited for nothing.
    await agent.callTool({ name: 'sleepy__echo', arguments: { text: 'warm now' } });
    const [hot] = await t.sb.control.queryAudit({ server: 'sleepy' });
    expect(hot?.argsPreview).toContain('warm now');
    expect(hot?.startMs).toBeUndefined();
  });

  it('wakes a sleeping server a person switches to keep warm, and it stays up', async () => {
    await vi.waitFor(() => expect(status('sleepy').state).toBe('asleep'), WAIT);
    const view = await t.sb.control.setServerKeepWarm({ id: 'sleepy', keepWarm: true });
    expect(view.config.keepWarm).toBe(true);
    await vi.waitFor(() => expect(status('sleepy').state).toBe('ready'), WAIT);
    // Three of its quiet periods pass (a wait, not a measure): it is still the same process.
    const pid = status('sleepy').pid;
    const since = Date.now();
    await vi.waitFor(() => expect(Date.now() - since).toBeGreaterThan(900), WAIT);
    expect(status('sleepy').state).toBe('ready');
    expect(status('sleepy').pid).toBe(pid);
    await t.sb.control.setServerKeepWarm({ id: 'sleepy', keepWarm: false });
    await vi.waitFor(() => expect(status('sleepy').state).toBe('asleep'), WAIT);
  });

  it('starts an asleep server when a person restarts it', async () => {
    await vi.waitFor(() => expect(status('sleepy').state).toBe('asleep'), WAIT);
    const view = await t.sb.control.restartServer({ id: 'sleepy' });
    expect(view.status.state).toBe('ready');
    expect(view.status.pid).toBeDefined();
  });

  it('refuses a keep-warm switch for an unknown server', async () => {
    await expect(t.sb.control.setServerKeepWarm({ id: 'nope', keepWarm: true })).rejects.toThrow(
      /nope/,
    );
  });
});

describe('a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-sleep-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const open = () =>
    createSwitchboard({
      dataDir,
      store: createFileConfigStore(dataDir),
      secrets: plainSecretStore,
      logger: silentLogger,
      port: 0,
    });

  const connect = async (sb: Switchboard, key: string) => {
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(sb.endpointUrl), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    return client;
  };

  it('serves remembered lists before any server is up', async () => {
    const store = createFileConfigStore(dataDir);
    const base = defaultConfig(dataDir);
    store.save(
      ConfigSchema.parse({
        ...base,
        // Start-up waits 300 ms for any one server: the slow one is still booting after that.
        settings: { ...base.settings, startTimeoutMs: 300 },
        servers: [
          { id: 'plain', transport: fixtureTransport() },
          { id: 'slow', transport: fixtureTransport(['--delay-start', '3000']), keepWarm: true },
        ],
      }),
    );
    const first = await open();
    await vi.waitFor(() => expect(first.gateway.status('slow')?.state).toBe('ready'), WAIT);
    const key = readFileSync(first.adminKeyFile!, 'utf8').trim();
    await first.stop();

    const again = await open();
    try {
      // Nothing has started yet: the plain server sleeps until its first call, the slow one
      // (kept warm) is still booting, and both are listed from the last run.
      expect(again.gateway.status('plain')?.state).toBe('asleep');
      expect(again.gateway.status('plain')?.pid).toBeUndefined();
      expect(again.gateway.status('slow')?.state).toBe('starting');
      const agent = await connect(again, key);
      const names = (await agent.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['plain__echo', 'slow__echo']));
      const result = await agent.callTool({ name: 'slow__echo', arguments: { text: 'up' } });
      expect(text(result)).toBe('echo: up');
      const [entry] = await again.control.queryAudit({ server: 'slow' });
      expect(entry?.startMs).toBeGreaterThan(0);
      await agent.close();
    } finally {
      await again.stop();
    }
  }, 60_000);
});
