import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createSwitchboard } from '../src/main/compose.js';
import { digestOf } from '../src/main/gateway/pipeline/canonical.js';
import { createFileConfigStore } from '../src/main/gateway/config/config.js';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import type { ServerLists } from '../src/main/gateway/catalog/catalog.js';
import type { CatalogCache } from '../src/main/gateway/catalog/catalog-memory.js';
import { Gateway } from '../src/main/gateway/gateway.js';
import { BOOT_GRACE_MS } from '../src/main/gateway/upstream/start-pacing.js';
import { eraProbe } from '../src/main/gateway/upstream/upstream-client.js';
import { silentLogger } from '../src/main/gateway/observe/logger.js';
import { plainSecretStore, type ConfigStore } from '../src/main/gateway/ports.js';
import { ConfigSchema, type Config } from '../src/shared/model.js';
import { everythingStdio, fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';

// What the gateway remembers between runs (start-up time): each server's protocol era, so a
// restart adopts it instead of spawning a probe process per stdio server.

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));

/** A Switchboard on `dir` and its config store, as each run of the app would open it. */
const openSwitchboard = (dir: string, store: ConfigStore, port = 0) =>
  createSwitchboard({ dataDir: dir, store, secrets: plainSecretStore, logger: silentLogger, port });
afterAll(async () => {
  await stopAllFixtures();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('restart memory', () => {
  it("remembers each server's era and adopts it on the next start", async () => {
    const store = createFileConfigStore(dataDir);
    // Kept warm: both start on every run (a quiet server would sleep until its first call).
    const servers = [
      { id: 'modern', transport: { type: 'stdio', ...fixtureStdio() }, keepWarm: true },
      { id: 'legacy', transport: { type: 'stdio', ...everythingStdio() }, keepWarm: true },
    ];
    store.save(ConfigSchema.parse({ ...defaultConfig(dataDir), servers }));
    const versions: string[][] = [];
    // A probe that runs out of time is, rightly, remembered as nothing: on a loaded machine the
    // fixture can take longer than the 5 s default to answer, so this test waits as long as
    // the start itself may.
    eraProbe.timeoutMs = 15_000;
    try {
      for (let run = 0; run < 2; run++) {
        const sb = await openSwitchboard(dataDir, store);
        versions.push(sb.gateway.statuses().map((s) => `${s.id}:${s.state}:${s.protocolVersion}`));
        await sb.stop();
      }
    } finally {
      eraProbe.timeoutMs = 5_000;
    }
    expect(versions[1]).toEqual(versions[0]);
    const memory = JSON.parse(readFileSync(join(dataDir, 'catalog-cache.json'), 'utf8'));
    expect(memory.modern.prior.value.kind).toBe('modern');
    expect(memory.legacy.prior.value.kind).toBe('legacy');
  });

  it('does not remember a 2025 verdict that only the probe running out of time gave', async () => {
    // A 2026-07-28 server that boots slower than the probe waits: spoken to as 2025 this time,
    // and asked again at the next start, not kept on 2025 for good.
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-slow-probe-'));
    const store = createFileConfigStore(dir);
    const slow = { type: 'stdio', ...fixtureStdio(['--delay-start', '1500']) };
    const servers = [{ id: 'slow', transport: slow, keepWarm: true }];
    store.save(ConfigSchema.parse({ ...defaultConfig(dir), servers }));
    eraProbe.timeoutMs = 300;
    try {
      const sb = await openSwitchboard(dir, store);
      await vi.waitFor(() => expect(sb.gateway.status('slow')?.state).toBe('ready'), {
        timeout: 20_000,
      });
      expect(sb.gateway.status('slow')?.protocolVersion).not.toBe('2026-07-28');
      await sb.stop();
      const memory = JSON.parse(readFileSync(join(dir, 'catalog-cache.json'), 'utf8'));
      expect(memory.slow.lists.tools.length).toBeGreaterThan(0);
      expect(memory.slow.prior).toBeUndefined();
    } finally {
      eraProbe.timeoutMs = 5_000;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('speaks the era a server is configured with, whatever was remembered', async () => {
    const store = createFileConfigStore(dataDir);
    const config = store.load().config;
    store.save({
      ...config,
      servers: config.servers.map((s) => (s.id === 'modern' ? { ...s, era: '2025' as const } : s)),
    });
    const sb = await openSwitchboard(dataDir, store);
    expect(sb.gateway.status('modern')?.protocolVersion).not.toBe('2026-07-28');
    expect(sb.gateway.status('modern')?.state).toBe('ready');
    await sb.stop();
  });
});

describe('start-up order', () => {
  it('a taken port fails the start with a clear error and leaves no server running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-port-'));
    const store = createFileConfigStore(dir);
    const marker = `port-clash-${process.pid}`;
    const servers = [
      { id: 'early', transport: { type: 'stdio', ...fixtureStdio(['--name', marker]) } },
    ];
    store.save(ConfigSchema.parse({ ...defaultConfig(dir), servers }));
    try {
      await expect(openSwitchboard(dir, store, port)).rejects.toThrow(/EADDRINUSE|in use/);
      const left = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(marker));
      expect(left).toEqual([]);
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a stop during the handshake', () => {
  it('leaves no server process behind', async () => {
    const marker = `mid-handshake-${process.pid}`;
    const config = ConfigSchema.parse({
      ...defaultConfig(dataDir),
      servers: [
        {
          id: 'slow',
          transport: {
            type: 'stdio',
            ...fixtureStdio(['--name', marker, '--delay-start', '3000']),
          },
        },
      ],
    });
    const gateway = new Gateway(config, silentLogger);
    const started = gateway.start();
    const running = () =>
      execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(marker) && !line.includes('ps -eo'));
    await vi.waitFor(() => expect(running()).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(gateway.status('slow')?.state).toBe('starting');
    await gateway.stop();
    await started;
    expect(running()).toEqual([]);
  });
});

/** What a server listed last time, by id, with the fingerprint of its transport. */
type Memory = Map<string, { lists: ServerLists; fingerprint: string }>;

/** The gateway's catalog memory over a Map (compose.ts keeps the same in catalog-cache.json). */
/** Every server of `config` remembered, with empty lists, as of its own command line. */
function rememberedEmpty(config: Config): Memory {
  return new Map(
    config.servers.map((s) => [
      s.id,
      {
        lists: { tools: [], resources: [], resourceTemplates: [], prompts: [] },
        fingerprint: digestOf(s.transport),
      },
    ]),
  );
}

function memoryCache(memory: Memory): CatalogCache {
  return {
    load: (id, fingerprint) =>
      memory.get(id)?.fingerprint === fingerprint ? memory.get(id)?.lists : undefined,
    save: (id, lists, fingerprint) => memory.set(id, { lists, fingerprint }),
  };
}

describe('listing from the last run while servers start', () => {
  it('lists a starting server from memory, holds a call until it is up, then lists it fresh', async () => {
    const slow = { type: 'stdio' as const, ...fixtureStdio(['--delay-start', '800']) };
    const moved = { type: 'stdio' as const, ...fixtureStdio(['--name', 'moved']) };
    const remembered = (names: string[]): ServerLists => ({
      tools: names.map((name) => ({
        name,
        description: `remembered ${name}`,
        inputSchema: { type: 'object' as const },
      })),
      resources: [],
      resourceTemplates: [],
      prompts: [],
    });
    const config = ConfigSchema.parse({
      ...defaultConfig(dataDir),
      // Kept warm: they boot at start even with their lists remembered.
      servers: [
        { id: 'slow', transport: slow, keepWarm: true },
        { id: 'moved', transport: moved, keepWarm: true },
      ],
    });
    const memory: Memory = new Map([
      [
        'slow',
        {
          lists: remembered(['echo', 'gone']),
          fingerprint: digestOf(config.servers[0]!.transport),
        },
      ],
      // Remembered for another command line: another server, so not listed from memory.
      [
        'moved',
        {
          lists: remembered(['stale']),
          fingerprint: digestOf({ ...config.servers[1]!.transport, args: [] }),
        },
      ],
    ]);
    const cache = memoryCache(memory);
    const gateway = new Gateway(config, silentLogger, cache);
    const started = gateway.start();
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const names = (id: string) => gateway.catalog.toolsOf(id).map((t) => t.original.name);
      expect(gateway.status('slow')?.state).toBe('starting');
      expect(names('slow')).toEqual(['echo', 'gone']);
      expect(names('moved')).toEqual([]);

      // A call waits no longer than it may take, and not past the agent's cancel.
      const call = { name: 'echo', arguments: { text: 'early' } };
      await expect(gateway.forward('slow', 'tools/call', call, { timeout: 50 })).rejects.toThrow(
        'server "slow" was still starting after 50 ms',
      );
      const agent = new AbortController();
      const cancelled = gateway.forward('slow', 'tools/call', call, { signal: agent.signal });
      agent.abort(new Error('the agent cancelled'));
      await expect(cancelled).rejects.toThrow('the agent cancelled');
      expect(gateway.status('slow')?.state).toBe('starting');

      const reply = await gateway.forward(
        'slow',
        'tools/call',
        { name: 'echo', arguments: { text: 'waited' } },
        {},
      );
      expect(gateway.status('slow')?.state).toBe('ready');
      expect(JSON.stringify(reply.content)).toContain('waited');
      await started;
      expect(names('slow')).toContain('echo');
      expect(names('slow')).not.toContain('gone');
      expect(names('moved')).not.toContain('stale');
      expect(memory.get('slow')?.lists.tools.map((t) => t.name)).not.toContain('gone');
    } finally {
      await started;
      await gateway.stop();
    }
  });

  it('boots servers with nothing remembered at once, and remembered ones a few at a time', async () => {
    // Start slots are one more than the cores; two servers more than that show the queue.
    const slots = availableParallelism() + 1;
    const servers = Array.from({ length: slots + 2 }, (_, i) => ({
      id: `s${i}`,
      // Kept warm: a remembered server that may sleep waits for its first call instead.
      keepWarm: true,
      transport: {
        type: 'stdio' as const,
        ...fixtureStdio(['--name', `s${i}`, '--delay-start', '2000']),
      },
    }));
    const config = ConfigSchema.parse({ ...defaultConfig(dataDir), servers });
    const spawned = (gateway: Gateway) =>
      servers.filter((s) => gateway.status(s.id)?.replicas.some((r) => r.pid !== undefined)).length;
    const run = async (memory: Memory) => {
      const gateway = new Gateway(config, silentLogger, memoryCache(memory));
      const started = gateway.start();
      try {
        // Well before any of them can be up (each waits 2 s before it serves). A deliberate
        // window, not a wait for a condition: the test counts what was spawned within it.
        await new Promise((resolve) => setTimeout(resolve, 700));
        const ready = servers.filter((s) => gateway.status(s.id)?.state === 'ready');
        expect(ready).toEqual([]);
        return spawned(gateway);
      } finally {
        await gateway.stop();
        await started;
      }
    };
    // A first start: nothing to list for any of them, so agents wait for all; all boot now.
    expect(await run(new Map())).toBe(servers.length);
    // Every one listed from memory: they share the slots, leaving CPU to answer agents.
    expect(await run(rememberedEmpty(config))).toBe(slots);
  }, 30_000);

  it('boots remembered servers after a short grace, and one a person restarts at once', async () => {
    const servers = ['waits', 'restarted'].map((id) => ({
      id,
      keepWarm: true,
      transport: { type: 'stdio' as const, ...fixtureStdio(['--name', id]) },
    }));
    const config = ConfigSchema.parse({ ...defaultConfig(dataDir), servers });
    const gateway = new Gateway(config, silentLogger, memoryCache(rememberedEmpty(config)));
    // The order in which the servers first had a process.
    const spawnOrder: string[] = [];
    const watch = setInterval(() => {
      for (const { id } of gateway.processes()) if (!spawnOrder.includes(id)) spawnOrder.push(id);
    }, 2);
    const started = gateway.start();
    try {
      // Within the grace: listed from memory, nothing spawned (timers fire in order of expiry,
      // so this one comes before the grace's end however loaded the machine is).
      await new Promise((resolve) => setTimeout(resolve, BOOT_GRACE_MS / 6));
      expect(gateway.processes()).toEqual([]);
      expect(gateway.status('waits')?.state).toBe('starting');
      await gateway.restartServer('restarted');
      await started;
      expect(gateway.statuses().map((s) => s.state)).toEqual(['ready', 'ready']);
      expect(spawnOrder).toEqual(['restarted', 'waits']);
    } finally {
      clearInterval(watch);
      await gateway.stop();
    }
  }, 30_000);
});

describe('a restart whose tools did not change', () => {
  it('keeps the catalog from memory: no second review, no list change for agents', async () => {
    const memory: Memory = new Map();
    const cache = memoryCache(memory);
    const config = ConfigSchema.parse({
      ...defaultConfig(dataDir),
      servers: [{ id: 'same', transport: { type: 'stdio', ...fixtureStdio() }, keepWarm: true }],
    });
    const first = new Gateway(config, silentLogger, cache);
    await first.start();
    await first.stop();
    expect(memory.get('same')?.lists.tools.length).toBeGreaterThan(0);

    const second = new Gateway(config, silentLogger, cache);
    const changes: number[] = [];
    second.subscribe((event) => {
      if (event.type === 'catalogChanged') changes.push(event.version);
    });
    try {
      await second.start();
      expect(second.status('same')?.state).toBe('ready');
      expect(changes).toHaveLength(1); // listed once, from memory; the fresh lists were the same
    } finally {
      await second.stop();
    }
  });
});

describe('a fallback answer and the response cache', () => {
  it('is never cached under the server that was down, so its recovery is seen at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-fallback-'));
    const store = createFileConfigStore(dir);
    const config = ConfigSchema.parse({
      ...defaultConfig(dir),
      settings: { ...defaultConfig(dir).settings, cacheTtlMs: 60_000 },
      servers: [
        {
          id: 'primary',
          transport: { type: 'stdio', ...fixtureStdio(['--exit-at-start']) },
          fallback: 'backup',
        },
        { id: 'backup', transport: { type: 'stdio', ...fixtureStdio(['--name', 'backup']) } },
      ],
    });
    store.save(config);
    // The primary listed `counted` last time; now it fails at start and the backup answers.
    const counted = {
      name: 'counted',
      description: 'Returns the text with the number of times this tool has run.',
      inputSchema: { type: 'object' as const, properties: { text: { type: 'string' } } },
      annotations: { readOnlyHint: true },
    };
    writeFileSync(
      join(dir, 'catalog-cache.json'),
      JSON.stringify({
        primary: {
          lists: { tools: [counted], resources: [], resourceTemplates: [], prompts: [] },
          listsFingerprint: digestOf(config.servers[0]!.transport),
        },
      }),
    );
    const sb = await openSwitchboard(dir, store);
    const agent = new Client({ name: 'fallback-test', version: '1.0.0' });
    try {
      const key = readFileSync(join(dir, 'admin-key.txt'), 'utf8').trim();
      await agent.connect(
        new StreamableHTTPClientTransport(new URL(sb.endpointUrl), {
          requestInit: { headers: { authorization: `Bearer ${key}` } },
        }),
      );
      const call = async () =>
        JSON.stringify(
          (await agent.callTool({ name: 'primary__counted', arguments: { text: 'fb' } })).content,
        );
      const first = await call();
      expect(first).toContain('fb #');
      expect(await call()).not.toBe(first);
      const entries = await sb.control.queryAudit({ limit: 2 });
      expect(entries.map((e) => [e.answeredBy, e.cacheHit])).toEqual([
        ['backup', false],
        ['backup', false],
      ]);
    } finally {
      await agent.close();
      await sb.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('status events', () => {
  it('publishes a burst of status changes (start-up, a stderr flood) as a few events', async () => {
    const config = ConfigSchema.parse({
      ...defaultConfig(dataDir),
      servers: [
        { id: 'chatty', transport: { type: 'stdio', ...fixtureStdio(['--stderr-flood', '2000']) } },
      ],
    });
    const gateway = new Gateway(config, silentLogger);
    const events: string[] = [];
    gateway.subscribe((event) => {
      if (event.type === 'serverChanged') events.push(event.server.state);
    });
    try {
      await gateway.start();
      await vi.waitFor(
        () => expect(gateway.status('chatty')?.stderrTail.length).toBeGreaterThan(0),
        { timeout: 10_000, interval: 20 },
      );
      // A deliberate window while the server keeps writing to stderr: its lines must not turn
      // into a stream of serverChanged events, which only time passing can show.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(events.at(-1)).toBe('ready');
      expect(events.length).toBeLessThanOrEqual(4);
    } finally {
      await gateway.stop();
    }
  });
});
